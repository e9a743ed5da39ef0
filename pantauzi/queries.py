"""Every SQL query of the app, with `?` parameters. Functions take a cursor and return DataFrames."""
from __future__ import annotations

import duckdb
import pandas as pd

from pantauzi.filters import Filter

Cursor = duckdb.DuckDBPyConnection

def _selection(f: Filter, region: str, instansi: str, unit: str) -> tuple[str, list]:
    """The filter's region / instansi / unit conditions over the given columns, only those it sets
    (a condition for an unset level would be evaluated on every row and keep the scans from skipping
    row groups by their min/max), with their parameters. A region is itself or anything under it."""
    conds: list[str] = []
    params: list = []
    for code in (f.provinsi, f.kabkota):
        if code is not None:
            conds.append(f"({region} = ? OR {region} LIKE ?)")
            params += [code, code + ".%"]
    for column, value in ((instansi, f.instansi), (unit, f.unit)):
        if value is not None:
            conds.append(f"{column} = ?")
            params.append(value)
    return " AND ".join(conds) or "TRUE", params


def _units(f: Filter) -> tuple[str, list]:
    """The CTEs every LKE query starts from, for filter `f`, and their parameters:
    units_sel (the selection's units with names), facts (their current submissions in the years and
    stage of the filter, from lke_current) and chosen (facts with the names)."""
    u_where, u_params = _selection(f, "u.region_code", "u.instansi_code", "u.code")
    f_where, f_params = _selection(f, "f.region_code", "f.instansi_code", "f.unit_code")
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


def _with(cur: Cursor, f: Filter, select: str, extra: list | None = None) -> pd.DataFrame:
    sql, params = _units(f)
    return cur.execute("WITH " + sql + select, params + (extra or [])).df()


def unit_totals(cur: Cursor, f: Filter) -> pd.DataFrame:
    """One row per unit × year (stage by the filter's rule) with totals and readiness."""
    return _with(cur, f, """
        SELECT c.unit, c.label, c.unit_name, c.instansi_name, c.instansi_kind, c.region_code, c.region_name,
               c.year, c.stage, c.submission_id, c.total, c.pengungkit, c.hasil, c.pemenuhan, c.reform,
               c.readiness, c.incomplete, c.wbbm_needs_wbk, c.differences
        FROM chosen c ORDER BY c.label, c.year""")


def area_scores(cur: Cursor, f: Filter) -> pd.DataFrame:
    """One row per unit × year × change area: pemenuhan, reform, score, weight and % of weight."""
    return _with(cur, f, """
        SELECT c.unit, c.label, c.year, c.stage, a.area_key, a.area_order, a.area_name,
               a.pemenuhan, a.reform, a.score, a.weight, a.pct
        FROM chosen c JOIN lke_area_scores a ON a.submission_id = c.submission_id
        ORDER BY c.label, c.year, a.area_order""")


def movers(cur: Cursor, f: Filter, year: int, limit: int | None = None) -> pd.DataFrame:
    """Change of each unit's total against its previous year in the range (the `limit` largest)."""
    return _with(cur, f, """
        , now AS (SELECT unit, total FROM facts WHERE year = ?),
        before AS (SELECT unit, arg_max(total, year) AS previous FROM facts
                   WHERE year < ? AND unit IN (SELECT unit FROM now) GROUP BY unit)
        SELECT now.unit, u.label, now.total, before.previous, now.total - before.previous AS change
        FROM now JOIN before USING (unit) JOIN units_sel u ON u.unit = now.unit
        ORDER BY abs(now.total - before.previous) DESC, u.label LIMIT ?""", [year, year, limit])


# ---------------------------------------------------------------- national views: groups, not units
# level -> (group code over `chosen c`, lookup relation n, its key, the group's name over n): groups are
# aggregated by code first and named afterwards (grouping by the name strings costs twice as much)
GROUPS = {
    "provinsi": ("split_part(c.region_code, '.', 1)", "regions", "code", "n.name"),
    "kabkota": ("c.region_code", "regions", "code",
                "CASE WHEN contains(n.code, '.') THEN n.name ELSE n.name || ' (tingkat provinsi)' END"),
    "instansi": ("c.instansi_code", "instansi", "code", "n.name"),
    "unit": ("c.unit", "units_sel", "unit", "n.label"),
}


