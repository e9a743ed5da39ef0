"""The filter as SQL: the selection's conditions and the CTEs every LKE query starts from."""

from __future__ import annotations

import duckdb
import pandas as pd

from pantauzi.core.filters import Filter

Cursor = duckdb.DuckDBPyConnection
Params = list[object]  # the values of a statement's ? placeholders


def where_selection(f: Filter, region: str, instansi: str, unit: str) -> tuple[str, Params]:
    """The filter's region / instansi / unit conditions over the given columns, only those it sets
    (a condition for an unset level would be evaluated on every row and keep the scans from skipping
    row groups by their min/max), with their parameters. A region is itself or anything under it."""
    conds: list[str] = []
    params: Params = []
    for code in (f.provinsi, f.kabkota):
        if code is not None:
            conds.append(f"({region} = ? OR {region} LIKE ?)")
            params += [code, code + ".%"]
    for column, value in ((instansi, f.instansi), (unit, f.unit)):
        if value is not None:
            conds.append(f"{column} = ?")
            params.append(value)
    return " AND ".join(conds) or "TRUE", params


def unit_ctes(f: Filter) -> tuple[str, Params]:
    """The CTEs every LKE query starts from, for filter `f`, and their parameters:
    units_sel (the selection's units with names), facts (their current submissions in the years and
    stage of the filter, from lke_current) and chosen (facts with the names)."""
    u_where, u_params = where_selection(f, "u.region_code", "u.instansi_code", "u.code")
    f_where, f_params = where_selection(f, "f.region_code", "f.instansi_code", "f.unit_code")
    stage, s_params = ("f.is_final", []) if f.tahap == "akhir" else ("f.stage = ?", [f.tahap])
    # one unit: its rows by the lke_current_unit index first (DuckDB scans by an index only when the
    # indexed column is the scan's sole condition; MATERIALIZED keeps the others out of that scan)
    source, src_params = ("unit_rows", [f.unit]) if f.unit is not None else ("lke_current", [])
    sql = f"""
{"unit_rows AS MATERIALIZED (SELECT * FROM lke_current WHERE unit_code = ?)," if f.unit is not None else ""}
units_sel AS (
    SELECT u.code AS unit, u.name AS unit_name, u.instansi_code, i.name AS instansi_name, i.kind AS instansi_kind,
           u.region_code, r.name AS region_name,
           regexp_replace(u.code, '^[0-9.]+-', '') || ' · ' || r.name AS label
    FROM units u JOIN instansi i ON i.code = u.instansi_code LEFT JOIN regions r ON r.code = u.region_code
    WHERE {u_where}
),
facts AS (
    -- lke_current (kept at ingest, one narrow table): 'akhir' = the unit-year's final submission,
    -- a stage = its current version; aggregates read this alone, names are joined where shown
    SELECT f.submission_id, f.unit_code AS unit, f.region_code, f.instansi_code, f.year, f.stage, f.total,
           f.pengungkit, f.hasil, f.pemenuhan, f.reform, f.readiness, f.incomplete, f.wbbm_needs_wbk, f.differences
    FROM {source} f
    WHERE {f_where} AND f.year BETWEEN ? AND ? AND {stage}
),
chosen AS (
    SELECT f.*, u.unit_name, u.instansi_name, u.instansi_kind, u.region_name, u.label
    FROM facts f JOIN units_sel u ON u.unit = f.unit
)
"""
    return sql, src_params + u_params + f_params + [f.tahun_dari, f.tahun_sampai] + s_params


def with_units(cur: Cursor, f: Filter, select: str, extra: Params | None = None) -> pd.DataFrame:
    sql, params = unit_ctes(f)
    return cur.execute("WITH " + sql + select, params + (extra or [])).df()


def year_only(f: Filter, year: int) -> Filter:
    return Filter(f.provinsi, f.kabkota, f.instansi, f.unit, year, year, f.tahap)
