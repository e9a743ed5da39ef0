"""Upload previews, scored once per session and forgotten when the file leaves the uploader."""

from __future__ import annotations

import streamlit as st


def upload_preview(content: bytes, file_name: str):
    """Score an uploaded file once per session (Streamlit reruns the page on every click)."""
    import hashlib

    from loaders import upload

    key = (hashlib.sha256(content).hexdigest(), file_name)
    cache = st.session_state.setdefault("_previews", {})
    if key not in cache:
        cache[key] = upload.preview(content, file_name)
    return cache[key]


def forget_previews(keep: set[tuple[str, str]]) -> None:
    """Drop previews (and their temporary copies) of files no longer in the uploader."""
    cache = st.session_state.get("_previews", {})
    for key in [k for k in cache if k not in keep]:
        cache.pop(key).path.unlink(missing_ok=True)
