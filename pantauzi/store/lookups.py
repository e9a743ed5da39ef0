"""Lookups: sidebar options, unit search, year bounds, table counts, the data version."""

from __future__ import annotations

import pandas as pd

from pantauzi.core.filters import Filter
from pantauzi.store import selection


def provinsi_options(cur: selection.Cursor) -> pd.DataFrame:
    return cur.execute(
        "SELECT code, name FROM regions WHERE level = 'provinsi' AND code IN "
        "(SELECT split_part(region_code, '.', 1) FROM units) ORDER BY name"
    ).df()


def kabkota_options(cur: selection.Cursor, provinsi: str | None) -> pd.DataFrame:
    return cur.execute(
        """
        SELECT code, name FROM regions WHERE level = 'kabkota'
          AND (CAST(? AS VARCHAR) IS NULL OR parent_code = ?)
          AND code IN (SELECT region_code FROM units) ORDER BY name""",
        [provinsi, provinsi],
    ).df()


def instansi_options(cur: selection.Cursor, f: Filter) -> pd.DataFrame:
    sql, p = selection.unit_ctes(Filter(f.provinsi, f.kabkota, None, None, f.tahun_dari, f.tahun_sampai, f.tahap))
    return cur.execute(
        "WITH " + sql + " SELECT DISTINCT instansi_code AS code, instansi_name AS name FROM units_sel ORDER BY name", p
    ).df()


def unit_options(cur: selection.Cursor, f: Filter) -> pd.DataFrame:
    sql, p = selection.unit_ctes(Filter(f.provinsi, f.kabkota, f.instansi, None, f.tahun_dari, f.tahun_sampai, f.tahap))
    return cur.execute("WITH " + sql + " SELECT unit AS code, label AS name FROM units_sel ORDER BY label", p).df()


def unit_lookup(cur: selection.Cursor, f: Filter, text: str | None, keep: str | None, limit: int) -> pd.DataFrame:
    """Units of the selection (assessed or not) whose label or name contains `text`, by label, at most
    `limit`; the unit `keep` (e.g. from a link) first when it is in the selection. `matches` counts all."""
    sql, p = selection.unit_ctes(Filter(f.provinsi, f.kabkota, f.instansi, None, f.tahun_dari, f.tahun_sampai, f.tahap))
    return cur.execute(
        "WITH "
        + sql
        + """
        SELECT unit AS code, label AS name, count(*) OVER () AS matches FROM units_sel
        WHERE CAST(? AS VARCHAR) IS NULL OR contains(lower(label), lower(?)) OR contains(lower(unit_name), lower(?))
           OR unit = ?
        ORDER BY unit = ? DESC NULLS LAST, label LIMIT ?""",
        p + [text, text, text, keep, keep, limit],
    ).df()


def year_bounds(cur: selection.Cursor) -> tuple[int, int] | None:
    """The years any signal covers (LKE, Ombudsman, MCP): the range of the sidebar's year slider."""
    rows = cur.execute("""SELECT min(y), max(y) FROM (SELECT year AS y FROM lke_submissions
                          UNION ALL SELECT year FROM ombudsman_ratings UNION ALL SELECT year FROM mcp_scores)
                       """).fetchall()
    return None if not rows or rows[0][0] is None else (int(rows[0][0]), int(rows[0][1]))


def has_demo_data(cur: selection.Cursor) -> bool:
    return bool(cur.execute("SELECT count(*) FROM units WHERE is_demo").fetchall()[0][0])


DATA_TABLES = (
    "regions",
    "instansi",
    "units",
    "zi_milestones",
    "imports",
    "stored_files",
    "lke_submissions",
    "ombudsman_ratings",
    "mcp_scores",
    "mcp_area_owners",
)


def table_counts(cur: selection.Cursor) -> dict[str, int]:
    """Rows of every data table (whether a store is still empty)."""
    row = cur.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in DATA_TABLES)).fetchall()[0]
    return dict(zip(DATA_TABLES, (int(n) for n in row)))


def data_version(cur: selection.Cursor) -> int:
    """The last import id: changes whenever anything is loaded, so caches refresh."""
    return int(cur.execute("SELECT coalesce(max(id), 0) FROM imports").fetchall()[0][0])


def rating_years(cur: selection.Cursor) -> tuple[int, int] | None:
    rows = cur.execute("""SELECT min(y), max(y) FROM (SELECT year AS y FROM ombudsman_ratings
                          UNION ALL SELECT year FROM mcp_scores)""").fetchall()
    return None if not rows or rows[0][0] is None else (int(rows[0][0]), int(rows[0][1]))