def _year_only(f: Filter, year: int) -> Filter:
    return Filter(f.provinsi, f.kabkota, f.instansi, f.unit, year, year, f.tahap)


def year_summary(cur: Cursor, f: Filter) -> pd.DataFrame:
    """Per year: units assessed, mean and quartiles of the totals, units ready for WBK or WBBM."""
    return _with(cur, f, """
        , q AS (SELECT year, count(*) AS units, avg(total) AS mean_total,
                       quantile_cont(total, [0.25, 0.5, 0.75]) AS qs,  -- one sort for the three quartiles
                       count(*) FILTER (WHERE NOT incomplete AND readiness IN ('wbk', 'wbbm')) AS ready
                FROM facts GROUP BY year)
        SELECT year, units, mean_total, qs[1] AS q1, qs[2] AS median, qs[3] AS q3, ready FROM q ORDER BY year""")


def group_totals(cur: Cursor, f: Filter, year: int, level: str) -> pd.DataFrame:
    """One row per group (provinsi, kab/kota, instansi or unit) in one year: units, mean total and
    readiness counts (wbbm/wbk/belum among complete submissions, incomplete apart)."""
    code, table, key, name = GROUPS[level]
    return _with(cur, _year_only(f, year), f"""
        , agg AS (
            SELECT {code} AS code, count(*) AS units, avg(c.total) AS mean_total,
                   min(c.total) AS min_total, max(c.total) AS max_total,
                   count(*) FILTER (WHERE NOT c.incomplete AND c.readiness = 'wbbm') AS wbbm,
                   count(*) FILTER (WHERE NOT c.incomplete AND c.readiness = 'wbk') AS wbk,
                   count(*) FILTER (WHERE NOT c.incomplete AND c.readiness = 'belum') AS belum,
                   count(*) FILTER (WHERE c.incomplete) AS incomplete
            FROM facts c GROUP BY 1)
        SELECT agg.code, {name} AS label, agg.* EXCLUDE (code)
        FROM agg LEFT JOIN {table} n ON n.{key} = agg.code ORDER BY mean_total, label""")


def area_by_group(cur: Cursor, f: Filter, year: int, level: str) -> pd.DataFrame:
    """Group × change area in one year: mean % of the area's weight over the group's units."""
    code, table, key, name = GROUPS[level]
    return _with(cur, _year_only(f, year), f"""
        , agg AS (
            SELECT {code} AS code, a.area_key, a.area_order, a.area_name, avg(a.pct) AS pct, count(*) AS units
            FROM facts c JOIN lke_area_scores a ON a.submission_id = c.submission_id GROUP BY ALL)
        SELECT agg.code, {name} AS label, agg.* EXCLUDE (code)
        FROM agg LEFT JOIN {table} n ON n.{key} = agg.code ORDER BY label, agg.area_order""")


def unit_search(cur: Cursor, f: Filter, year: int, text: str | None, order: str = "total",
                limit: int = 50) -> pd.DataFrame:
    """Units assessed in `year` whose label or name contains `text`: the weakest first (order
    'total'), the strongest first ('-total') or by label; at most `limit`."""
    by = {"total": "c.total, c.label", "-total": "c.total DESC, c.label", "label": "c.label"}[order]
    return _with(cur, _year_only(f, year), f"""
        SELECT c.unit, c.label, c.total FROM chosen c
        WHERE CAST(? AS VARCHAR) IS NULL OR contains(lower(c.label), lower(?)) OR contains(lower(c.unit_name), lower(?))
        ORDER BY {by} LIMIT ?""", [text, text, text, limit])


