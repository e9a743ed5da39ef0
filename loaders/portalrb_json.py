"""A submission from PortalRB's ``jawaban-unit`` JSON (the body /api/portalrb/lke/jawaban-unit serves):
an agency whose LKE lives in another system feeds PantauZI without Excel.

The guarantees of the Excel loaders, answer by answer: every error names the ``soal_id`` (and field),
nothing is stored when any answer is wrong, the same file again changes nothing. ``jawaban_unit`` (+
``catatan_unit``, ``bukti_dukung_unit``) become the unit's own stage, ``jawaban_tpi`` (+ ``catatan_tpi``)
the TPI stage; a stage without any answer is not stored. soal_ids are the official 2026 master soal's;
for a year scored by the 90/2021 methodology they map to its questions by the bank's ``legacy_row``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Final

import duckdb

from loaders.ingest import IngestOutcome, check_target, store
from loaders.lke import LkeResult
from loaders.lke import answers as answer_cells
from loaders.lke.result import Answer
from loaders.prepare import Prepared, flatten
from pantauzi.core import portalrb, refdata, scoring
from pantauzi.core.problems import CellProblem, WorkbookRejected
from pantauzi.store import db

LAYOUT: Final = "portalrb-json"
SHEET = "jawaban-unit"
MAX_BYTES = 5 * 1024 * 1024
ANSWER_KEYS = {"soal_id", *portalrb.ANSWER_FIELDS}
TOP_KEYS = {"unit_id", "nama_unit", "tahun", "answers"}
# stage -> (answer field, note field, evidence field or None)
STAGE_FIELDS = {
    "self": ("jawaban_unit", "catatan_unit", "bukti_dukung_unit"),
    "tpi": ("jawaban_tpi", "catatan_tpi", None),
}


def _problem(
    label: str, where: str | None, message: str, found: Any = None, expected: str | None = None
) -> CellProblem:
    shown = None if found is None else (found if isinstance(found, str) else json.dumps(found, ensure_ascii=False))
    return CellProblem(label, SHEET, where, message, found=shown, expected=expected)


def _text(item: dict[str, Any] | None, key: str) -> str | None:
    v = item.get(key) if item else None
    return v.strip() or None if isinstance(v, str) else None


def read(content: bytes, label: str) -> dict[str, Any]:
    """The JSON object, or WorkbookRejected naming what is wrong with the file as a whole."""
    if len(content) > MAX_BYTES:
        raise WorkbookRejected(label, [_problem(label, None, f"berkas JSON melebihi {MAX_BYTES // (1024 * 1024)} MB")])
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f"baris {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else None
        raise WorkbookRejected(label, [_problem(label, where, "berkas bukan JSON UTF-8 yang sah")]) from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), list):
        raise WorkbookRejected(
            label, [_problem(label, None, "JSON harus berupa objek jawaban-unit dengan daftar 'answers'")]
        )
    return data


def detected(data: dict[str, Any]) -> dict[str, str]:
    """Unit and year the JSON states (for the upload page's pickers)."""
    out = {}
    if isinstance(data.get("unit_id"), str):
        out["unit"] = data["unit_id"]
    if isinstance(data.get("tahun"), int) and not isinstance(data.get("tahun"), bool):
        out["year"] = str(data["tahun"])
    return out


def score(data: dict[str, Any], year: int, label: str, unit: str | None = None) -> list[LkeResult]:
    """Validate every answer and score each stage that has one, by the methodology of `year`.
    Raises WorkbookRejected with every error (each naming its soal_id and field)."""
    problems: list[CellProblem] = []
    for key in sorted(set(data) - TOP_KEYS):
        problems.append(_problem(label, key, f"kunci '{key}' tidak dikenal pada jawaban-unit"))
    if "tahun" in data and data["tahun"] != year:
        problems.append(_problem(label, "tahun", f"tahun dalam berkas bukan {year}", data["tahun"], str(year)))
    if unit is not None and "unit_id" in data and data["unit_id"] != unit:
        problems.append(_problem(label, "unit_id", f"unit_id dalam berkas bukan '{unit}'", data["unit_id"], unit))
    m = refdata.for_year(year)
    to_question = portalrb.question_of(m.key)
    bank_ids = {q.id for q in portalrb.bank().questions}
    seen: set[int] = set()
    fields: dict[int, dict[str, Any]] = {}
    for i, item in enumerate(data["answers"]):
        if not isinstance(item, dict):
            problems.append(_problem(label, f"answers[{i}]", "setiap jawaban harus berupa objek"))
            continue
        sid = item.get("soal_id")
        if not isinstance(sid, int) or isinstance(sid, bool) or sid not in bank_ids:
            problems.append(
                _problem(label, f"answers[{i}].soal_id", "soal_id bukan soal master 2026", sid, "bilangan bulat 1–127")
            )
            continue
        where = f"soal_id {sid}"
        if sid in seen:
            problems.append(_problem(label, where, f"soal_id {sid} muncul lebih dari sekali"))
            continue
        seen.add(sid)
        for key in sorted(set(item) - ANSWER_KEYS):
            problems.append(_problem(label, f"{where}.{key}", f"kunci '{key}' tidak dikenal"))
        for key in portalrb.ANSWER_FIELDS:
            v = item.get(key)
            if v is not None and not isinstance(v, str):
                problems.append(_problem(label, f"{where}.{key}", "harus berupa teks atau null", v, "teks atau null"))
        if sid not in to_question and any(item.get(f) not in (None, "") for f in ("jawaban_unit", "jawaban_tpi")):
            problems.append(
                _problem(label, where, f"soal_id {sid} tidak punya padanan pada metodologi {m.title}; kosongkan")
            )
            continue
        fields[sid] = item
    soal_for = {qid: sid for sid, qid in to_question.items()}
    results: list[LkeResult] = []
    for stage, (answer_key, note_key, evidence_key) in STAGE_FIELDS.items():
        answers: list[Answer] = []
        stage_problems: list[CellProblem] = []
        for q in m.questions:
            sid = soal_for.get(q.id)
            item = fields.get(sid) if sid is not None else None
            raw = item.get(answer_key) if item else None
            cell = f"soal_id {sid}.{answer_key}"
            value, probs = (
                (None, []) if not isinstance(raw, str) else answer_cells.parse_answer(m, q, raw, label, SHEET, cell)
            )
            stage_problems += probs
            note = item.get(note_key) if item else None
            evidence = item.get(evidence_key) if item and evidence_key else None
            evidence_text = evidence if isinstance(evidence, str) else ""
            answers.append(
                Answer(
                    q.id,
                    cell,
                    raw,
                    value,
                    note if isinstance(note, str) else "",
                    evidence_text,
                    number=None if sid is None else str(sid),
                    link=answer_cells.first_link(evidence_text),
                    unit_note=_text(item, "catatan_unit"),
                    tpi_note=_text(item, "catatan_tpi"),
                )
            )
        problems += [p for p in stage_problems if p.severity == "error"]
        if any(a.value is not None for a in answers):
            s = scoring.score(m, {a.qid: a.value for a in answers}, cell_of=lambda k: f"soal/butir {k}")
            problems += [CellProblem(label, SHEET, p.cell, p.message, p.severity) for p in s.problems]
            warnings = tuple(p for p in stage_problems if p.severity == "warning")
            results.append(LkeResult(label, SHEET, LAYOUT, stage, m, s, tuple(answers), None, (), warnings, {}))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise WorkbookRejected(label, errors)
    if not results:
        raise WorkbookRejected(label, [_problem(label, None, "tidak ada satu pun jawaban (jawaban_unit/jawaban_tpi)")])
    return results


def prepare(content: bytes, unit: str, year: int, label: str, stage: str | None = None) -> list[Prepared]:
    """Validate and score the JSON (no database): the rows every derived table gets, per stage."""
    data = read(content, label)
    results = [r for r in score(data, year, label, unit) if stage is None or r.stage == stage]
    if not results:
        raise WorkbookRejected(label, [_problem(label, None, f"berkas tidak memuat jawaban tahap '{stage}'")])
    digest = hashlib.sha256(content).hexdigest()
    return [flatten(r, unit, year, digest, content) for r in results]


def ingest_json(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    unit: str,
    year: int,
    stage: str | None = None,
    loaded_by: str | None = None,
) -> list[IngestOutcome]:
    """Store a jawaban-unit JSON file as the unit's submission(s) in one transaction (idempotent)."""
    path = Path(path)
    label = path.name
    if not path.is_file():
        raise WorkbookRejected(label, [_problem(label, None, "berkas tidak ditemukan")])
    check_target(con, label, unit, year, stage)
    items = prepare(path.read_bytes(), unit, year, label, stage)
    with db.transaction(con) as cur:
        return store(cur, items, loaded_by)
