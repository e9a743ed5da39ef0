"""The shared sidebar filter and page-level choices, mirrored in the URL query string."""

from __future__ import annotations

import streamlit as st

from pantauzi.core import fmt
from pantauzi.core.filters import KEYS, STAGES, Filter, from_query, to_query
from pantauzi.core.fmt import STAGES as STAGE_LABELS
from ui import data

ALL = ""  # the "Semua ..." option


SIDEBAR_OPTIONS = 2000  # a sidebar level with more choices than this asks for a narrower selection first


def _defaults() -> Filter:
    bounds = data.year_bounds() or (2021, 2026)
    return Filter(tahun_dari=bounds[0], tahun_sampai=bounds[1])


def _select(label: str, kind: str, f: Filter, key: str, all_label: str) -> str | None:
    opts = data.filter_options(kind, f, data.data_version())
    hint = None
    if len(opts) > SIDEBAR_OPTIONS:  # nationally: thousands of units are no list to scroll (nor to send)
        hint = (
            f"{fmt.num(len(opts), 0)} pilihan: pilih provinsi, kabupaten/kota atau instansi dulu, atau cari "
            "unit di halaman Profil OPD."
        )
        opts = opts[opts["code"] == st.session_state.get(key)]  # a unit from a link stays chosen
    codes = [ALL] + list(opts["code"])  # ALL, not None: None would show an English placeholder
    names = dict(zip(opts["code"], opts["name"]))
    if st.session_state.get(key) not in codes:  # a parent choice changed: reset this level
        st.session_state[key] = ALL
    return st.sidebar.selectbox(label, codes, key=key, format_func=lambda c: names.get(c, all_label), help=hint) or None


def _seed_from_url(defaults: Filter) -> None:
    """On a session's first run, the URL decides the widgets; later the widgets keep the choice
    (page switches drop the query string, the keyed widgets do not)."""
    if "f_tahap" in st.session_state:
        return
    v = data.data_version()
    known = {
        "provinsi": data.filter_codes("provinsi", defaults, v),
        "kabkota": data.filter_codes("kabkota", Filter(), v),
        "instansi": data.filter_codes("instansi", defaults, v),
        "unit": data.filter_codes("unit", defaults, v),
    }
    q = from_query(st.query_params.to_dict(), defaults, known)
    for k in ("provinsi", "kabkota", "instansi", "unit"):
        st.session_state[f"f_{k}"] = getattr(q, k) or ALL
    st.session_state["f_tahun"] = (q.tahun_dari, q.tahun_sampai)
    st.session_state["f_tahap"] = q.tahap


def sidebar() -> Filter:
    """Draw the shared filter; the URL query string mirrors it so a link reproduces the view."""
    defaults = _defaults()
    _seed_from_url(defaults)
    st.sidebar.header("Filter")
    lo, hi = defaults.tahun_dari, defaults.tahun_sampai
    y0, y1 = st.session_state["f_tahun"]
    prov = _select("Provinsi", "provinsi", Filter(), "f_provinsi", "Semua provinsi")
    kab = _select("Kabupaten/Kota", "kabkota", Filter(prov), "f_kabkota", "Semua kabupaten/kota")
    inst = _select("Instansi", "instansi", Filter(prov, kab, None, None, y0, y1), "f_instansi", "Semua instansi")
    unit = _select("OPD / Unit kerja", "unit", Filter(prov, kab, inst, None, y0, y1), "f_unit", "Semua OPD / unit")
    years = st.sidebar.slider("Tahun", lo, hi, key="f_tahun") if lo < hi else (lo, hi)
    tahap = st.sidebar.selectbox("Tahap penilaian", STAGES, key="f_tahap", format_func=STAGE_LABELS.get)
    f = Filter(prov, kab, inst, unit, int(years[0]), int(years[1]), tahap)
    wanted = to_query(f, defaults)
    for k in KEYS:
        if k in wanted and st.query_params.get(k) != wanted[k]:
            st.query_params[k] = wanted[k]
        elif k not in wanted and k in st.query_params:
            del st.query_params[k]
    st.session_state["_filter"] = f
    return f


def current() -> Filter:
    """The filter drawn by dashboard.py in this run."""
    return st.session_state.get("_filter") or sidebar()


def page_param(key: str, options: list, default):
    """A page-level choice remembered in the URL (e.g. ?tahun=2024)."""
    raw = st.query_params.get(key)
    for o in options:
        if str(o) == raw:
            return o
    return default


def set_page_param(key: str, value) -> None:
    if st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)
