"""Store scored LKE workbooks in DuckDB: one transaction, idempotent by sha256, history kept.

Two steps, so a folder can be scored on every core and stored in few transactions:
``prepare`` (loaders.prepare; CPU only: read, validate, score, flatten to table rows; picklable) and ``store``
(one transaction for any number of prepared workbooks, bulk inserts through Arrow).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from loaders.lke import LkeResult

# the CPU-only step lives in loaders.prepare (no DuckDB import, for the workers)
from loaders.prepare import Columns, Prepared, prepare, target_problem
from pantauzi.core.problems import CellProblem, WorkbookRejected
from pantauzi.core.vocab import ImportStatus
from pantauzi.store import answer_stats, db, wbk

SCORE_COLUMNS = (
    "submission_id",
    "total",
    "pengungkit",
    "hasil",
    "pemenuhan",
    "reform",
    "hasil_bersih",
    "ipak",
    "capaian",
    "ipkp",
    "workbook_total",
    "differences",
    "answered",
    "unanswered",
    "incomplete",
    "readiness",
    "wbbm_needs_wbk",
)


@dataclass(frozen=True)
class IngestOutcome:
    status: ImportStatus  # loaded | unchanged | replaced
    submission_id: int
    unit: str
    year: int
    stage: str
    total: float
    differences: int
    incomplete: bool
    result: LkeResult | None = None


def _reject(label: str, message: str) -> WorkbookRejected:
    return WorkbookRejected(label, [CellProblem(label, None, None, message)])


def check_target(con: duckdb.DuckDBPyConnection, label: str, unit: str, year: int, stage: str | None) -> None:
    """Refuse unknown units, years outside the supported range and unknown stages."""
    with db.cursor(con) as cur:  # never the caller's connection itself: other threads may share it
        row = db.one(cur, "SELECT valid_from, valid_to FROM units WHERE code = ?", [unit])
    problem = target_problem(row, unit, year, stage)
    if problem:
        raise _reject(label, problem)


def ingest_lke(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    unit: str,
    year: int,
    stage: str | None = None,
    label: str | None = None,
    loaded_by: str | None = None,
) -> list[IngestOutcome]:
    """Validate, score and store one workbook. Raises WorkbookRejected; then nothing is written."""
    path = Path(path)
    label = label or path.name
    check_target(con, label, unit, year, stage)
    items = prepare(path, unit, year, stage, label)
    with db.transaction(con) as cur:
        return store(cur, items, loaded_by)


def _insert(cur: duckdb.DuckDBPyConnection, table: str, columns: Columns) -> None:
    """One bulk INSERT through an Arrow table (column lists, all the same length)."""
    if not columns or not next(iter(columns.values())):
        return
    cur.register("_rows", pa.table(columns))
    try:
        cur.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM _rows")
    finally:
        cur.unregister("_rows")


def _extend(into: Columns, sid: int, rows: Columns) -> None:
    n = len(next(iter(rows.values())))
    into.setdefault("submission_id", []).extend([sid] * n)
    for k, v in rows.items():
        into.setdefault(k, []).extend(v)


def store(cur: duckdb.DuckDBPyConnection, items: list[Prepared], loaded_by: str | None) -> list[IngestOutcome]:
    """Write prepared workbooks inside the caller's transaction: same sha256 = unchanged, else a new
    current version (the previous one stays as history). A few statements per batch, not per row."""
    if not items:
        return []
    units = sorted({p.unit for p in items})
    cur.register(
        "_keys",
        pa.table(
            {"unit_code": [p.unit for p in items], "year": [p.year for p in items], "stage": [p.stage for p in items]}
        ),
    )
    try:
        current = {
            (u, y, s): (i, h)
            for u, y, s, i, h in cur.execute(
                "SELECT DISTINCT s.unit_code, s.year, s.stage, s.id, s.sha256 FROM lke_submissions s "
                "JOIN _keys k USING (unit_code, year, stage) WHERE s.is_current"
            ).fetchall()
        }
    finally:
        cur.unregister("_keys")
    first_wbk = wbk.first_wbk(cur, units)
    stored = {
        r[0]
        for r in cur.execute(
            "SELECT sha256 FROM stored_files WHERE list_contains(?, sha256)", [sorted({p.digest for p in items})]
        ).fetchall()
    }
    # ids for every item up front: one round trip each; unused numbers only leave gaps
    import_ids = db.next_ids(cur, "import_id_seq", len(items))
    new_ids = db.next_ids(cur, "submission_id_seq", len(items))
    plan: list[tuple[Prepared, ImportStatus, int]] = []  # item, status, submission id
    retired: list[int] = []
    for p, new_id in zip(items, new_ids):
        key = (p.unit, p.year, p.stage)
        cur_row = current.get(key)
        if cur_row and cur_row[1] == p.digest:
            plan.append((p, "unchanged", cur_row[0]))
            continue
        if cur_row:
            retired.append(cur_row[0])
        plan.append((p, "replaced" if cur_row else "loaded", new_id))
        current[key] = (new_id, p.digest)
    latest = {v[0] for v in current.values()}
    outcomes = _write(cur, plan, import_ids, retired, latest, first_wbk, stored, loaded_by)
    refresh_final(cur, sorted({(p.unit, p.year) for p, status, _ in plan if status != "unchanged"}))
    return outcomes


def refresh_final(cur: duckdb.DuckDBPyConnection, unit_years: list[tuple[str, int]]) -> None:
    """Mark, for each unit-year, the current submission of the latest stage (tpn, else tpi, else self)
    as is_final: what the pages show under 'Tahap terakhir tersedia'; then rewrite those unit-years'
    rows of lke_current (the table the pages read)."""
    if not unit_years:
        return
    cur.register("_uy", pa.table({"unit_code": [u for u, _ in unit_years], "year": [y for _, y in unit_years]}))
    try:
        cur.execute("""
            UPDATE lke_submissions s SET is_final = (s.is_current AND s.stage = b.best)
            FROM (SELECT x.unit_code, x.year,
                         arg_min(x.stage, CASE x.stage WHEN 'tpn' THEN 1 WHEN 'tpi' THEN 2 ELSE 3 END) AS best
                  FROM lke_submissions x JOIN _uy USING (unit_code, year) WHERE x.is_current GROUP BY ALL) b
            WHERE s.unit_code = b.unit_code AND s.year = b.year""")
        cur.execute("DELETE FROM lke_current c USING _uy WHERE c.unit_code = _uy.unit_code AND c.year = _uy.year")
        cur.execute("""
            INSERT INTO lke_current
            SELECT s.id, s.unit_code, u.region_code, u.instansi_code, s.year, s.stage, s.is_final, t.total,
                   t.pengungkit, t.hasil, t.pemenuhan, t.reform, t.readiness, t.incomplete, t.wbbm_needs_wbk,
                   t.differences
            FROM lke_submissions s JOIN _uy USING (unit_code, year) JOIN lke_scores t ON t.submission_id = s.id
            JOIN units u ON u.code = s.unit_code
            WHERE s.is_current ORDER BY u.region_code, s.unit_code, s.year, s.stage""")
        answer_stats.refresh_stats(cur, "_uy")
    finally:
        cur.unregister("_uy")


def _write(
    cur: duckdb.DuckDBPyConnection,
    plan: list[tuple[Prepared, ImportStatus, int]],
    import_ids: list[int],
    retired: list[int],
    latest: set[int],
    first_wbk: dict[str, int],
    stored: set[str],
    loaded_by: str | None,
) -> list[IngestOutcome]:
    if retired:
        cur.execute("UPDATE lke_submissions SET is_current = FALSE WHERE list_contains(?, id)", [retired])
    imports: Columns = {}
    files: Columns = {"sha256": [], "content": []}
    subs: Columns = {}
    scores: list[list[Any]] = []
    derived: dict[str, Columns] = {}
    outcomes: list[IngestOutcome] = []
    for (p, status, sid), import_id in zip(plan, import_ids):
        outcomes.append(
            IngestOutcome(status, sid, p.unit, p.year, p.stage, p.total, p.differences, p.incomplete, p.result)
        )
        if status == "unchanged":
            continue  # the same file again changes nothing, not even the import log
        for k, v in (
            ("id", import_id),
            ("kind", "lke"),
            ("file_name", p.file),
            ("sha256", p.digest),
            ("unit_code", p.unit),
            ("year", p.year),
            ("stage", p.stage),
            ("status", status),
            ("submission_id", sid),
            ("loaded_by", loaded_by),
        ):
            imports.setdefault(k, []).append(v)
        if p.digest not in stored:
            stored.add(p.digest)
            files["sha256"].append(p.digest)
            files["content"].append(p.content)
        for k, v in (
            ("id", sid),
            ("unit_code", p.unit),
            ("year", p.year),
            ("stage", p.stage),
            ("file_name", p.file),
            ("sha256", p.digest),
            ("layout", p.layout),
            ("methodology", p.methodology),
            ("sheet", p.sheet),
            ("loaded_by", loaded_by),
            ("incomplete", p.incomplete),
            ("is_current", sid in latest),
            ("import_id", import_id),
        ):
            subs.setdefault(k, []).append(v)
        holds_wbk = p.unit in first_wbk and first_wbk[p.unit] < p.year
        if holds_wbk not in p.readiness:  # the milestones changed between scoring and storing
            raise ValueError(f"{p.file}: tonggak WBK unit {p.unit} berubah selama pemuatan; ulangi")
        level, needs_wbk, readiness = p.readiness[holds_wbk]
        scores.append([sid, *p.scores, level, needs_wbk])
        for table, rows in p.tables.items():
            _extend(derived.setdefault(table, {}), sid, rows)
        _extend(derived.setdefault("lke_readiness", {}), sid, readiness)
    _insert(cur, "imports", imports)
    _insert(cur, "stored_files", files)
    _insert(cur, "lke_submissions", subs)
    _insert(cur, "lke_scores", {c: [row[i] for row in scores] for i, c in enumerate(SCORE_COLUMNS)})
    for table, columns in derived.items():
        _insert(cur, table, columns)
    return outcomes


def restore_submission(con: duckdb.DuckDBPyConnection, submission_id: int, by: str | None = None) -> int:
    """Make an earlier version current again (the version it replaces stays in history)."""
    with db.transaction(con) as cur:
        row = db.one(
            cur, "SELECT unit_code, year, stage, file_name, sha256 FROM lke_submissions WHERE id = ?", [submission_id]
        )
        if row is None:
            raise _reject("", f"versi #{submission_id} tidak ditemukan")
        unit, year, stage, file_name, digest = row
        cur.execute(
            "UPDATE lke_submissions SET is_current = (id = ?) WHERE unit_code = ? AND year = ? AND stage = ?",
            [submission_id, unit, year, stage],
        )
        refresh_final(cur, [(unit, year)])
        import_id = db.next_ids(cur, "import_id_seq", 1)[0]
        cur.execute(
            "INSERT INTO imports (id, kind, file_name, sha256, unit_code, year, stage, status, "
            "submission_id, loaded_by, message) VALUES (?, 'lke', ?, ?, ?, ?, ?, 'restored', ?, ?, ?)",
            [import_id, file_name, digest, unit, year, stage, submission_id, by, f"versi #{submission_id} dipulihkan"],
        )
    return submission_id
