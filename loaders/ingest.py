"""Store a scored LKE workbook in DuckDB: one transaction, idempotent by sha256, history kept."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from loaders.lke import LkeResult, score_file
from pantauzi import db, scoring
from pantauzi.problems import CellProblem, WorkbookRejected

STAGES = ("self", "tpi", "tpn")
YEAR_RANGE = (2017, 2030)


@dataclass(frozen=True)
class IngestOutcome:
    status: str  # loaded | unchanged | replaced
    submission_id: int
    unit: str
    year: int
    stage: str
    result: LkeResult


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _reject(label: str, message: str) -> WorkbookRejected:
    return WorkbookRejected(label, [CellProblem(label, None, None, message)])


def check_target(con: duckdb.DuckDBPyConnection, label: str, unit: str, year: int, stage: str | None) -> None:
    """Refuse unknown units, years outside the supported range and unknown stages."""
    if stage is not None and stage not in STAGES:
        raise _reject(label, f"tahap '{stage}' tidak dikenal; gunakan self, tpi atau tpn")
    if not (YEAR_RANGE[0] <= year <= YEAR_RANGE[1]):
        raise _reject(label, f"tahun {year} di luar rentang yang didukung ({YEAR_RANGE[0]}–{YEAR_RANGE[1]})")
    row = db.one(con, "SELECT valid_from, valid_to FROM units WHERE code = ?", [unit])
    if row is None:
        raise _reject(label, f"kode unit '{unit}' tidak dikenal; daftarkan unit terlebih dahulu")
    vf, vt = row
    if (vf is not None and year < vf) or (vt is not None and year > vt):
        raise _reject(label, f"unit '{unit}' tidak aktif pada tahun {year} (berlaku {vf or '…'}–{vt or '…'})")


def stages_in(path: Path, label: str, stage: str | None) -> list[LkeResult]:
    """Score the requested stage, or every stage the file holds (PortalRB: unit and TPI answers)."""
    first = score_file(path, stage, label)
    if stage is not None or first.layout != "portalrb":
        return [first]
    tpi = score_file(path, "tpi", label)
    if tpi.score.answered == 0:
        return [first]
    if first.score.answered == 0:
        return [tpi]  # only the TPI columns are filled: storing an empty unit self-assessment would lie
    return [first, tpi]


def ingest_lke(con: duckdb.DuckDBPyConnection, path: str | Path, unit: str, year: int,
               stage: str | None = None, label: str | None = None, loaded_by: str | None = None
               ) -> list[IngestOutcome]:
    """Validate, score and store one workbook. Raises WorkbookRejected; then nothing is written."""
    path = Path(path)
    label = label or path.name
    check_target(con, label, unit, year, stage)
    results = stages_in(path, label, stage)
    digest = sha256_of(path)
    content = path.read_bytes()
    outcomes: list[IngestOutcome] = []
    with db.transaction(con) as cur:
        for res in results:
            outcomes.append(_store(cur, res, unit, year, digest, content, loaded_by))
    return outcomes


def _store(cur: duckdb.DuckDBPyConnection, res: LkeResult, unit: str, year: int, digest: str,
           content: bytes, loaded_by: str | None) -> IngestOutcome:
    current = db.one(cur, "SELECT id, sha256 FROM lke_submissions WHERE unit_code = ? AND year = ? "
                     "AND stage = ? AND is_current", [unit, year, res.stage])
    if current and current[1] == digest:
        cur.execute("INSERT INTO imports (kind, file_name, sha256, unit_code, year, stage, status, "
                    "submission_id, loaded_by) VALUES ('lke', ?, ?, ?, ?, ?, 'unchanged', ?, ?)",
                    [res.file, digest, unit, year, res.stage, current[0], loaded_by])
        return IngestOutcome("unchanged", current[0], unit, year, res.stage, res)
    status = "replaced" if current else "loaded"
    if current:
        cur.execute("UPDATE lke_submissions SET is_current = FALSE WHERE id = ?", [current[0]])
    sid = db.scalar(cur, "SELECT nextval('submission_id_seq')")
    import_id = db.scalar(
        cur, "INSERT INTO imports (kind, file_name, sha256, unit_code, year, stage, status, submission_id, "
        "loaded_by) VALUES ('lke', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [res.file, digest, unit, year, res.stage, status, sid, loaded_by])
    cur.execute("INSERT INTO stored_files SELECT ?, ? WHERE NOT EXISTS "
                "(SELECT 1 FROM stored_files WHERE sha256 = ?)", [digest, content, digest])
    cur.execute("INSERT INTO lke_submissions (id, unit_code, year, stage, file_name, sha256, layout, "
                "methodology, sheet, loaded_by, incomplete, is_current, import_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?)",
                [sid, unit, year, res.stage, res.file, digest, res.layout, res.methodology.key, res.sheet,
                 loaded_by, res.incomplete, import_id])
    holds_wbk = db.scalar(cur, "SELECT count(*) FROM zi_milestones WHERE unit_code = ? AND kind = 'wbk' "
                          "AND year < ?", [unit, year]) > 0
    write_scores(cur, sid, res, holds_wbk)
    return IngestOutcome(status, sid, unit, year, res.stage, res)


def _insert(cur: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    if df.empty:
        return
    cur.register("_rows", df)
    try:
        cur.execute(f"INSERT INTO {table} ({', '.join(df.columns)}) SELECT * FROM _rows")
    finally:
        cur.unregister("_rows")


def write_scores(cur: duckdb.DuckDBPyConnection, sid: int, res: LkeResult, holds_wbk: bool) -> None:
    """Derived tables for one submission, so pages never aggregate raw answers."""
    s, m = res.score, res.methodology
    _insert(cur, "lke_answers", pd.DataFrame({
        "submission_id": sid,
        "question_id": [a.qid for a in res.answers],
        "cell": [a.cell for a in res.answers],
        "raw": [None if a.raw is None else str(a.raw) for a in res.answers],
        "value": [a.value for a in res.answers],
        "answered": [a.value is not None for a in res.answers],
        "note": [a.note for a in res.answers],
        "evidence": [a.evidence for a in res.answers],
    }))
    ns = list(s.nodes.values())
    _insert(cur, "lke_node_scores", pd.DataFrame({
        "submission_id": sid,
        "node_id": [n.node.id for n in ns], "level": [n.node.level for n in ns],
        "part": [n.node.part for n in ns], "area_key": [n.node.area for n in ns],
        "name": [n.node.name for n in ns], "weight": [float(n.node.weight) for n in ns],
        "score": [n.score for n in ns], "items": [n.items for n in ns],
        "answered_items": [n.answered_items for n in ns], "unanswered": [n.unanswered_questions for n in ns],
        "is_leaf": [n.leaf for n in ns], "partial": [n.partial for n in ns], "empty": [n.empty for n in ns],
    }))
    keys = m.area_keys
    _insert(cur, "lke_area_scores", pd.DataFrame({
        "submission_id": sid, "area_key": keys, "area_order": list(range(1, len(keys) + 1)),
        "area_name": [m.area_name(k) for k in keys],
        "pemenuhan": [s.areas_pemenuhan[k] for k in keys], "reform": [s.areas_reform[k] for k in keys],
        "score": [s.areas[k] for k in keys], "weight": [s.area_weights[k] for k in keys],
        "pct": [s.area_pct(k) for k in keys],
    }))
    r = scoring.readiness(s, m, holds_wbk)
    cur.execute("INSERT INTO lke_scores VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [sid, s.total, s.pengungkit, s.hasil, s.pemenuhan, s.reform, s.nodes["n61"].score,
                 s.hasil_item(125), s.hasil_item(126), s.hasil_item(127), res.workbook_total,
                 len(res.differences), s.answered, s.unanswered, s.incomplete, r.level, r.wbbm_needs_wbk])
    cs = r.criteria
    _insert(cur, "lke_readiness", pd.DataFrame({
        "submission_id": sid, "level": [c.level for c in cs], "criterion": [c.key for c in cs],
        "label": [c.label for c in cs], "value": [c.value for c in cs],
        "threshold": [c.threshold for c in cs], "passed": [c.passed for c in cs],
        "decisive": [c.decisive for c in cs],
    }))
    findings = [("difference", res.sheet, d.cell, d.what.removeprefix("typed:"),
                 None if d.workbook is None else str(d.workbook), d.recomputed) for d in res.differences]
    findings += [("warning", w.sheet, w.cell, w.render_short(), None, None) for w in res.warnings]
    _insert(cur, "lke_findings", pd.DataFrame(findings, columns=["kind", "sheet", "cell", "message",
                                                                 "workbook", "recomputed"]
                                              ).assign(submission_id=sid)[
        ["submission_id", "kind", "sheet", "cell", "message", "workbook", "recomputed"]])


def restore_submission(con: duckdb.DuckDBPyConnection, submission_id: int, by: str | None = None) -> int:
    """Make an earlier version current again (the version it replaces stays in history)."""
    with db.transaction(con) as cur:
        row = db.one(cur, "SELECT unit_code, year, stage, file_name, sha256 FROM lke_submissions "
                          "WHERE id = ?", [submission_id])
        if row is None:
            raise _reject("", f"versi #{submission_id} tidak ditemukan")
        unit, year, stage, file_name, digest = row
        cur.execute("UPDATE lke_submissions SET is_current = (id = ?) WHERE unit_code = ? AND year = ? "
                    "AND stage = ?", [submission_id, unit, year, stage])
        cur.execute("INSERT INTO imports (kind, file_name, sha256, unit_code, year, stage, status, "
                    "submission_id, loaded_by, message) VALUES ('lke', ?, ?, ?, ?, ?, 'restored', ?, ?, ?)",
                    [file_name, digest, unit, year, stage, submission_id, by,
                     f"versi #{submission_id} dipulihkan"])
    return submission_id
