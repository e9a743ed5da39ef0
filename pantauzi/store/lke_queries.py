"""LKE scores of a selection: per unit, per area, per group, movers, criteria, weakest sub-areas."""

from __future__ import annotations

import pandas as pd

from pantauzi.core.filters import Filter
from pantauzi.store import selection


def unit_totals(cur: selection.Cursor, f: Filter) -> pd.DataFrame:
    """One row per unit × year (stage by the filter's rule) with totals and readiness."""
    return selection.with_units(
        cur,
        f,
        """
        SELECT c.unit, c.label, c.unit_name, c.instansi_name, c.instansi_kind, c.region_code, c.region_name,
               c.year, c.stage, c.submission_id, c.total, c.pengungkit, c.hasil, c.pemenuhan, c.reform,
               c.readiness, c.incomplete, c.wbbm_needs_wbk, c.differences
        FROM chosen c ORDER BY c.label, c.year""",
    )


def area_scores(cur: selection.Cursor, f: Filter) -> pd.DataFrame:
    """One row per unit × year × change area: pemenuhan, reform, score, weight and % of weight."""
    return selection.with_units(
        cur,
        f,
        """
        SELECT c.unit, c.label, c.year, c.stage, a.area_key, a.area_order, a.area_name,
               a.pemenuhan, a.reform, a.score, a.weight, a.pct
        FROM chosen c JOIN lke_area_scores a ON a.submission_id = c.submission_id
        ORDER BY c.label, c.year, a.area_order""",
    )


def movers(cur: selection.Cursor, f: Filter, year: int, limit: int | None = None) -> pd.DataFrame:
    """Change of each unit's total against its previous year in the range (the `limit` largest)."""
    return selection.with_units(
        cur,
        f,
        """
        , now AS (SELECT unit, total FROM facts WHERE year = ?),
        before AS (SELECT unit, arg_max(total, year) AS previous FROM facts
                   WHERE year < ? AND unit IN (SELECT unit FROM now) GROUP BY unit)
        SELECT now.unit, u.label, now.total, before.previous, now.total - before.previous AS change
        FROM now JOIN before USING (unit) JOIN units_sel u ON u.unit = now.unit
        ORDER BY abs(now.total - before.previous) DESC, u.label LIMIT ?""",
        [year, year, limit],
    )


# level -> (group code over `chosen c`, lookup relation n, its key, the group's name over n): groups are
# aggregated by code first and named afterwards (grouping by the name strings costs twice as much)
GROUPS = {
    "provinsi": ("split_part(c.region_code, '.', 1)", "regions", "code", "n.name"),
    "kabkota": (
        "c.region_code",
        "regions",
        "code",
        "CASE WHEN contains(n.code, '.') THEN n.name ELSE n.name || ' (tingkat provinsi)' END",
    ),
    "instansi": ("c.instansi_code", "instansi", "code", "n.name"),
    "unit": ("c.unit", "units_sel", "unit", "n.label"),
}


def year_summary(cur: selection.Cursor, f: Filter) -> pd.DataFrame:
    """Per year: units assessed, mean and quartiles of the totals, units ready for WBK or WBBM."""
    return selection.with_units(
        cur,
        f,
        """
        , q AS (SELECT year, count(*) AS units, avg(total) AS mean_total,
                       quantile_cont(total, [0.25, 0.5, 0.75]) AS qs,  -- one sort for the three quartiles
                       count(*) FILTER (WHERE NOT incomplete AND readiness IN ('wbk', 'wbbm')) AS ready
                FROM facts GROUP BY year)
        SELECT year, units, mean_total, qs[1] AS q1, qs[2] AS median, qs[3] AS q3, ready FROM q ORDER BY year""",
    )


def group_totals(cur: selection.Cursor, f: Filter, year: int, level: str) -> pd.DataFrame:
    """One row per group (provinsi, kab/kota, instansi or unit) in one year: units, mean total and
    readiness counts (wbbm/wbk/belum among complete submissions, incomplete apart)."""
    code, table, key, name = GROUPS[level]
    return selection.with_units(
        cur,
        selection.year_only(f, year),
        f"""
        , agg AS (
            SELECT {code} AS code, count(*) AS units, avg(c.total) AS mean_total,
                   min(c.total) AS min_total, max(c.total) AS max_total,
                   count(*) FILTER (WHERE NOT c.incomplete AND c.readiness = 'wbbm') AS wbbm,
                   count(*) FILTER (WHERE NOT c.incomplete AND c.readiness = 'wbk') AS wbk,
                   count(*) FILTER (WHERE NOT c.incomplete AND c.readiness = 'belum') AS belum,
                   count(*) FILTER (WHERE c.incomplete) AS incomplete
            FROM facts c GROUP BY 1)
        SELECT agg.code, {name} AS label, agg.* EXCLUDE (code)
        FROM agg LEFT JOIN {table} n ON n.{key} = agg.code ORDER BY mean_total, label""",
    )


