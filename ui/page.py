"""Page chrome: title with the demo marker, empty states, links to a unit's profile."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pantauzi.core.filters import Filter
from ui import data, figures, filter


def _address_path() -> str | None:
    """The page path of the address the browser shows (st.context.url names the page drawn instead)."""
    try:
        from streamlit.runtime.context import _context_info_field

        raw = _context_info_field("url")
    except Exception:  # no browser (AppTest) or another Streamlit
        return None
    return urlsplit(raw).path.strip("/").rsplit("/", 1)[-1] if isinstance(raw, str) else None


def remember_address() -> None:
    """Keep the address of the session's first run (page path and query): the session's link. A rerun
    sent before the session drew its first page may name the default page and an older query."""
    if "_address" not in st.session_state:
        query = {k: str(v) for k, v in st.query_params.to_dict().items()}
        st.session_state["_address"] = (_address_path(), query)


def keep_address(page: Any, pages: Mapping[str, Sequence[Any]]) -> None:
    """Draw the page the browser's address names when Streamlit chose the default page without the user
    asking: a rerun sent by a component (the sign-in cookie reader) before the browser learnt the
    session's page names the default page, so a typed or linked /ombudsman showed Ringkasan. No user
    asked for it when the session has drawn no page yet (a page switch needs a drawn page) or the query
    string is exactly the one the previous run left (the navigation menu drops the query string)."""
    if page.url_path != "":
        return
    url = {k: str(v) for k, v in st.query_params.to_dict().items()}
    first_path, first_query = st.session_state.get("_address", (None, {}))
    if "_written" not in st.session_state:  # nothing drawn yet: the session's link decides
        wanted, url = first_path, first_query
    elif url and url == st.session_state.get("_left"):
        wanted = _address_path()
    else:
        return
    target = next((p for group in pages.values() for p in group if wanted and p.url_path == wanted), None)
    if target is not None:
        st.switch_page(target, query_params=url)


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


def rincian_link(unit: str, year: int | None = None, label: str = "Rincian Jawaban per pertanyaan") -> None:
    """A link to one unit's Rincian Jawaban page (?tinjau=UNIT&tahun=YYYY), keeping the sidebar filter."""
    wanted = {"tinjau": unit} if year is None else {"tinjau": unit, "tahun": str(year)}
    st.page_link(
        "app_pages/rincian_jawaban.py",
        label=label,
        icon=":material/checklist:",
        query_params=filter.link_query(**wanted),
    )


# No plotly mode bar: on a phone it covers the chart's title, and nobody here pans or zooms a chart.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}


def chart(fig: go.Figure, where: Any = None) -> None:
    """A figure across the container's width (pantauzi.charts lay it out for a laptop and a phone). A
    figure that states a minimum width (style.min_width: a heatmap's cells) sits in a container that
    scrolls sideways where the screen is narrower, instead of shrinking its cells unreadably. `fig` may
    be a cached figure (ui.figures.BuiltFigure): its layout is read from its dictionary."""
    where = where or st
    layout = fig.to_dict().get("layout", {}) if isinstance(fig, figures.BuiltFigure) else fig.layout.to_plotly_json()
    meta = layout.get("meta")
    wide = meta.get("min_width") if isinstance(meta, dict) else None
    if not wide:
        where.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG)
        return
    title = (layout.get("title") or {}).get("text") or ""
    key = "lebar-" + hashlib.sha1(title.encode()).hexdigest()[:10]  # one per title: stable across reruns
    box = where.container(key=key)
    box.html(
        f"<style>.st-key-{key} {{overflow-x: auto;}} "
        f'.st-key-{key} > [data-testid="stElementContainer"] {{min-width: {int(wide)}px;}}</style>'
    )
    box.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG)


def plot(build: Callable[..., go.Figure], *args: Any, where: Any = None, **kwargs: Any) -> None:
    """`chart(build(*args, **kwargs))`, the figure built once per chart function and data and shared by the
    sessions (ui.figures.cached): a warm view rebuilds and revalidates no figure."""
    chart(figures.cached(build, *args, **kwargs), where)


def table(df: pd.DataFrame, first: list[str], **columns: Any) -> None:
    """A display table with the columns that answer the question (`first`) leading, the rest after,
    `columns` their st.column_config (widths, links)."""
    order = [c for c in first if c in df.columns] + [c for c in df.columns if c not in first]
    st.dataframe(df, hide_index=True, width="stretch", column_order=order, column_config=columns)
