"""Page chrome: title with the demo marker, empty states, links to a unit's profile."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import plotly.graph_objects as go
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


# No plotly mode bar: on a phone it covers the chart's title, and nobody here pans or zooms a chart.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}


def chart(fig: go.Figure, where: Any = None) -> None:
    """A figure across the container's width (pantauzi.charts lay it out for a laptop and a phone). A
    figure that states a minimum width (style.min_width: a heatmap's cells) sits in a container that
    scrolls sideways where the screen is narrower, instead of shrinking its cells unreadably."""
    where = where or st
    wide = (fig.layout.meta or {}).get("min_width") if isinstance(fig.layout.meta, dict) else None
    if not wide:
        where.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG)
        return
    title = fig.layout.title.text or ""
    key = "lebar-" + hashlib.sha1(title.encode()).hexdigest()[:10]  # one per title: stable across reruns
    box = where.container(key=key)
    box.html(
        f"<style>.st-key-{key} {{overflow-x: auto;}} "
        f'.st-key-{key} > [data-testid="stElementContainer"] {{min-width: {int(wide)}px;}}</style>'
    )
    box.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG)


def table(df: pd.DataFrame, first: list[str], **columns: Any) -> None:
    """A display table with the columns that answer the question (`first`) leading, the rest after,
    `columns` their st.column_config (widths, links)."""
    order = [c for c in first if c in df.columns] + [c for c in df.columns if c not in first]
    st.dataframe(df, hide_index=True, width="stretch", column_order=order, column_config=columns)
