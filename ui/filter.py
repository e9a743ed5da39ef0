"""The shared sidebar filter and the page-level choices: one state, mirrored in the URL query string.

The state is the widgets' session_state keys (f_provinsi … f_tahap for the sidebar, one key per page
choice). On every run of every page:
- the URL decides on a session's first run (a cold link) and whenever its filter part differs from what
  the previous run wrote (a link opened in the session); a URL without any filter key in an open session
  is a page switch by the navigation menu, which drops the whole query string: the state decides;
- otherwise the widgets decide (the user changed one);
- the result is written back to the URL, the page's own choices (?tahun=, ?tinjau=, ?tingkat=, ?pemda=)
  included, so the address always reproduces the view.
What a link asks for that the data does not hold is said (ui.page.page_start shows it), then the default.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from pantauzi.core import fmt
from pantauzi.core.filters import KEYS, LEVELS, STAGES, Filter, read_query, to_query
from pantauzi.core.fmt import STAGES as STAGE_LABELS
from ui import data

ALL = ""  # the "Semua ..." option
SIDEBAR_OPTIONS = 2000  # a sidebar level with more choices than this asks for a narrower selection first
LABELS = {"provinsi": "Provinsi", "kabkota": "Kabupaten/Kota", "instansi": "Instansi", "unit": "OPD / Unit kerja"}


def _defaults() -> Filter:
    bounds = data.year_bounds() or (2021, 2026)
    return Filter(tahun_dari=bounds[0], tahun_sampai=bounds[1])


def _query() -> dict[str, str]:
    """The URL's parameters, one value each (a repeated parameter: the last one)."""
    return {k: str(v) for k, v in st.query_params.to_dict().items()}


def _write(key: str, value: str | None) -> None:
    """Set (or with None remove) one URL parameter, and remember what this run left in the URL."""
    left = st.session_state.setdefault("_left", {})
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
        left.pop(key, None)
    else:
        if st.query_params.get(key) != value:
            st.query_params[key] = value
        left[key] = value


def warn(text: str) -> None:
    """A sentence about the link, shown under the page title (ui.page.page_start)."""
    st.session_state.setdefault("_link_warnings", []).append(text)


def link_warnings() -> list[str]:
    return list(st.session_state.get("_link_warnings", []))


def _known(defaults: Filter) -> dict[str, frozenset[str]]:
    """The codes a link may name, built once per data version (ui.data.filter_codes), not per session."""
    v = data.data_version()
    return {
        "provinsi": data.filter_codes("provinsi", defaults, v),
        "kabkota": data.filter_codes("kabkota", Filter(), v),
        "instansi": data.filter_codes("instansi", defaults, v),
        "unit": data.filter_codes("unit", defaults, v),
    }


def _select(kind: str, parent: Filter, from_link: bool) -> str | None:
    key = f"f_{kind}"
    listed, names = data.filter_choices(kind, parent, data.data_version())
    hint = None
    if len(listed) > SIDEBAR_OPTIONS:  # nationally: thousands of units are no list to scroll (nor to send)
        hint = (
            f"{fmt.num(len(listed), 0)} pilihan: pilih provinsi, kabupaten/kota atau instansi dulu, atau cari "
            "unit di halaman Profil OPD."
        )
        chosen = st.session_state.get(key)
        listed = (chosen,) if chosen in names else ()  # a unit from a link stays chosen
    codes = [ALL, *listed]  # ALL, not None: None would show an English placeholder
    name, all_label = LEVELS[kind]
    value = st.session_state.get(key, ALL)
    if value not in codes:  # a parent choice changed (or a link mixed levels): this level resets
        if from_link and value:
            said = fmt.md(f"{kind}={value}")
            warn(f"Tautan memuat {said}, yang tidak termasuk pilihan di atasnya: ditampilkan {all_label}.")
        st.session_state[key] = ALL
    return (
        st.sidebar.selectbox(
            LABELS[kind],
            codes,
            key=key,
            format_func=lambda c: names.get(c, all_label[0].upper() + all_label[1:]),
            help=hint,
        )
        or None
    )


