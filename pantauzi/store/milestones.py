"""ZI milestones in the store: reading them, writing the Predikat ZI form's and template's records, and
keeping the stored readiness in step (WBBM needs a WBK predicate of an earlier year).

The first-WBK rule is written once (pantauzi.store.wbk, without pandas for `ingest-dir`); loaders.ingest
and loaders.bulk read it when a submission is scored, `refresh_readiness` applies it again to stored
submissions when the records change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from pantauzi.core.filters import Filter
from pantauzi.core.milestones import Milestone
from pantauzi.store import db, selection, wbk

FIRST_WBK = wbk.FIRST_WBK
first_wbk = wbk.first_wbk


def _as_date(v: object) -> dt.date | None:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v if isinstance(v, dt.date) else None


def of_units(cur: selection.Cursor, units: Iterable[str]) -> list[Milestone]:
    """Every stored milestone of `units`."""
    rows = cur.execute(
        "SELECT unit_code, kind, year, date, decree, note FROM zi_milestones WHERE list_contains(?, unit_code) "
        "ORDER BY unit_code, year, kind",
        [sorted(set(units))],
    ).fetchall()
    return [Milestone(u, k, int(y), _as_date(d), s, n) for u, k, y, d, s, n in rows]


def selection_milestones(cur: selection.Cursor, f: Filter) -> pd.DataFrame:
    """The milestones of the filter's units (any year: a predicate holds beyond the years looked at),
    with the unit's label, newest first."""
    where, params = selection.where_selection(f, "u.region_code", "u.instansi_code", "u.code")
    return cur.execute(
        f"""
        SELECT m.unit_code AS unit, regexp_replace(u.code, '^[0-9.]+-', '') || ' · ' || r.name AS label,
               u.name AS unit_name, m.kind, m.year, m.date, m.decree, m.note, m.source
        FROM zi_milestones m JOIN units u ON u.code = m.unit_code LEFT JOIN regions r ON r.code = u.region_code
        WHERE {where}
        ORDER BY m.year DESC, label, m.kind""",
        params,
    ).df()


def unit_codes(cur: selection.Cursor, codes: Iterable[str]) -> set[str]:
    """Which of `codes` are registered units."""
    rows = cur.execute("SELECT code FROM units WHERE list_contains(?, code)", [sorted(set(codes))]).fetchall()
    return {r[0] for r in rows}


def write(
    cur: selection.Cursor,
    rows: list[Milestone],
    removed: list[tuple[str, str, int]],
    source: str,
    label: str = "",
    by: str | None = None,
) -> None:
    """Replace the records of the same unit/kind/year by `rows`, drop `removed` (in the caller's
    transaction), and log it in `imports` (kind 'tonggak'): who, when, what; a new data version."""
    import_id = db.next_ids(cur, "import_id_seq", 1)[0]
    cur.execute(
        "INSERT INTO imports (id, kind, file_name, status, loaded_by, message) "
        "VALUES (?, 'tonggak', ?, 'loaded', ?, ?)",
        [import_id, label or None, by, f"{len(rows)} tonggak disimpan, {len(removed)} dihapus"],
    )
    for unit, kind, year in [*removed, *(m.key for m in rows)]:
        cur.execute("DELETE FROM zi_milestones WHERE unit_code = ? AND kind = ? AND year = ?", [unit, kind, year])
    for m in rows:
        cur.execute(
            "INSERT INTO zi_milestones (unit_code, kind, year, date, note, source, decree) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [m.unit, m.kind, m.year, m.date, m.note, source, m.decree],
        )


def refresh_readiness(cur: selection.Cursor, units: list[str]) -> int:
    """Apply the milestones again to every stored submission of `units` (in the caller's transaction):
    the 'prior_wbk' criterion, the readiness level and 'WBBM but for the WBK predicate', in lke_readiness,
    lke_scores and lke_current, by the rule of pantauzi.core.scoring.readiness. Returns how many
    submissions changed level or flag."""
    if not units:
        return 0
    cur.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _holds AS
        SELECT s.id AS submission_id, coalesce(w.first_wbk < s.year, FALSE) AS holds
        FROM lke_submissions s LEFT JOIN ({FIRST_WBK}) w ON w.unit_code = s.unit_code
        WHERE list_contains(?, s.unit_code)""",
        [units],
    )
    try:
        cur.execute("""
            UPDATE lke_readiness r SET passed = h.holds FROM _holds h
            WHERE r.submission_id = h.submission_id AND r.criterion = 'prior_wbk' AND r.passed <> h.holds""")
        cur.execute("""
            CREATE OR REPLACE TEMP TABLE _levels AS
            SELECT t.submission_id,
                   CASE WHEN t.incomplete
                          OR NOT coalesce(bool_and(r.passed) FILTER (r.level = 'wbk' AND r.decisive), TRUE)
                        THEN 'belum'
                        WHEN coalesce(bool_and(r.passed) FILTER (r.level = 'wbbm' AND r.decisive), TRUE) THEN 'wbbm'
                        ELSE 'wbk' END AS readiness,
                   (NOT t.incomplete)
                   AND coalesce(bool_and(r.passed) FILTER (r.level = 'wbbm' AND r.decisive
                                                           AND r.criterion <> 'prior_wbk'), TRUE)
                   AND NOT any_value(h.holds) AS wbbm_needs_wbk
            FROM lke_scores t JOIN _holds h ON h.submission_id = t.submission_id
            JOIN lke_readiness r ON r.submission_id = t.submission_id
            GROUP BY t.submission_id, t.incomplete""")
        changed = cur.execute("""
            SELECT count(*) FROM lke_scores t JOIN _levels l USING (submission_id)
            WHERE t.readiness <> l.readiness OR t.wbbm_needs_wbk <> l.wbbm_needs_wbk""").fetchall()[0][0]
        if changed:
            for table in ("lke_scores", "lke_current"):
                cur.execute(f"""
                    UPDATE {table} t SET readiness = l.readiness, wbbm_needs_wbk = l.wbbm_needs_wbk FROM _levels l
                    WHERE t.submission_id = l.submission_id
                      AND (t.readiness <> l.readiness OR t.wbbm_needs_wbk <> l.wbbm_needs_wbk)""")
        return int(changed)
    finally:
        cur.execute("DROP TABLE IF EXISTS _holds")
        cur.execute("DROP TABLE IF EXISTS _levels")