def stage_comparison(cur: Cursor, f: Filter) -> pd.DataFrame:
    """Self-assessment vs TPI totals for unit-years that have both (current versions)."""
    sql, p = _units(Filter(f.provinsi, f.kabkota, f.instansi, f.unit, f.tahun_dari, f.tahun_sampai, "akhir"))
    return cur.execute("WITH " + sql + """
        SELECT u.unit, u.label, s.year,
               max(s.total) FILTER (WHERE s.stage = 'self') AS self_total,
               max(s.total) FILTER (WHERE s.stage = 'tpi') AS tpi_total
        FROM lke_current s JOIN units_sel u ON u.unit = s.unit_code
        WHERE s.year BETWEEN ? AND ?
        GROUP BY ALL HAVING self_total IS NOT NULL AND tpi_total IS NOT NULL
        ORDER BY u.label, s.year""", p + [f.tahun_dari, f.tahun_sampai]).df()


def failed_criteria(cur: Cursor, submission_id: int) -> pd.DataFrame:
    """Decisive WBK/WBBM criteria a submission does not meet."""
    return cur.execute("""
        SELECT level, label, value, threshold, criterion FROM lke_readiness
        WHERE submission_id = ? AND decisive AND NOT passed
        ORDER BY level DESC, criterion""", [submission_id]).df()


def weakest_subareas(cur: Cursor, submission_id: int, limit: int = 5) -> pd.DataFrame:
    """Leaf sub-areas (and Hasil items) that lose the most points."""
    return cur.execute("""
        SELECT n.node_id, n.name, coalesce(a.area_name, 'Hasil') AS area_name, n.part, n.weight, n.score,
               n.weight - n.score AS lost, n.unanswered, n.empty
        FROM lke_node_scores n
        LEFT JOIN lke_area_scores a ON a.submission_id = n.submission_id AND a.area_key = n.area_key
        WHERE n.submission_id = ? AND n.is_leaf AND n.level IN ('sub_area', 'sub_sub_area', 'hasil_item')
          AND n.weight - n.score > 1e-9
        ORDER BY lost DESC LIMIT ?""", [submission_id, limit]).df()


def provinsi_options(cur: Cursor) -> pd.DataFrame:
    return cur.execute("SELECT code, name FROM regions WHERE level = 'provinsi' AND code IN "
                       "(SELECT split_part(region_code, '.', 1) FROM units) ORDER BY name").df()


def kabkota_options(cur: Cursor, provinsi: str | None) -> pd.DataFrame:
    return cur.execute("""
        SELECT code, name FROM regions WHERE level = 'kabkota'
          AND (CAST(? AS VARCHAR) IS NULL OR parent_code = ?)
          AND code IN (SELECT region_code FROM units) ORDER BY name""", [provinsi, provinsi]).df()


def instansi_options(cur: Cursor, f: Filter) -> pd.DataFrame:
    sql, p = _units(Filter(f.provinsi, f.kabkota, None, None, f.tahun_dari, f.tahun_sampai, f.tahap))
    return cur.execute("WITH " + sql + " SELECT DISTINCT instansi_code AS code, instansi_name AS name "
                       "FROM units_sel ORDER BY name", p).df()


def unit_options(cur: Cursor, f: Filter) -> pd.DataFrame:
    sql, p = _units(Filter(f.provinsi, f.kabkota, f.instansi, None, f.tahun_dari, f.tahun_sampai, f.tahap))
    return cur.execute("WITH " + sql + " SELECT unit AS code, label AS name FROM units_sel "
                       "ORDER BY label", p).df()


def unit_lookup(cur: Cursor, f: Filter, text: str | None, keep: str | None, limit: int) -> pd.DataFrame:
    """Units of the selection (assessed or not) whose label or name contains `text`, by label, at most
    `limit`; the unit `keep` (e.g. from a link) first when it is in the selection. `matches` counts all."""
    sql, p = _units(Filter(f.provinsi, f.kabkota, f.instansi, None, f.tahun_dari, f.tahun_sampai, f.tahap))
    return cur.execute("WITH " + sql + """
        SELECT unit AS code, label AS name, count(*) OVER () AS matches FROM units_sel
        WHERE CAST(? AS VARCHAR) IS NULL OR contains(lower(label), lower(?)) OR contains(lower(unit_name), lower(?))
           OR unit = ?
        ORDER BY unit = ? DESC NULLS LAST, label LIMIT ?""", p + [text, text, text, keep, keep, limit]).df()


