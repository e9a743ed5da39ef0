"""Ombudsman RI ratings and KPK MCP scores of a selection."""

from __future__ import annotations

import pandas as pd

from pantauzi.core.filters import Filter
from pantauzi.store import selection


def _rating_where(f: Filter, *, years: bool = True, **equal: object) -> tuple[str, selection.Params]:
    """Conditions on a ratings table `r` for filter `f` and their parameters: current rows, the
    filter's years (unless `years` is False), its regions (a region is itself or anything under it;
    an instansi or unit: the rows of its own region) and `column=value` equalities (None: not
    filtered). Only the conditions that apply are written."""
    conds: list[str] = ["r.is_current"]
    params: selection.Params = []
    if years:
        conds.append("r.year BETWEEN ? AND ?")
        params += [f.tahun_dari, f.tahun_sampai]
    where, region_params = selection.where_selection(Filter(f.provinsi, f.kabkota), "r.region_code", "", "")
    if region_params:
        conds.append(where)
        params += region_params
    for table, value in (("instansi", f.instansi), ("units", f.unit)):
        if value is not None:
            conds.append(f"r.region_code = (SELECT region_code FROM {table} WHERE code = ?)")
            params.append(value)
    for column, wanted in equal.items():
        if wanted is not None:
            conds.append(f"r.{column} = ?")
            params.append(wanted)
    return " AND ".join(conds), params


def ombudsman_ratings(
    cur: selection.Cursor, f: Filter, level: str | None = None, year: int | None = None
) -> pd.DataFrame:
    """Current Ombudsman ratings of pemda and OPDs in the filter's regions and years (optionally of one
    level and one year)."""
    where, params = _rating_where(f, level=level, year=year)
    return cur.execute(
        f"""
        SELECT r.level, r.region_code, g.name AS region_name, r.unit_code, r.entity_key,
               CASE WHEN r.level = 'pemda' THEN g.name ELSE r.entity_name || ' · ' || g.name END AS entity,
               r.year, r.methodology, r.score, r.zone, r.category, r.published_category,
               r.dim_input, r.dim_proses, r.dim_output, r.dim_pengaduan, r.dim_kepercayaan,
               r.source, r.synthetic
        FROM ombudsman_ratings r JOIN regions g ON g.code = r.region_code
        WHERE {where}
        ORDER BY r.level DESC, entity, r.year""",
        params,
    ).df()


def ombudsman_summary(cur: selection.Cursor, f: Filter) -> pd.DataFrame:
    """Per level and year: how many entities of the selection were rated (decides how a page draws them)."""
    where, params = _rating_where(f)
    return cur.execute(
        f"""
        SELECT r.level, r.year, count(*) AS entities, count(r.score) AS scored
        FROM ombudsman_ratings r WHERE {where}
        GROUP BY ALL ORDER BY r.level DESC, r.year""",
        params,
    ).df()


def mcp_scores(
    cur: selection.Cursor, f: Filter, year: int | None = None, area: str | None = None, region: str | None = None
) -> pd.DataFrame:
    """Current KPK MCP scores (total and each year's own areas) of the pemda in the filter, optionally
    of one year, one area ('total' or an area key) and one pemda."""
    where, params = _rating_where(f, year=year, area_key=area, region_code=region)
    return cur.execute(
        f"""
        SELECT r.region_code, g.name AS region_name, r.year, r.area_key, r.score, r.source, r.synthetic
        FROM mcp_scores r JOIN regions g ON g.code = r.region_code
        WHERE {where}
        ORDER BY g.name, r.year, r.area_key""",
        params,
    ).df()


def mcp_summary(cur: selection.Cursor, f: Filter) -> pd.DataFrame:
    """Per year: how many pemda of the selection have MCP scores."""
    where, params = _rating_where(f)
    return cur.execute(
        f"""
        SELECT r.year, count(DISTINCT r.region_code) AS pemda FROM mcp_scores r WHERE {where}
        GROUP BY ALL ORDER BY r.year""",
        params,
    ).df()


def ombudsman_by_provinsi(cur: selection.Cursor, f: Filter, level: str) -> pd.DataFrame:
    """National view of one level (pemda or opd): per provinsi and year, the mean score of the rated
    entities and how many fall in each zone."""
    where, params = _rating_where(f, level=level)
    return cur.execute(
        f"""
        SELECT split_part(r.region_code, '.', 1) AS code, p.name AS label, r.year, avg(r.score) AS score,
               count(*) AS entities, count(r.score) AS scored,
               count(*) FILTER (WHERE r.zone = 'hijau') AS hijau, count(*) FILTER (WHERE r.zone = 'kuning') AS kuning,
               count(*) FILTER (WHERE r.zone = 'merah') AS merah
        FROM ombudsman_ratings r JOIN regions p ON p.code = split_part(r.region_code, '.', 1)
        WHERE {where}
        GROUP BY ALL ORDER BY label, r.year""",
        params,
    ).df()


def mcp_by_provinsi(cur: selection.Cursor, f: Filter, year: int) -> pd.DataFrame:
    """National view of KPK MCP in one year: per provinsi and area (the year's own areas and the total),
    the mean over its pemda (the provinsi government and its kab/kota)."""
    where, params = _rating_where(f, years=False, year=year)
    return cur.execute(
        f"""
        SELECT split_part(r.region_code, '.', 1) AS region_code, p.name AS region_name, r.year, r.area_key,
               avg(r.score) AS score, count(*) AS pemda
        FROM mcp_scores r JOIN regions p ON p.code = split_part(r.region_code, '.', 1)
        WHERE {where}
        GROUP BY ALL ORDER BY region_name, r.area_key""",
        params,
    ).df()


def mcp_owners(cur: selection.Cursor) -> pd.DataFrame:
    """Units named responsible for an MCP area by their pemda (overrides of the convention)."""
    return cur.execute("SELECT region_code, comparable_area, unit_code FROM mcp_area_owners").df()


def pemda_units(cur: selection.Cursor, region_code: str) -> list[str]:
    """Codes of the units of one pemda (for the MCP area convention)."""
    return [
        r[0]
        for r in cur.execute(
            """
        SELECT u.code FROM units u JOIN instansi i ON i.code = u.instansi_code
        WHERE u.region_code = ? AND i.kind IN ('pemkot', 'pemkab', 'pemprov') ORDER BY u.code""",
            [region_code],
        ).fetchall()
    ]


def unit_profile(cur: selection.Cursor, unit: str) -> pd.DataFrame:
    """One unit's name, instansi, region and whether it belongs to a pemda."""
    return cur.execute(
        """
        SELECT u.code AS unit, u.name AS unit_name, i.name AS instansi_name, i.kind AS instansi_kind,
               u.region_code, g.name AS region_name
        FROM units u JOIN instansi i ON i.code = u.instansi_code LEFT JOIN regions g ON g.code = u.region_code
        WHERE u.code = ?""",
        [unit],
    ).df()
