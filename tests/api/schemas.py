"""JSON Schemas of the three endpoints and the error body, written from PortalRB's "Panduan Teknis
API Integrasi ZI" 1.0.0 (and the answer forms of the 2026 master soal's jenis_jawaban)."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MASTER_SOAL = ROOT / "pantauzi" / "reference" / "source" / "lke-zi-2026-master-soal.json"

UNITS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["tahun", "units"],
    "additionalProperties": False,
    "properties": {
        "tahun": {"type": "integer"},
        "units": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "nama", "kategori", "afirmasi"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "nama": {"type": "string", "minLength": 1},
                    "kategori": {"enum": ["WBK", "WBK-AFIRMASI", "WBBM"]},
                    "afirmasi": {"type": "boolean"},
                },
            },
        },
    },
}

NULLABLE_TEXT = {"type": ["string", "null"]}

# the answer forms jenis_jawaban expects
ANSWER_PATTERNS = {
    "ABC": "^[ABC]$",
    "ABCD": "^[ABCD]$",
    "ABCDE": "^[ABCDE]$",
    "YA_TIDAK": "^(Ya|Tidak)$",
    "JUMLAH": "^[0-9]+$",
    "0-4": r"^(4(\.0+)?|[0-3](\.[0-9]+)?)$",
}


def master_soal() -> dict[int, str]:
    """soal_id -> jenis_jawaban of the official 2026 master soal (127 questions)."""
    out: dict[int, str] = {}

    def walk(node: dict) -> None:
        for s in node.get("soals", []):
            out[s["id"]] = s["jenis_jawaban"]
        for c in node.get("children", []):
            walk(c)

    for root in json.loads(MASTER_SOAL.read_text(encoding="utf-8"))["data"]:
        walk(root)
    return out


def jawaban_schema() -> dict:
    """The jawaban-unit schema with one branch per soal_id fixing the form of its answers."""
    soal = master_soal()
    branches = []
    for sid, jenis in sorted(soal.items()):
        answer = {"anyOf": [{"type": "null"}, {"type": "string", "pattern": ANSWER_PATTERNS[jenis.upper()]}]}
        branches.append(
            {
                "if": {"properties": {"soal_id": {"const": sid}}},
                "then": {"properties": {"jawaban_unit": answer, "jawaban_tpi": answer}},
            }
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["unit_id", "nama_unit", "tahun", "answers"],
        "additionalProperties": False,
        "properties": {
            "unit_id": {"type": "string", "minLength": 1},
            "nama_unit": {"type": "string", "minLength": 1},
            "tahun": {"type": "integer"},
            "answers": {
                "type": "array",
                "minItems": len(soal),
                "maxItems": len(soal),
                "items": {
                    "type": "object",
                    "required": [
                        "soal_id",
                        "jawaban_unit",
                        "jawaban_tpi",
                        "catatan_unit",
                        "bukti_dukung_unit",
                        "catatan_tpi",
                    ],
                    "additionalProperties": False,
                    "properties": {
                        "soal_id": {"type": "integer", "enum": sorted(soal)},
                        "jawaban_unit": NULLABLE_TEXT,
                        "jawaban_tpi": NULLABLE_TEXT,
                        "catatan_unit": NULLABLE_TEXT,
                        "bukti_dukung_unit": NULLABLE_TEXT,
                        "catatan_tpi": NULLABLE_TEXT,
                    },
                    "allOf": branches,
                },
            },
        },
    }


ERROR = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["error", "code", "message"],
    "additionalProperties": False,
    "properties": {
        "error": {"const": True},
        "code": {"type": "string", "pattern": "^[A-Z][A-Z_]*$"},
        "message": {"type": "string", "minLength": 1},
    },
}