def year_bounds(cur: Cursor) -> tuple[int, int] | None:
    """The years any signal covers (LKE, Ombudsman, MCP): the range of the sidebar's year slider."""
    rows = cur.execute("""SELECT min(y), max(y) FROM (SELECT year AS y FROM lke_submissions
                          UNION ALL SELECT year FROM ombudsman_ratings UNION ALL SELECT year FROM mcp_scores)
                       """).fetchall()
    return None if not rows or rows[0][0] is None else (int(rows[0][0]), int(rows[0][1]))


def has_demo_data(cur: Cursor) -> bool:
    return bool(cur.execute("SELECT count(*) FROM units WHERE is_demo").fetchall()[0][0])


DATA_TABLES = ("regions", "instansi", "units", "zi_milestones", "imports", "stored_files", "lke_submissions",
               "ombudsman_ratings", "mcp_scores", "mcp_area_owners")


def table_counts(cur: Cursor) -> dict[str, int]:
    """Rows of every data table (whether a store is still empty)."""
    row = cur.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in DATA_TABLES)).fetchall()[0]
    return dict(zip(DATA_TABLES, (int(n) for n in row)))


def data_version(cur: Cursor) -> int:
    """The last import id: changes whenever anything is loaded, so caches refresh."""
    return int(cur.execute("SELECT coalesce(max(id), 0) FROM imports").fetchall()[0][0])


def unit_milestones(cur: Cursor, unit: str) -> pd.DataFrame:
    """ZI milestones of one unit (pencanangan, predicates), oldest first."""
    return cur.execute("SELECT kind, year, date, note, source FROM zi_milestones WHERE unit_code = ? "
                       "ORDER BY year, date", [unit]).df()


def upload_units(cur: Cursor) -> pd.DataFrame:
    """Every unit an upload could target, with what decides who may upload for it."""
    return cur.execute("""
        SELECT u.code AS unit, u.name AS unit_name, u.region_code, u.instansi_code, i.name AS instansi_name,
               i.kind AS instansi_kind, r.name AS region_name, u.valid_from, u.valid_to
        FROM units u JOIN instansi i ON i.code = u.instansi_code LEFT JOIN regions r ON r.code = u.region_code
        ORDER BY u.region_code, u.name""").df()


def versions(cur: Cursor, unit: str, year: int, stage: str) -> pd.DataFrame:
    """Every stored version of one unit/year/stage, newest first: who, when, which file, which score."""
    return cur.execute("""
        SELECT s.id AS submission_id, s.is_current, s.loaded_at, s.loaded_by, s.file_name, s.sha256,
               s.layout, x.total, x.readiness, x.incomplete, x.differences
        FROM lke_submissions s JOIN lke_scores x ON x.submission_id = s.id
        WHERE s.unit_code = ? AND s.year = ? AND s.stage = ?
        ORDER BY s.loaded_at DESC, s.id DESC""", [unit, year, stage]).df()


def recent_uploads(cur: Cursor, limit: int = 20) -> pd.DataFrame:
    """The latest writes (loads, replacements, restores) with who and when."""
    return cur.execute("""
        SELECT i.imported_at, i.loaded_by, i.status, i.file_name, i.unit_code, i.year, i.stage, i.submission_id
        FROM imports i WHERE i.kind = 'lke' ORDER BY i.id DESC LIMIT ?""", [limit]).df()


def stored_file(cur: Cursor, submission_id: int) -> tuple[str, bytes] | None:
    """The original bytes of a submission's workbook, with its file name. Two lookups by key, not a
    join: on PostgreSQL a join would copy every stored file to DuckDB, a key lookup is pushed down."""
    sub = cur.execute("SELECT file_name, sha256 FROM lke_submissions WHERE id = ?", [submission_id]).fetchall()
    if not sub:
        return None
    rows = cur.execute("SELECT content FROM stored_files WHERE sha256 = ?", [sub[0][1]]).fetchall()
    return (sub[0][0], bytes(rows[0][0])) if rows else None


