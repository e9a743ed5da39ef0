"""Streamlit glue: the cached connection, cached queries keyed by filter, sidebar filter <-> URL."""
from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from pantauzi import config, db, queries
from pantauzi.filters import KEYS, STAGES, Filter, from_query, to_query
from pantauzi.fmt import STAGES as STAGE_LABELS


@st.cache_resource
def _db() -> duckdb.DuckDBPyConnection:
    return db.connect(config.db_path())


def _run(fn, *args):
    with _db().cursor() as cur:  # a cursor per call: thread-safe
        return fn(cur, *args)


def data_version() -> int:
    return _run(queries.data_version)


@st.cache_data(max_entries=256)
def unit_totals(f: Filter, version: int) -> pd.DataFrame:
    return _run(queries.unit_totals, f)


@st.cache_data(max_entries=256)
def area_scores(f: Filter, version: int) -> pd.DataFrame:
    return _run(queries.area_scores, f)


@st.cache_data(max_entries=256)
def movers(f: Filter, year: int, version: int) -> pd.DataFrame:
    return _run(queries.movers, f, year)


@st.cache_data(max_entries=256)
def stage_comparison(f: Filter, version: int) -> pd.DataFrame:
    return _run(queries.stage_comparison, f)


@st.cache_data(max_entries=256)
def failed_criteria(submission_id: int, version: int) -> pd.DataFrame:
    return _run(queries.failed_criteria, submission_id)


@st.cache_data(max_entries=256)
def weakest_subareas(submission_id: int, version: int) -> pd.DataFrame:
    return _run(queries.weakest_subareas, submission_id)


@st.cache_data(max_entries=64)
def _options(kind: str, f: Filter, version: int) -> pd.DataFrame:
    if kind == "provinsi":
        return _run(queries.provinsi_options)
    if kind == "kabkota":
        return _run(queries.kabkota_options, f.provinsi)
    return _run(queries.instansi_options if kind == "instansi" else queries.unit_options, f)


def current_role() -> str:
    """Without login the app is a read-only viewer (login arrives with the upload page)."""
    return "viewer"


def _defaults() -> Filter:
    bounds = _run(queries.year_bounds) or (2021, 2026)
    return Filter(tahun_dari=bounds[0], tahun_sampai=bounds[1])


def _select(label: str, kind: str, f: Filter, current: str | None, all_label: str) -> str | None:
    opts = _options(kind, f, data_version())
    codes = [None] + list(opts["code"])
    names = dict(zip(opts["code"], opts["name"]))
    index = codes.index(current) if current in codes else 0
    return st.sidebar.selectbox(label, codes, index=index, format_func=lambda c: names.get(c, all_label))


def sidebar_filter() -> Filter:
    """Draw the shared filter; the URL query string is its memory (cold deep links reproduce it)."""
    defaults = _defaults()
    v = data_version()
    known = {k: set(_options(k, defaults, v)["code"]) for k in ("provinsi",)}
    known["kabkota"] = set(_run(queries.kabkota_options, None)["code"])
    known["instansi"] = set(_options("instansi", defaults, v)["code"])
    known["unit"] = set(_options("unit", defaults, v)["code"])
    q = from_query(st.query_params.to_dict(), defaults, known)
    st.sidebar.header("Filter")
    prov = _select("Provinsi", "provinsi", q, q.provinsi, "Semua provinsi")
    kab = _select("Kabupaten/Kota", "kabkota", Filter(prov), q.kabkota, "Semua kabupaten/kota")
    inst = _select("Instansi", "instansi", Filter(prov, kab, None, None, q.tahun_dari, q.tahun_sampai),
                   q.instansi, "Semua instansi")
    unit = _select("OPD / Unit kerja", "unit", Filter(prov, kab, inst, None, q.tahun_dari, q.tahun_sampai),
                   q.unit, "Semua OPD / unit")
    lo, hi = defaults.tahun_dari, defaults.tahun_sampai
    years = st.sidebar.slider("Tahun", lo, hi, (q.tahun_dari, q.tahun_sampai)) if lo < hi else (lo, hi)
    tahap = st.sidebar.selectbox("Tahap penilaian", STAGES, index=STAGES.index(q.tahap),
                                 format_func=STAGE_LABELS.get)
    f = Filter(prov, kab, inst, unit, int(years[0]), int(years[1]), tahap)
    wanted = to_query(f, defaults)
    for k in KEYS:
        if k in wanted and st.query_params.get(k) != wanted[k]:
            st.query_params[k] = wanted[k]
        elif k not in wanted and k in st.query_params:
            del st.query_params[k]
    st.session_state["_filter"] = f
    return f


def current_filter() -> Filter:
    """The filter drawn by dashboard.py in this run."""
    return st.session_state.get("_filter") or sidebar_filter()


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


def demo_banner() -> None:
    if _run(queries.has_demo_data):
        st.caption("🧪 **Data contoh** — unit, jawaban dan nilai di sini sintetis untuk peragaan.")


def empty_state(text: str = "Belum ada data untuk pilihan ini.") -> None:
    st.info(text)
