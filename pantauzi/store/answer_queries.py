"""Per-question answers: one submission's rows, a unit-year's stages side by side, and per unit / group
the share of answered questions with evidence and the answers the TPI changed (issue 21)."""

from __future__ import annotations

import pandas as pd

from pantauzi.core.filters import Filter
from pantauzi.store import lke_queries, selection
from pantauzi.store.selection import Cursor

# the columns of answers_of, in order (the Simulasi page builds on the same frame)
ANSWER_COLUMNS = (
    "question_id",
    "number",
    "cell",
    "raw",
    "value",
    "answered",
    "note",
    "evidence",
    "evidence_link",
    "unit_note",
    "tpi_note",
)


def answers_of(con: Cursor, submission_id: int) -> pd.DataFrame:
    """Every stored answer row of one submission, by question id: question_id, number (the workbook's
    own numbering, None before migration 35 or where the layout has none), cell, raw (the text as in the
    file), value (the normalised value the scorer reads; NaN = unanswered), answered, note, evidence,
    evidence_link, unit_note, tpi_note (see migration 35)."""
    return con.execute(
        f"SELECT {', '.join(ANSWER_COLUMNS)} FROM lke_answers WHERE submission_id = ? ORDER BY question_id",
        [submission_id],
    ).df()


def unit_year_stages(cur: Cursor, unit: str, year: int) -> pd.DataFrame:
    """The current submission of each stage of one unit-year: submission_id, stage, methodology, layout,
    file_name, loaded_at, is_final, total; self, tpi, tpn in that order."""
    return cur.execute(
        """
        SELECT s.id AS submission_id, s.stage, s.methodology, s.layout, s.file_name, s.loaded_at, s.is_final,
               t.total
        FROM lke_submissions s JOIN lke_scores t ON t.submission_id = s.id
        WHERE s.unit_code = ? AND s.year = ? AND s.is_current
        ORDER BY CASE s.stage WHEN 'self' THEN 1 WHEN 'tpi' THEN 2 ELSE 3 END""",
        [unit, year],
    ).df()


def unit_years(cur: Cursor, unit: str) -> list[int]:
    """Years with a current submission of the unit, newest first."""
    rows = cur.execute(
        "SELECT DISTINCT year FROM lke_current WHERE unit_code = ? ORDER BY year DESC", [unit]
    ).fetchall()
    return [int(r[0]) for r in rows]


def unit_name(cur: Cursor, unit: str) -> str | None:
    rows = cur.execute("SELECT name FROM units WHERE code = ?", [unit]).fetchall()
    return str(rows[0][0]) if rows else None


def stage_answers(cur: Cursor, submission_ids: list[int]) -> pd.DataFrame:
    """answers_of for several submissions at once, with their submission_id first."""
    # one `submission_id = ?` each: the rows of a submission are found by zone maps (migration 4), a
    # list condition would scan the whole table
    frames = [answers_of(cur, sid).assign(submission_id=sid) for sid in submission_ids]
    cols = ["submission_id", *ANSWER_COLUMNS]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


# per unit-year of the selection (the filter's stage rule): the chosen submission's counts, kept at ingest
_EVIDENCE_CTES = """
, per_unit AS (
    SELECT c.unit, c.year, c.submission_id, coalesce(x.answered, 0) AS answered,
           coalesce(x.with_evidence, 0) AS with_evidence, x.tpi_changed
    FROM facts c LEFT JOIN lke_answer_stats x ON x.submission_id = c.submission_id)
"""


def evidence_by_unit(cur: Cursor, f: Filter) -> pd.DataFrame:
    """One row per unit × year of the selection: unit, year, submission_id, answered, with_evidence,
    evidence_share (with_evidence / answered; NaN when nothing is answered), tpi_changed (NaN when the
    unit-year lacks a self or a TPI submission)."""
    return selection.with_units(
        cur,
        f,
        _EVIDENCE_CTES
        + """
        SELECT unit, year, submission_id, answered, with_evidence,
               with_evidence / nullif(answered, 0) AS evidence_share, tpi_changed
        FROM per_unit ORDER BY unit, year""",
    )


def evidence_by_group(cur: Cursor, f: Filter, year: int, level: str) -> pd.DataFrame:
    """Per group of one year (as lke_queries.group_totals): code, label, units, answered, with_evidence,
    evidence_share (pooled: Σ with evidence / Σ answered), tpi_changed (Σ over units with both stages),
    tpi_units (units with both stages)."""
    code, table, key, name = lke_queries.GROUPS[level]
    code = code.replace("c.region_code", "f.region_code").replace("c.instansi_code", "f.instansi_code")
    code = code.replace("c.unit", "f.unit")
    return selection.with_units(
        cur,
        selection.year_only(f, year),
        _EVIDENCE_CTES
        + f"""
        , agg AS (
            SELECT {code} AS code, count(*) AS units, sum(u.answered) AS answered,
                   sum(u.with_evidence) AS with_evidence, sum(u.tpi_changed) AS tpi_changed,
                   count(u.tpi_changed) AS tpi_units
            FROM per_unit u JOIN facts f ON f.unit = u.unit AND f.year = u.year GROUP BY 1)
        SELECT agg.code, {name} AS label, agg.units, agg.answered, agg.with_evidence,
               agg.with_evidence / nullif(agg.answered, 0) AS evidence_share, agg.tpi_changed, agg.tpi_units
        FROM agg LEFT JOIN {table} n ON n.{key} = agg.code ORDER BY label""",
    )
