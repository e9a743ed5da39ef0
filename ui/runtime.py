"""The server process's own housekeeping, started by the first page run (once per process)."""

from __future__ import annotations

import streamlit as st

from pantauzi import memory


def session_count() -> int:
    """Streamlit's sessions, connected or closed but not yet dropped (server.disconnectedSessionTTL).
    Streamlit has no public count: its runtime's session manager is asked; -1 when it cannot be."""
    try:
        from streamlit.runtime import Runtime

        return int(Runtime.instance()._session_mgr.num_sessions())
    except Exception:  # an unknown Streamlit: no count, so the trimmer never trims
        return -1


@st.cache_resource(show_spinner=False)
def memory_trimmer() -> memory.Trimmer:
    """pantauzi.memory.Trimmer: memory handed back to the system when sessions have been dropped."""
    return memory.Trimmer(session_count, memory.interval_seconds()).start()
