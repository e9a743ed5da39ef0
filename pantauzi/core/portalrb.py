"""PortalRB's "Panduan Teknis API Integrasi ZI" 1.0.0 as data: categories, error codes, the official
2026 soal ids and the answer forms its ``jenis_jawaban`` expects, and the mapping of a stored
submission's questions (2026 bank or legacy 90/2021 by ``legacy_row``) onto those soal ids."""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from pantauzi.core import refdata

PREFIX = "/api/portalrb"  # part of the contract: the agency registers https://host/api/portalrb as base_url
KATEGORI = ("WBK", "WBK-AFIRMASI", "WBBM")
KATEGORI_LABELS = {"WBK": "WBK", "WBK-AFIRMASI": "WBK (afirmasi)", "WBBM": "WBBM"}
ENDPOINT_KATEGORI = {"unit-wbk": ("WBK", "WBK-AFIRMASI"), "unit-wbbm": ("WBBM",)}
ANSWER_FIELDS = ("jawaban_unit", "jawaban_tpi", "catatan_unit", "bukti_dukung_unit", "catatan_tpi")

# status -> the code PortalRB reads (English capitals); messages are Indonesian
CODES = {
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "DATA_NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMIT_EXCEEDED",
    500: "INTERNAL_ERROR",
}


def default_rate_limit() -> int:
    """Calls per minute per token: $PANTAUZI_API_RATE_LIMIT, else 120 (a token's own limit wins)."""
    try:
        return max(1, int(os.environ.get("PANTAUZI_API_RATE_LIMIT", "120")))
    except ValueError:
        return 120


def default_year() -> int:
    """The proposal year served when PortalRB sends no ?tahun=: $PANTAUZI_PORTALRB_YEAR, else this year."""
    text = os.environ.get("PANTAUZI_PORTALRB_YEAR", "")
    return int(text) if text.isdigit() else time.gmtime().tm_year


def bank() -> refdata.Methodology:
    """The official 2026 master soal (127 questions): the soal_id space of the API."""
    return refdata.for_layout("portalrb")


@cache
def _legacy_to_soal(methodology_key: str) -> dict[int, int]:
    """question id of `methodology_key` -> 2026 soal_id, through the bank's legacy_row."""
    target = bank()
    if methodology_key == target.key:
        return {q.id: q.id for q in target.questions}
    source = next(m for m in refdata.methodologies() if m.key == methodology_key)
    by_row = {q.legacy_row: q.id for q in target.questions if q.legacy_row is not None}
    return {q.id: by_row[q.legacy_row] for q in source.questions if q.legacy_row in by_row}


def soal_of(methodology_key: str) -> dict[int, int]:
    """A stored submission's question id -> soal_id (questions without a 2026 counterpart are absent)."""
    return dict(_legacy_to_soal(methodology_key))


def question_of(methodology_key: str) -> dict[int, int]:
    """soal_id -> the question id of `methodology_key` (the inverse of soal_of)."""
    return {s: q for q, s in _legacy_to_soal(methodology_key).items()}


def without_counterpart(methodology_key: str) -> list[int]:
    """2026 soal_ids a submission of `methodology_key` cannot answer (no legacy_row in common)."""
    mapped = set(_legacy_to_soal(methodology_key).values())
    return [q.id for q in bank().questions if q.id not in mapped]


def answer_text(jenis: str, value: float | None) -> str | None:
    """A stored value in the form the master soal's jenis_jawaban expects: the choice's key (A, B, Ya,
    Tidak), a whole number for Jumlah, the number for the 0-4 surveys. None when unanswered."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    spec = bank().answer_types[jenis]
    if spec["kind"] == "choice":
        for key, v in spec["values"].items():
            if float(v) == float(value):
                return str(key)
        raise ValueError(f"nilai {value!r} bukan pilihan {jenis}")
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return repr(number)  # the shortest text that reads back as the same float


@dataclass(frozen=True)
class StageAnswers:
    """One current submission: its methodology and, per question id, (value, note, evidence)."""

    submission_id: int
    methodology: str
    rows: dict[int, tuple[float | None, str | None, str | None]]


def _text(v: str | None) -> str | None:
    return v if v else None


def answers(self_stage: StageAnswers | None, tpi_stage: StageAnswers | None) -> list[dict[str, Any]]:
    """The `answers` array of /lke/jawaban-unit: every 2026 soal_id in order, each field from the unit's
    own and the TPI's submission mapped by soal_of (null where a stage or a counterpart is missing)."""
    b = bank()

    def by_soal(stage: StageAnswers | None) -> dict[int, tuple[float | None, str | None, str | None]]:
        if stage is None:
            return {}
        to_soal = _legacy_to_soal(stage.methodology)
        return {to_soal[q]: row for q, row in stage.rows.items() if q in to_soal}

    own, tpi = by_soal(self_stage), by_soal(tpi_stage)
    out = []
    for q in b.questions:
        o, t = own.get(q.id), tpi.get(q.id)
        out.append(
            {
                "soal_id": q.id,
                "jawaban_unit": answer_text(q.type, o[0]) if o else None,
                "jawaban_tpi": answer_text(q.type, t[0]) if t else None,
                "catatan_unit": _text(o[1]) if o else None,
                "bukti_dukung_unit": _text(o[2]) if o else None,
                "catatan_tpi": _text(t[1]) if t else None,
            }
        )
    return out


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    return {"error": True, "code": code or CODES.get(status, "ERROR"), "message": message}


def encode(body: dict[str, Any]) -> bytes:
    """The one serialization of every body: the same data gives the same bytes (retries, stamps)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def stamp(body: dict[str, Any]) -> str:
    """What PortalRB received, in 16 hex digits: a later body with another stamp has changed."""
    return hashlib.sha256(encode(body)).hexdigest()[:16]


class ApiError(Exception):
    """A refusal PortalRB receives as {"error": true, "code", "message"} with this HTTP status."""

    def __init__(self, status: int, message: str, code: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "ERROR")

    def body(self) -> dict[str, Any]:
        return error_body(self.status, self.message, self.code)
