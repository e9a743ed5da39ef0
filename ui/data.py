"""The process's store (db.Store) and the cached page data the pages draw from: one wrapper per
pantauzi.pagedata function, keyed by its arguments and the data version."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import streamlit as st

from pantauzi import pagedata
from pantauzi.core import access, config
from pantauzi.core.filters import Filter
from pantauzi.core.vocab import Predicate
from pantauzi.store import db, lookups, submissions

if TYPE_CHECKING:  # the upload machinery is imported by the upload page only
    from loaders.ingest import IngestOutcome
    from loaders.milestones import Outcome as MilestoneOutcome
    from loaders.upload import Preview
    from pantauzi.core.milestones import Milestone

SEARCH_LIMIT = pagedata.SEARCH_LIMIT


@st.cache_resource
def _store(target: str) -> db.Store:
    return db.Store(target)


def store() -> db.Store:
    """One store per process and target. PostgreSQL: a connection held for the process. DuckDB file:
    opened only while a query runs (shared by the threads querying at that moment), so that
    `loaders ingest-dir` or `reports rekap` can take the file between two page reads; a file held by
    another process is waited for up to PANTAUZI_DB_WAIT_SECONDS, then db.DatabaseBusy (Indonesian)."""
    return _store(config.database())


def _cursor() -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    return store().use()  # a cursor per call: thread-safe


def _writer() -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    return store().use(write=True)


# ---------------------------------------------------------------- uncached: small, or must be fresh
def data_version() -> int:
    """Read again only when the store changed (a DuckDB file: its size/mtime on disk)."""
    return store().version(lookups.data_version)


def year_bounds() -> tuple[int, int] | None:
    """Every page run asks (the sidebar's slider): cached per data version, so that a page whose reads
    are all cached opens no database file."""
    return _year_bounds(data_version())


def has_demo_data() -> bool:
    return _has_demo_data(data_version())


@st.cache_resource(max_entries=4)  # immutable values: no copy per read
def _year_bounds(version: int) -> tuple[int, int] | None:
    with _cursor() as cur:
        return lookups.year_bounds(cur)


@st.cache_resource(max_entries=4)
def _has_demo_data(version: int) -> bool:
    with _cursor() as cur:
        return lookups.has_demo_data(cur)


def allowed_units(user: access.User) -> pd.DataFrame:
    """The units `user` may upload for."""
    from loaders import upload

    with _cursor() as cur:
        return upload.allowed_units(cur, user)


def versions(unit: str, year: int, stage: str) -> pagedata.VersionsView:
    with _cursor() as cur:
        return pagedata.versions(cur, unit, year, stage)


def stored_file(submission_id: int) -> tuple[str, bytes] | None:
    with _cursor() as cur:
        return submissions.stored_file(cur, submission_id)


def save(user: access.User, p: Preview, unit: str, year: int, stage: str | None) -> list[IngestOutcome]:
    """Store a previewed upload; the new data version refreshes the caches."""
    from loaders import upload

    with _writer() as cur:
        return upload.save(cur, user, p, unit, year, stage)


def restore(user: access.User, submission_id: int) -> int:
    from loaders import upload

    with _writer() as cur:
        return upload.restore(cur, user, submission_id)


def rekap_workbook(f: Filter) -> bytes:
    """The Excel recap of filter `f` (reports.rekap)."""
    from reports import rekap

    with _cursor() as cur:
        return rekap.build(cur, f)


def export_data(f: Filter, level: str, fmt: str) -> tuple[bytes, int]:
    """The selection's rows of one level as CSV or Parquet (pantauzi.exports); raises exports.TooLarge."""
    from pantauzi import exports

    with _cursor() as cur:
        return exports.build(cur, f, level, fmt)


@st.cache_data(max_entries=64, show_spinner=False)
def export_rows(f: Filter, level: str, version: int) -> int:
    """How many rows the selection's export of `level` holds (the file itself is made on request)."""
    with _cursor() as cur:
        return pagedata.export_rows(cur, f, level)


def laporan_pdf(unit: str, year: int) -> bytes:
    """The PDF Laporan ZI of one unit and year (reports.laporan); raises laporan.ReportError."""
    from reports import laporan

    with _cursor() as cur:
        return laporan.build(cur, unit, year)


def wilayah_pdf(f: Filter, year: int) -> bytes:
    """The one-page Ringkasan ZI of the selection's region and year (reports.wilayah); raises
    wilayah.RegionError."""
    from reports import wilayah

    with _cursor() as cur:
        return wilayah.build_selection(cur, f, year)


def save_milestones(
    user: access.User, rows: list[Milestone], removed: list[tuple[str, str, int]], label: str
) -> MilestoneOutcome:
    """Record ZI milestones (admins only; loaders.milestones validates and recomputes readiness)."""
    from loaders import milestones

    with _writer() as cur:
        return milestones.save_for(cur, user, rows, removed, label)


def save_milestone_file(user: access.User, content: bytes, file_name: str) -> MilestoneOutcome:
    """Record the milestones of an uploaded template (admins only)."""
    from loaders import milestones

    with _writer() as cur:
        return milestones.ingest_upload(cur, user, content, file_name)


def unknown_codes(regions: list[str], instansi: list[str]) -> pd.DataFrame:
    """Codes a user form names that the database does not know, with the valid ones (empty: all known)."""
    with _cursor() as cur:
        return pagedata.unknown_codes(cur, regions, instansi)


def login_audit() -> pagedata.LoginAuditView:
    with _cursor() as cur:
        return pagedata.login_audit(cur)


def people(path: Path) -> pagedata.PeopleView:
    """The users of the credentials file, their regions and instansi by name."""
    with _cursor() as cur:
        return pagedata.people(access.load(path) or {"credentials": {"usernames": {}}}, cur)


def user_changes() -> pagedata.UserChangesView:
    with _cursor() as cur:
        return pagedata.user_changes(cur)


# ---------------------------------------------------------------- cached page data
@st.cache_data(max_entries=64)
def filter_options(kind: str, scope: Filter, version: int) -> pd.DataFrame:
    """One sidebar level's choices; `scope` is pagedata.options_scope(kind, f), the levels above it only
    (not the years: a new year range asks no query), as filter_choices and filter_codes pass it."""
    with _cursor() as cur:
        return pagedata.filter_options(cur, kind, scope)


def filter_codes(kind: str, f: Filter, version: int) -> frozenset[str]:
    """The codes of `filter_options` as a set, built once (a link's codes are checked against every
    unit nationally on each new session: 25 000 codes)."""
    return _filter_codes(kind, pagedata.options_scope(kind, f), version)


def filter_choices(kind: str, f: Filter, version: int) -> tuple[tuple[str, ...], dict[str, str]]:
    """`filter_options` as the sidebar's select needs them: the codes in order and code -> name, built
    once per scope and data version and shared by the sessions (read-only)."""
    return _filter_choices(kind, pagedata.options_scope(kind, f), version)


@st.cache_resource(max_entries=64)
def _filter_choices(kind: str, scope: Filter, version: int) -> tuple[tuple[str, ...], dict[str, str]]:
    opts = filter_options(kind, scope, version)
    codes = tuple(str(c) for c in opts["code"])
    return codes, dict(zip(codes, (str(n) for n in opts["name"])))


@st.cache_resource(max_entries=64)
def _filter_codes(kind: str, scope: Filter, version: int) -> frozenset[str]:
    return frozenset(_filter_choices(kind, scope, version)[0])


@st.cache_data(max_entries=256)
def lke_years(f: Filter, version: int) -> pagedata.LkeYears:
    with _cursor() as cur:
        return pagedata.lke_years(cur, f)


@st.cache_data(max_entries=256)
def unit_choices(f: Filter, year: int, text: str | None, order: str, version: int) -> pagedata.UnitChoices:
    with _cursor() as cur:
        return pagedata.unit_choices(cur, f, year, text, order)


@st.cache_data(max_entries=256)
def unit_lookup(f: Filter, text: str | None, keep: str | None, version: int) -> pagedata.UnitLookup:
    with _cursor() as cur:
        return pagedata.unit_lookup(cur, f, text, keep)


@st.cache_data(max_entries=256)
def ringkasan_overview(f: Filter, year: int, level: str, version: int) -> pagedata.RingkasanOverview:
    with _cursor() as cur:
        return pagedata.ringkasan_overview(cur, f, year, level)


@st.cache_data(max_entries=256)
def movers(f: Filter, year: int, version: int) -> pagedata.MoversView:
    with _cursor() as cur:
        return pagedata.movers(cur, f, year)


@st.cache_data(max_entries=256)
def unit_review(f: Filter, unit: str, year: int, version: int) -> pagedata.UnitReview:
    with _cursor() as cur:
        return pagedata.unit_review(cur, f, unit, year)


@st.cache_data(max_entries=128)
def three_signals(f: Filter, year: int, version: int) -> pagedata.ThreeSignalsView:
    with _cursor() as cur:
        return pagedata.three_signals(cur, f, year)


@st.cache_data(max_entries=256)
def area_overview(f: Filter, year: int, level: str, version: int) -> pagedata.AreaOverview:
    with _cursor() as cur:
        return pagedata.area_overview(cur, f, year, level)


@st.cache_data(max_entries=256)
def unit_areas(f: Filter, unit: str, year: int, level: str, version: int) -> pagedata.UnitAreas:
    with _cursor() as cur:
        return pagedata.unit_areas(cur, f, unit, year, level)


@st.cache_data(max_entries=128)
def ombudsman_summary(f: Filter, version: int) -> pagedata.OmbudsmanSummary:
    with _cursor() as cur:
        return pagedata.ombudsman_summary(cur, f)


@st.cache_data(max_entries=256)
def ombudsman_view(f: Filter, level: str, year: int, entities: int, version: int) -> pagedata.OmbudsmanView:
    with _cursor() as cur:
        return pagedata.ombudsman_view(cur, f, level, year, entities)


@st.cache_data(max_entries=128)
def mcp_years(f: Filter, version: int) -> pagedata.McpYears:
    with _cursor() as cur:
        return pagedata.mcp_years(cur, f)


@st.cache_data(max_entries=256)
def mcp_year(f: Filter, year: int, pemda: int, version: int) -> pagedata.McpYear:
    with _cursor() as cur:
        return pagedata.mcp_year(cur, f, year, pemda)


@st.cache_data(max_entries=256)
def mcp_trend(f: Filter, region: str, version: int) -> pagedata.McpTrend:
    with _cursor() as cur:
        return pagedata.mcp_trend(cur, f, region)


@st.cache_data(max_entries=64)
def milestones(f: Filter, version: int) -> pagedata.MilestonesView:
    with _cursor() as cur:
        return pagedata.milestones(cur, f)


@st.cache_data(max_entries=256)
def profile(f: Filter, unit: str, version: int) -> pagedata.ProfileView:
    with _cursor() as cur:
        return pagedata.profile(cur, f, unit)


@st.cache_data(max_entries=128, show_spinner="Menghitung rencana…")
def simulasi(unit: str, year: int, target: Predicate, version: int) -> pagedata.SimulasiView:
    with _cursor() as cur:
        return pagedata.simulasi(cur, unit, year, target)


def simulasi_check(view: pagedata.SimulasiView, edited: pd.DataFrame) -> pagedata.SimulasiCheck:
    """The plan as edited, rescored (pure, milliseconds: never cached)."""
    return pagedata.simulasi_check(view, edited)


def action_list(view: pagedata.SimulasiView, check: pagedata.SimulasiCheck) -> bytes:
    return pagedata.action_list(view, check)


@st.cache_data(max_entries=128)
def rincian_years(unit: str, version: int) -> list[int]:
    with _cursor() as cur:
        return pagedata.rincian_years(cur, unit)


@st.cache_data(max_entries=128)
def rincian_jawaban(unit: str, year: int, chosen: frozenset[str], version: int) -> pagedata.RincianView | None:
    with _cursor() as cur:
        return pagedata.rincian_jawaban(cur, unit, year, chosen)
