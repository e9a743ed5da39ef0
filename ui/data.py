"""The process's store (db.Store) and the cached reads the pages draw from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pantauzi.core import config
from pantauzi.core.filters import Filter
from pantauzi.store import db, lke_queries, lookups, rating_queries

SEARCH_LIMIT = 50  # units offered by a unit picker at once (the rest through its search box)


@st.cache_resource
def _store(target: str) -> db.Store:
    return db.Store(target)


def store() -> db.Store:
    """One store per process and target. PostgreSQL: a connection held for the process. DuckDB file:
    opened only while a query runs (shared by the threads querying at that moment), so that
    `loaders ingest-dir` or `reports rekap` can take the file between two page reads; a file held by
    another process is waited for up to PANTAUZI_DB_WAIT_SECONDS, then db.DatabaseBusy (Indonesian)."""
    return _store(config.database())


def run(fn, *args):
    with store().use() as cur:  # a cursor per call: thread-safe
        return fn(cur, *args)


def data_version() -> int:
    """Read again only when the store changed (a DuckDB file: its size/mtime on disk)."""
    return store().version(lookups.data_version)


@st.cache_data(max_entries=256)
def unit_totals(f: Filter, version: int) -> pd.DataFrame:
    return run(lke_queries.unit_totals, f)


@st.cache_data(max_entries=256)
def area_scores(f: Filter, version: int) -> pd.DataFrame:
    return run(lke_queries.area_scores, f)


@st.cache_data(max_entries=256)
def movers(f: Filter, year: int, version: int, limit: int | None = None) -> pd.DataFrame:
    return run(lke_queries.movers, f, year, limit)


@st.cache_data(max_entries=256)
def year_summary(f: Filter, version: int) -> pd.DataFrame:
    return run(lke_queries.year_summary, f)


@st.cache_data(max_entries=256)
def group_totals(f: Filter, year: int, level: str, version: int) -> pd.DataFrame:
    return run(lke_queries.group_totals, f, year, level)


@st.cache_data(max_entries=256)
def area_by_group(f: Filter, year: int, level: str, version: int) -> pd.DataFrame:
    return run(lke_queries.area_by_group, f, year, level)


@st.cache_data(max_entries=256)
def unit_search(f: Filter, year: int, text: str | None, order: str, version: int) -> pd.DataFrame:
    return run(lke_queries.unit_search, f, year, text, order, SEARCH_LIMIT)


@st.cache_data(max_entries=256)
def stage_comparison(f: Filter, version: int) -> pd.DataFrame:
    return run(lke_queries.stage_comparison, f)


@st.cache_data(max_entries=256)
def failed_criteria(submission_id: int, version: int) -> pd.DataFrame:
    return run(lke_queries.failed_criteria, submission_id)


@st.cache_data(max_entries=256)
def weakest_subareas(submission_id: int, version: int) -> pd.DataFrame:
    return run(lke_queries.weakest_subareas, submission_id)


@st.cache_data(max_entries=256)
def unit_milestones(unit: str, version: int) -> pd.DataFrame:
    return run(lke_queries.unit_milestones, unit)


@st.cache_data(max_entries=64)
def _options(kind: str, f: Filter, version: int) -> pd.DataFrame:
    if kind == "provinsi":
        return run(lookups.provinsi_options)
    if kind == "kabkota":
        return run(lookups.kabkota_options, f.provinsi)
    return run(lookups.instansi_options if kind == "instansi" else lookups.unit_options, f)


def write(fn, *args):
    """Run a write (save / restore) on a cursor of its own; the new data version refreshes caches."""
    with store().use(write=True) as cur:
        return fn(cur, *args)


def read(fn, *args):
    """An uncached read through a fresh cursor (version lists, stored files)."""
    return run(fn, *args)


@st.cache_data(max_entries=256)
def unit_lookup(f: Filter, text: str | None, keep: str | None, version: int) -> pd.DataFrame:
    return run(lookups.unit_lookup, f, text, keep, SEARCH_LIMIT)


@st.cache_data(max_entries=256)
def ombudsman_ratings(f: Filter, version: int, level: str | None = None, year: int | None = None) -> pd.DataFrame:
    return run(rating_queries.ombudsman_ratings, f, level, year)


@st.cache_data(max_entries=128)
def ombudsman_summary(f: Filter, version: int) -> pd.DataFrame:
    return run(rating_queries.ombudsman_summary, f)


@st.cache_data(max_entries=256)
def mcp_scores(
    f: Filter, version: int, year: int | None = None, area: str | None = None, region: str | None = None
) -> pd.DataFrame:
    return run(rating_queries.mcp_scores, f, year, area, region)


@st.cache_data(max_entries=128)
def mcp_summary(f: Filter, version: int) -> pd.DataFrame:
    return run(rating_queries.mcp_summary, f)


@st.cache_data(max_entries=64)
def ombudsman_by_provinsi(f: Filter, level: str, version: int) -> pd.DataFrame:
    return run(rating_queries.ombudsman_by_provinsi, f, level)


@st.cache_data(max_entries=64)
def mcp_by_provinsi(f: Filter, year: int, version: int) -> pd.DataFrame:
    return run(rating_queries.mcp_by_provinsi, f, year)


@st.cache_data(max_entries=16)
def mcp_owners(version: int) -> pd.DataFrame:
    return run(rating_queries.mcp_owners)


@st.cache_data(max_entries=256)
def pemda_units(region: str, version: int) -> list[str]:
    return run(rating_queries.pemda_units, region)


@st.cache_data(max_entries=256)
def unit_profile(unit: str, version: int) -> pd.DataFrame:
    return run(rating_queries.unit_profile, unit)


@st.cache_data(max_entries=128)
def three_signals(f: Filter, year: int, version: int) -> pd.DataFrame:
    """LKE, Ombudsman and MCP per unit of the selection for one year (see pantauzi.signals)."""
    from pantauzi.core import signals

    totals = unit_totals(f, version)
    regions_of = dict(zip(totals["unit"], totals["region_code"]))
    vertical = set(totals.loc[~totals["instansi_kind"].isin(signals.PEMDA_KINDS), "unit"])
    return signals.three_signals(
        totals,
        ombudsman_ratings(f, version),
        mcp_scores(f, version),
        mcp_owners(version),
        {r: pemda_units(r, version) for r in set(regions_of.values())},
        regions_of,
        year,
        vertical,
    )
