"""What Simulasi reads: the latest stage of one unit-year, its answers, and whether the unit held WBK before."""

from __future__ import annotations

import pandas as pd

from pantauzi.store import selection


def latest_submission(cur: selection.Cursor, unit: str, year: int) -> pd.DataFrame:
    """The current submission of the unit-year's latest stage (tpn, else tpi, else self): at most one row."""
    return cur.execute(
        """
        SELECT s.id AS submission_id, s.stage, s.methodology, s.file_name, u.name AS unit_name
        FROM lke_current c JOIN lke_submissions s ON s.id = c.submission_id JOIN units u ON u.code = c.unit_code
        WHERE c.unit_code = ? AND c.year = ? AND c.is_final""",
        [unit, year],
    ).df()


def answers(cur: selection.Cursor, submission_id: int) -> pd.DataFrame:
    """Every stored answer of one submission: question_id, raw, value (NULL when unanswered), note, evidence."""
    return cur.execute(
        """
        SELECT question_id, raw, CASE WHEN answered THEN value END AS value, note, evidence
        FROM lke_answers WHERE submission_id = ? ORDER BY question_id""",
        [submission_id],
    ).df()


def holds_wbk(cur: selection.Cursor, unit: str, year: int) -> bool:
    """A Menuju WBK predicate recorded for the unit in a year before `year` (zi_milestones kind 'wbk')."""
    row = cur.execute(
        "SELECT count(*) FROM zi_milestones WHERE unit_code = ? AND kind = 'wbk' AND year < ?", [unit, year]
    ).fetchone()
    return bool(row and row[0])


def current_submissions(cur: selection.Cursor, limit: int | None = None) -> list[tuple[int, str, str, int]]:
    """(id, methodology, unit, year) of every current submission, by id (the benchmark's cases)."""
    rows = cur.execute(
        "SELECT id, methodology, unit_code, year FROM lke_submissions WHERE is_current ORDER BY id LIMIT ?", [limit]
    ).fetchall()
    return [(int(i), str(m), str(u), int(y)) for i, m, u, y in rows]