# ---------------------------------------------------------------- Ombudsman RI and KPK MCP
def _rating_where(f: Filter, *, years: bool = True, **equal) -> tuple[str, list]:
    """Conditions on a ratings table `r` for filter `f` and their parameters: current rows, the
    filter's years (unless `years` is False), its regions (a region is itself or anything under it;
    an instansi or unit: the rows of its own region) and `column=value` equalities (None: not
    filtered). Only the conditions that apply are written."""
    conds, params = ["r.is_current"], []
    if years:
        conds.append("r.year BETWEEN ? AND ?")
        params += [f.tahun_dari, f.tahun_sampai]
    where, region_params = _selection(Filter(f.provinsi, f.kabkota), "r.region_code", "", "")
    if region_params:
        conds.append(where)
        params += region_params
    for table, value in (("instansi", f.instansi), ("units", f.unit)):
        if value is not None:
            conds.append(f"r.region_code = (SELECT region_code FROM {table} WHERE code = ?)")
            params.append(value)
    for column, value in equal.items():
        if value is not None:
            conds.append(f"r.{column} = ?")
            params.append(value)
    return " AND ".join(conds), params


def ombudsman_ratings(cur: Cursor, f: Filter, level: str | None = None, year: int | None = None) -> pd.DataFrame:
    """Current Ombudsman ratings of pemda and OPDs in the filter's regions and years (optionally of one
    level and one year)."""
    where, params = _rating_where(f, level=level, year=year)
    return cur.execute(f"""
        SELECT r.level, r.region_code, g.name AS region_name, r.unit_code, r.entity_key,
               CASE WHEN r.level = 'pemda' THEN g.name ELSE r.entity_name || ' · ' || g.name END AS entity,
               r.year, r.methodology, r.score, r.zone, r.category, r.published_category,
               r.dim_input, r.dim_proses, r.dim_output, r.dim_pengaduan, r.dim_kepercayaan,
               r.source, r.synthetic
        FROM ombudsman_ratings r JOIN regions g ON g.code = r.region_code
        WHERE {where}
        ORDER BY r.level DESC, entity, r.year""", params).df()


def ombudsman_summary(cur: Cursor, f: Filter) -> pd.DataFrame:
    """Per level and year: how many entities of the selection were rated (decides how a page draws them)."""
    where, params = _rating_where(f)
    return cur.execute(f"""
        SELECT r.level, r.year, count(*) AS entities, count(r.score) AS scored
        FROM ombudsman_ratings r WHERE {where}
        GROUP BY ALL ORDER BY r.level DESC, r.year""", params).df()


def mcp_scores(cur: Cursor, f: Filter, year: int | None = None, area: str | None = None,
               region: str | None = None) -> pd.DataFrame:
    """Current KPK MCP scores (total and each year's own areas) of the pemda in the filter, optionally
    of one year, one area ('total' or an area key) and one pemda."""
    where, params = _rating_where(f, year=year, area_key=area, region_code=region)
    return cur.execute(f"""
        SELECT r.region_code, g.name AS region_name, r.year, r.area_key, r.score, r.source, r.synthetic
        FROM mcp_scores r JOIN regions g ON g.code = r.region_code
        WHERE {where}
        ORDER BY g.name, r.year, r.area_key""", params).df()


def mcp_summary(cur: Cursor, f: Filter) -> pd.DataFrame:
    """Per year: how many pemda of the selection have MCP scores."""
    where, params = _rating_where(f)
    return cur.execute(f"""
        SELECT r.year, count(DISTINCT r.region_code) AS pemda FROM mcp_scores r WHERE {where}
        GROUP BY ALL ORDER BY r.year""", params).df()


