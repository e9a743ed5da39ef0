"""Page chrome: title with the demo marker, empty states, links to a unit's profile."""

from __future__ import annotations

import streamlit as st

from pantauzi.core.filters import Filter
from ui import data, filter


def page_start(title: str) -> tuple[Filter, int]:
    """Title, the demo marker, and the shared filter with the data version (the cache key)."""
    st.title(title)
    demo_banner()
    f = filter.current()
    for text in filter.link_warnings():  # what a link asked for that the data does not hold
        st.warning(text)
    return f, data.data_version()


def demo_banner() -> None:
    if data.has_demo_data():
        st.caption("**Data contoh** — unit, jawaban dan nilai di sini sintetis untuk peragaan.")


def empty_state(text: str = "Belum ada data untuk pilihan ini.") -> None:
    st.info(text)


def profile_link(unit: str, label: str = "Buka Profil OPD (LKE, Ombudsman, MCP)") -> None:
    """A link to one unit's Profil OPD page, keeping the sidebar filter in the URL."""
    st.page_link(
        "app_pages/profil_opd.py",
        label=label,
        icon=":material/person_search:",
        query_params=filter.link_query(tinjau=unit),
    )
