"""Upload previews, scored once per session and forgotten when the file leaves the uploader.

Each session keeps its copies in a private temporary folder of its own (mode 700): one session removing
a file never takes another session's copy away. Streamlit has no session-end hook, so every new preview
also removes the folders of sessions idle longer than `config.upload_max_age()`, and a session's own
folder goes when its last preview is forgotten.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from pantauzi import pagedata
from pantauzi.core import config, fmt, vocab

if TYPE_CHECKING:  # loaders.upload is imported on the upload page only
    from loaders.upload import Preview

FOLDER_KEY = "_upload_folder"


def _session_folder() -> Path:
    """This session's private folder, made anew if it was never made or has been swept meanwhile."""
    from loaders import upload

    folder = st.session_state.get(FOLDER_KEY)
    if folder is None or not Path(folder).is_dir():
        folder = upload.private_folder()
        st.session_state[FOLDER_KEY] = folder
    upload.touch(folder)
    return Path(folder)


def upload_preview(content: bytes, file_name: str) -> Preview:
    """Score an uploaded file once per session (Streamlit reruns the page on every click); score it
    again if its temporary copy has vanished, so Simpan never meets a missing file."""
    import hashlib

    from loaders import upload

    key = (hashlib.sha256(content).hexdigest(), file_name)
    cache = st.session_state.setdefault("_previews", {})
    p = cache.get(key)
    if p is None or not p.path.is_file():
        folder = _session_folder()
        upload.sweep_folders(config.upload_max_age(), keep=[folder])
        cache[key] = upload.preview(content, file_name, folder)
    else:
        upload.touch(p.path.parent)
    return cache[key]


def forget_previews(keep: set[tuple[str, str]]) -> None:
    """Drop previews (and their temporary copies) of files no longer in the uploader; the session's folder
    with the last one."""
    from loaders import upload

    cache = st.session_state.get("_previews", {})
    for key in [k for k in cache if k not in keep]:
        cache.pop(key).path.unlink(missing_ok=True)
    folder = st.session_state.get(FOLDER_KEY)
    if not cache and folder is not None:
        upload.remove_folder(Path(folder))
        del st.session_state[FOLDER_KEY]


def show_preview(p: Preview) -> None:
    """What a workbook would store: totals, areas, differences from its own figures, warnings."""
    from loaders import upload

    layout = vocab.LAYOUT_LABELS[p.layout] if p.layout else "-"
    st.caption(f"Format terdeteksi: {layout}")
    for res in p.results:
        s = res.score
        cols = st.columns(5)
        st.caption(f"Tahap dalam berkas: {vocab.STAGE_LABELS[res.stage]}")
        cols[0].metric("Nilai total", fmt.num(s.total))
        cols[1].metric("Pengungkit", fmt.num(s.pengungkit))
        cols[2].metric("Hasil", fmt.num(s.hasil))
        cols[3].metric("Nilai di workbook", fmt.num(res.workbook_total))
        cols[4].metric("Pertanyaan terjawab", f"{s.answered}/{s.answered + s.unanswered}")
        if s.incomplete:
            st.warning("Pengajuan belum lengkap: ada sub-area tanpa jawaban (dinilai 0).")
        st.dataframe(pagedata.score_areas(s, res.methodology), hide_index=True, width="stretch")
        if res.differences:
            st.markdown(
                f"**{len(res.differences)} selisih** antara nilai di workbook dan nilai menurut aturan "
                "(yang disimpan: menurut aturan):"
            )
            st.dataframe(upload.difference_table(res), hide_index=True, width="stretch")
    warnings = [w for res in p.results[:1] for w in res.warnings]
    if warnings:
        st.markdown(f"**{len(warnings)} peringatan** (tidak menghalangi penyimpanan):")
        st.dataframe(upload.problem_table(warnings), hide_index=True, width="stretch")


RESTORE_KEY = "_pulihkan_versi"  # the version waiting for "Ya, pulihkan"
RESTORED_KEY = "_versi_dipulihkan"  # the success message, shown after the rerun that redraws the history


def restore_controls(place, user, pick: int, current: bool) -> None:
    """Pulihkan: press, confirm, then the success message (who, when, in the agency's zone) and the
    restore in the history table (imports, status 'restored')."""
    from loaders import upload
    from pantauzi.core import localtime
    from pantauzi.store.signin import utcnow
    from ui import data

    if current:
        return
    if place.button("Pulihkan versi ini", key="pulihkan"):
        st.session_state[RESTORE_KEY] = pick
    if st.session_state.get(RESTORE_KEY) != pick:
        return
    with st.container(border=True):
        st.warning(
            f"Pulihkan versi #{pick} sebagai versi yang berlaku? Nilai di semua grafik mengikuti versi ini; versi "
            "yang berlaku sekarang tetap tersimpan di riwayat dan dapat dipulihkan lagi."
        )
        yes, no, _ = st.columns([1, 1, 3])
        if yes.button("Ya, pulihkan", key="pulihkan_ya", type="primary"):
            del st.session_state[RESTORE_KEY]
            try:
                data.restore(user, pick)
            except upload.WorkbookRejected as exc:
                st.error(fmt.md(exc.render()))
                return
            when = localtime.Clock().stamp(utcnow())
            st.session_state[RESTORED_KEY] = (
                f"Versi #{pick} dipulihkan sebagai versi yang berlaku oleh {user.username or 'tamu'} pada {when}."
            )
            st.rerun()
        if no.button("Batal", key="pulihkan_batal"):
            del st.session_state[RESTORE_KEY]
            st.rerun()


def restored_message() -> None:
    message = st.session_state.pop(RESTORED_KEY, None)
    if message:
        st.success(fmt.md(message))