def ombudsman_by_provinsi(cur: Cursor, f: Filter, level: str) -> pd.DataFrame:
    """National view of one level (pemda or opd): per provinsi and year, the mean score of the rated
    entities and how many fall in each zone."""
    where, params = _rating_where(f, level=level)
    return cur.execute(f"""
        SELECT split_part(r.region_code, '.', 1) AS code, p.name AS label, r.year, avg(r.score) AS score,
               count(*) AS entities, count(r.score) AS scored,
               count(*) FILTER (WHERE r.zone = 'hijau') AS hijau, count(*) FILTER (WHERE r.zone = 'kuning') AS kuning,
               count(*) FILTER (WHERE r.zone = 'merah') AS merah
        FROM ombudsman_ratings r JOIN regions p ON p.code = split_part(r.region_code, '.', 1)
        WHERE {where}
        GROUP BY ALL ORDER BY label, r.year""", params).df()


def mcp_by_provinsi(cur: Cursor, f: Filter, year: int) -> pd.DataFrame:
    """National view of KPK MCP in one year: per provinsi and area (the year's own areas and the total),
    the mean over its pemda (the provinsi government and its kab/kota)."""
    where, params = _rating_where(f, years=False, year=year)
    return cur.execute(f"""
        SELECT split_part(r.region_code, '.', 1) AS region_code, p.name AS region_name, r.year, r.area_key,
               avg(r.score) AS score, count(*) AS pemda
        FROM mcp_scores r JOIN regions p ON p.code = split_part(r.region_code, '.', 1)
        WHERE {where}
        GROUP BY ALL ORDER BY region_name, r.area_key""", params).df()


def mcp_owners(cur: Cursor) -> pd.DataFrame:
    """Units named responsible for an MCP area by their pemda (overrides of the convention)."""
    return cur.execute("SELECT region_code, comparable_area, unit_code FROM mcp_area_owners").df()


def pemda_units(cur: Cursor, region_code: str) -> list[str]:
    """Codes of the units of one pemda (for the MCP area convention)."""
    return [r[0] for r in cur.execute("""
        SELECT u.code FROM units u JOIN instansi i ON i.code = u.instansi_code
        WHERE u.region_code = ? AND i.kind IN ('pemkot', 'pemkab', 'pemprov') ORDER BY u.code""",
                                      [region_code]).fetchall()]


def unit_profile(cur: Cursor, unit: str) -> pd.DataFrame:
    """One unit's name, instansi, region and whether it belongs to a pemda."""
    return cur.execute("""
        SELECT u.code AS unit, u.name AS unit_name, i.name AS instansi_name, i.kind AS instansi_kind,
               u.region_code, g.name AS region_name
        FROM units u JOIN instansi i ON i.code = u.instansi_code LEFT JOIN regions g ON g.code = u.region_code
        WHERE u.code = ?""", [unit]).df()


def rating_years(cur: Cursor) -> tuple[int, int] | None:
    rows = cur.execute("""SELECT min(y), max(y) FROM (SELECT year AS y FROM ombudsman_ratings
                          UNION ALL SELECT year FROM mcp_scores)""").fetchall()
    return None if not rows or rows[0][0] is None else (int(rows[0][0]), int(rows[0][1]))


def readiness_criteria(cur: Cursor, submission_id: int) -> pd.DataFrame:
    """Every WBK/WBBM criterion of a submission, passed or not (ZI-SPEC §5)."""
    return cur.execute("""
        SELECT level, criterion, label, value, threshold, passed, decisive FROM lke_readiness
        WHERE submission_id = ? ORDER BY level, criterion""", [submission_id]).df()


def answer_notes(cur: Cursor, submission_id: int) -> pd.DataFrame:
    """The evaluator's notes (catatan) and evidence text of each answered question, as in the workbook."""
    return cur.execute("""
        SELECT question_id, cell, raw, note, evidence FROM lke_answers
        WHERE submission_id = ? AND (note IS NOT NULL OR evidence IS NOT NULL) ORDER BY question_id""",
                       [submission_id]).df()


def submission_info(cur: Cursor, submission_id: int) -> pd.DataFrame:
    return cur.execute("""
        SELECT id AS submission_id, unit_code, year, stage, methodology, file_name, loaded_at, loaded_by
        FROM lke_submissions WHERE id = ?""", [submission_id]).df()