def area_by_group(cur: selection.Cursor, f: Filter, year: int, level: str) -> pd.DataFrame:
    """Group × change area in one year: mean % of the area's weight over the group's units."""
    code, table, key, name = GROUPS[level]
    return selection.with_units(
        cur,
        selection.year_only(f, year),
        f"""
        , agg AS (
            SELECT {code} AS code, a.area_key, a.area_order, a.area_name, avg(a.pct) AS pct, count(*) AS units
            FROM facts c JOIN lke_area_scores a ON a.submission_id = c.submission_id GROUP BY ALL)
        SELECT agg.code, {name} AS label, agg.* EXCLUDE (code)
        FROM agg LEFT JOIN {table} n ON n.{key} = agg.code ORDER BY label, agg.area_order""",
    )


def unit_search(
    cur: selection.Cursor, f: Filter, year: int, text: str | None, order: str = "total", limit: int = 50
) -> pd.DataFrame:
    """Units assessed in `year` whose label or name contains `text`: the weakest first (order
    'total'), the strongest first ('-total') or by label; at most `limit`."""
    by = {"total": "c.total, c.label", "-total": "c.total DESC, c.label", "label": "c.label"}[order]
    return selection.with_units(
        cur,
        selection.year_only(f, year),
        f"""
        SELECT c.unit, c.label, c.total FROM chosen c
        WHERE CAST(? AS VARCHAR) IS NULL OR contains(lower(c.label), lower(?)) OR contains(lower(c.unit_name), lower(?))
        ORDER BY {by} LIMIT ?""",
        [text, text, text, limit],
    )


def stage_comparison(cur: selection.Cursor, f: Filter) -> pd.DataFrame:
    """Self-assessment vs TPI totals for unit-years that have both (current versions)."""
    sql, p = selection.unit_ctes(
        Filter(f.provinsi, f.kabkota, f.instansi, f.unit, f.tahun_dari, f.tahun_sampai, "akhir")
    )
    return cur.execute(
        "WITH "
        + sql
        + """
        SELECT u.unit, u.label, s.year,
               max(s.total) FILTER (WHERE s.stage = 'self') AS self_total,
               max(s.total) FILTER (WHERE s.stage = 'tpi') AS tpi_total
        FROM lke_current s JOIN units_sel u ON u.unit = s.unit_code
        WHERE s.year BETWEEN ? AND ?
        GROUP BY ALL HAVING self_total IS NOT NULL AND tpi_total IS NOT NULL
        ORDER BY u.label, s.year""",
        p + [f.tahun_dari, f.tahun_sampai],
    ).df()


def failed_criteria(cur: selection.Cursor, submission_id: int) -> pd.DataFrame:
    """Decisive WBK/WBBM criteria a submission does not meet."""
    return cur.execute(
        """
        SELECT level, label, value, threshold, criterion FROM lke_readiness
        WHERE submission_id = ? AND decisive AND NOT passed
        ORDER BY level DESC, criterion""",
        [submission_id],
    ).df()


def weakest_subareas(cur: selection.Cursor, submission_id: int, limit: int = 5) -> pd.DataFrame:
    """Leaf sub-areas (and Hasil items) that lose the most points."""
    return cur.execute(
        """
        SELECT n.node_id, n.name, coalesce(a.area_name, 'Hasil') AS area_name, n.part, n.weight, n.score,
               n.weight - n.score AS lost, n.unanswered, n.empty
        FROM lke_node_scores n
        LEFT JOIN lke_area_scores a ON a.submission_id = n.submission_id AND a.area_key = n.area_key
        WHERE n.submission_id = ? AND n.is_leaf AND n.level IN ('sub_area', 'sub_sub_area', 'hasil_item')
          AND n.weight - n.score > 1e-9
        ORDER BY lost DESC LIMIT ?""",
        [submission_id, limit],
    ).df()


def unit_milestones(cur: selection.Cursor, unit: str) -> pd.DataFrame:
    """ZI milestones of one unit (pencanangan, predicates), oldest first."""
    return cur.execute(
        "SELECT kind, year, date, note, source, decree FROM zi_milestones WHERE unit_code = ? ORDER BY year, date",
        [unit],
    ).df()


def readiness_criteria(cur: selection.Cursor, submission_id: int) -> pd.DataFrame:
    """Every WBK/WBBM criterion of a submission, passed or not (ZI-SPEC §5)."""
    return cur.execute(
        """
        SELECT level, criterion, label, value, threshold, passed, decisive FROM lke_readiness
        WHERE submission_id = ? ORDER BY level, criterion""",
        [submission_id],
    ).df()


def answer_notes(cur: selection.Cursor, submission_id: int) -> pd.DataFrame:
    """The evaluator's notes (catatan) and evidence text of each answered question, as in the workbook."""
    return cur.execute(
        """
        SELECT question_id, cell, raw, note, evidence FROM lke_answers
        WHERE submission_id = ? AND (note IS NOT NULL OR evidence IS NOT NULL) ORDER BY question_id""",
        [submission_id],
    ).df()


def submission_info(cur: selection.Cursor, submission_id: int) -> pd.DataFrame:
    return cur.execute(
        """
        SELECT id AS submission_id, unit_code, year, stage, methodology, file_name, loaded_at, loaded_by
        FROM lke_submissions WHERE id = ?""",
        [submission_id],
    ).df()