def sidebar(page: Any = None) -> Filter:
    """Draw the shared filter of `page` (the st.Page st.navigation chose) from the one state, then write
    the state to the URL."""
    url = _query()
    ss = st.session_state
    cold = "_written" not in ss
    if cold:  # a rerun before the first drawing may carry an older query: the session's link decides
        url = ss.get("_address", (None, url))[1] or url
        for k, v in url.items():  # the page's own choices of the link too (?tahun=, ?tinjau=, ...)
            if k not in KEYS and k not in st.query_params:
                st.query_params[k] = v
    path = getattr(page, "url_path", "")
    linked = {k: url[k] for k in KEYS if k in url}
    # a URL without filter keys in an open session is a page switch (st.navigation drops the query
    # string) or a rerun the browser sent with an older query (a component's): the state decides
    from_link = cold or (bool(linked) and linked != ss.get("_written"))
    ss["_link_warnings"], ss["_left"], ss["_page"] = [], dict(url), path
    defaults = _defaults()
    lo, hi = defaults.tahun_dari, defaults.tahun_sampai
    if from_link:
        q, said = read_query(url, defaults, _known(defaults))
        for text in said:
            warn(text)
        for kind in LEVELS:
            ss[f"f_{kind}"] = getattr(q, kind) or ALL
        ss["f_tahun"], ss["f_tahap"] = (q.tahun_dari, q.tahun_sampai), q.tahap
    y0, y1 = ss.get("f_tahun", (lo, hi))
    y0, y1 = min(max(int(y0), lo), hi), min(max(int(y1), lo), hi)  # the data's years may have narrowed
    ss["f_tahun"] = (min(y0, y1), max(y0, y1))
    if ss.get("f_tahap") not in STAGES:
        ss["f_tahap"] = defaults.tahap
    st.sidebar.header("Filter")
    prov = _select("provinsi", Filter(), from_link)
    kab = _select("kabkota", Filter(prov), from_link)
    inst = _select("instansi", Filter(prov, kab, None, None, *ss["f_tahun"]), from_link)
    unit = _select("unit", Filter(prov, kab, inst, None, *ss["f_tahun"]), from_link)
    years = st.sidebar.slider("Tahun", lo, hi, key="f_tahun") if lo < hi else (lo, hi)
    tahap = st.sidebar.selectbox("Tahap penilaian", STAGES, key="f_tahap", format_func=STAGE_LABELS.get)
    f = Filter(prov, kab, inst, unit, int(years[0]), int(years[1]), tahap)
    wanted = to_query(f, defaults)
    for k in KEYS:
        _write(k, wanted.get(k))
    ss["_written"], ss["_filter"] = wanted, f
    return f


def current() -> Filter:
    """The filter drawn by dashboard.py in this run."""
    return st.session_state.get("_filter") or sidebar()


def link_query(**extra: str) -> dict[str, str]:
    """The query of a link to another page that keeps this view: its filter and focus year, plus `extra`."""
    left = st.session_state.get("_left", {})
    return {**{k: v for k, v in left.items() if k in KEYS or k == "tahun"}, **extra}


def page_select(
    label: str,
    param: str,
    options: list,
    default: Any = None,
    *,
    key: str | None = None,
    radio: bool = False,
    **kwargs: Any,
) -> Any:
    """A page-level select (or radio) whose value lives in the URL as ?param=: the URL decides when the
    page is first drawn in the session and when a link changed it; otherwise the widget; the choice is
    written back on every run. A link's value the page does not offer is said, then the default."""
    ss = st.session_state
    wkey = key or f"p_{ss.get('_page', '')}_{param}"
    written = ss.setdefault("_page_written", {})
    raw = st.query_params.get(param)
    linked = raw is not None and raw != written.get(param)
    offered = {str(o): o for o in options}
    default = options[0] if default is None or default not in options else default
    if wkey not in ss or linked or ss[wkey] not in options:
        if raw is not None and raw in offered:
            ss[wkey] = offered[raw]
        else:
            if raw is not None and linked:
                st.warning(
                    f"Tautan memuat {fmt.md(f'{param}={raw[:40]}')}: pilihan itu tidak tersedia di halaman ini. "
                    f"Ditampilkan {fmt.md(kwargs.get('format_func', str)(default))}."
                )
            ss[wkey] = default
    widget = st.radio if radio else st.selectbox
    chosen = widget(label, options, key=wkey, **kwargs)
    _write(param, str(chosen))
    written[param] = str(chosen)
    return chosen
