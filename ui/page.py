"""Page chrome: title with the demo marker, empty states, links to a unit's profile."""

from __future__ import annotations

import streamlit as st

from pantauzi.core.filters import KEYS, Filter
from ui import data, filter


def page_start(title: str) -> tuple[Filter, int]:
    """Title, the demo marker, and the shared filter with the data version (the cache key)."""
    st.title(title)
    demo_banner()
    return filter.current(), data.data_version()


def demo_banner() -> None:
    if data.has_demo_data():
        st.caption("**Data contoh** — unit, jawaban dan nilai di sini sintetis untuk peragaan.")


def empty_state(text: str = "Belum ada data untuk pilihan ini.") -> None:
    st.info(text)


def profile_link(unit: str, label: str = "Buka Profil OPD (LKE, Ombudsman, MCP)") -> None:
    """A link to one unit's Profil OPD page, keeping the sidebar filter in the URL."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k in KEYS}
    st.page_link(
        "app_pages/profil_opd.py", label=label, icon=":material/person_search:", query_params={**params, "tinjau": unit}
    )


def rincian_link(unit: str, year: int | None = None, label: str = "Rincian Jawaban per pertanyaan") -> None:
    """A link to one unit's Rincian Jawaban page (?tinjau=UNIT&tahun=YYYY), keeping the sidebar filter."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k in KEYS}
    wanted = {"tinjau": unit} if year is None else {"tinjau": unit, "tahun": str(year)}
    st.page_link(
        "app_pages/rincian_jawaban.py", label=label, icon=":material/checklist:", query_params={**params, **wanted}
    )
