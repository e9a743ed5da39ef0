"""One answer cell: normalising the text and parsing it as the question's type expects."""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import Any

from pantauzi.core.problems import CellProblem
from pantauzi.core.refdata import Methodology, Question

OPTION_LIST = re.compile(r"^\s*[a-e](\s*/\s*[a-e])+\s*$|^\s*y(a)?\s*/\s*t(idak)?\s*$", re.I)


SPACES = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def norm_label(v: str) -> str:
    s = SPACES.sub(" ", v.replace("\xa0", " ")).strip().lower()
    return s.lstrip("-•· ").strip()


def norm_text(v: Any) -> str:
    # the same template strings recur in every workbook: cache their normal form
    return norm_label(v if isinstance(v, str) else str(v))


def _is_placeholder(m: Methodology, raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        t = SPACES.sub(" ", raw).strip().lower()
        return t in m.placeholders or bool(OPTION_LIST.match(t))
    return False


def parse_number(raw: Any) -> tuple[float | None, bool]:
    """-> (number or None, was_text). Accepts '3,62', ' 7 ', '1.234,5'."""
    if isinstance(raw, bool):
        return None, False
    if isinstance(raw, (int, float)):
        return (float(raw) if math.isfinite(raw) else None), False
    if isinstance(raw, str):
        t = raw.strip().replace("\xa0", "").replace(" ", "")
        # '1.234,5' or '1.234.567' are Indonesian thousands; a lone '3.625' stays a decimal point
        if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+,\d+|[-+]?\d{1,3}(\.\d{3}){2,}", t):
            t = t.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"[-+]?\d+,\d+", t):
            t = t.replace(",", ".")
        try:
            f = float(t)
        except ValueError:
            return None, True
        return (f if math.isfinite(f) else None), True
    return None, False


# (methodology, answer type, text) -> value, for answer texts that read without any problem
_CLEAN_TEXT: dict[tuple[str, str, str], float | None] = {}


def parse_answer(
    m: Methodology, q: Question, raw: Any, file: str, sheet: str, cell: str
) -> tuple[float | None, list[CellProblem]]:
    """Normalise one answer cell. Returns its value (None = unanswered) and any problems."""
    if not isinstance(raw, str):
        return _parse_answer(m, q, raw, file, sheet, cell)
    # the same few texts ('A', 'Ya', 'Tidak', 'a/b/c') fill every workbook: read each one once
    key = (m.key, q.type, raw)
    if key in _CLEAN_TEXT:
        return _CLEAN_TEXT[key], []
    value, probs = _parse_answer(m, q, raw, file, sheet, cell)
    if not probs and len(_CLEAN_TEXT) < 4096:
        _CLEAN_TEXT[key] = value
    return value, probs


def _parse_answer(
    m: Methodology, q: Question, raw: Any, file: str, sheet: str, cell: str
) -> tuple[float | None, list[CellProblem]]:
    if _is_placeholder(m, raw):
        return None, []
    spec = m.answer_types[q.type]
    if isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return None, [
            CellProblem(
                file,
                sheet,
                cell,
                "jawaban berupa tanggal/waktu, bukan jawaban yang sah",
                found=str(raw),
                expected=_expected(m, q),
            )
        ]
    if spec["kind"] == "choice":
        if isinstance(raw, str):
            t = re.sub(r"\s+", " ", raw).strip()
            for key, val in spec["values"].items():
                if t == key:
                    return float(val), []
                if t.lower() == key.lower():
                    return float(val), [
                        CellProblem(
                            file,
                            sheet,
                            cell,
                            f"jawaban '{raw}' dibaca sebagai '{key}'",
                            "warning",
                            found=raw,
                            expected=key,
                        )
                    ]
        return None, [
            CellProblem(
                file, sheet, cell, "jawaban di luar pilihan yang sah", found=_shown(raw), expected=_expected(m, q)
            )
        ]
    number, was_text = parse_number(raw)
    if number is None:
        return None, [
            CellProblem(file, sheet, cell, "jawaban harus berupa angka", found=_shown(raw), expected=_expected(m, q))
        ]
    probs: list[CellProblem] = []
    if was_text:
        probs.append(
            CellProblem(
                file,
                sheet,
                cell,
                f"angka tersimpan sebagai teks '{raw}' dibaca sebagai {number:g}",
                "warning",
                found=str(raw),
                expected=f"{number:g}",
            )
        )
    if spec["kind"] == "index" and not (spec["min"] <= number <= spec["max"]):
        probs.append(
            CellProblem(
                file,
                sheet,
                cell,
                f"nilai indeks harus antara {spec['min']} dan {spec['max']}",
                found=f"{number:g}",
                expected=_expected(m, q),
            )
        )
        return None, probs
    if spec["kind"] == "count":
        if number < 0:
            probs.append(
                CellProblem(
                    file, sheet, cell, "jumlah tidak boleh negatif", found=f"{number:g}", expected="bilangan bulat ≥ 0"
                )
            )
            return None, probs
        if number != int(number):
            probs.append(CellProblem(file, sheet, cell, f"jumlah {number:g} bukan bilangan bulat", "warning"))
    return number, probs


def _shown(raw: Any) -> str:
    return raw if isinstance(raw, str) else repr(raw)


def _expected(m: Methodology, q: Question) -> str:
    spec = m.answer_types[q.type]
    if spec["kind"] == "choice":
        return " / ".join(spec["values"])
    if spec["kind"] == "index":
        return f"angka {spec['min']}–{spec['max']} (mis. 3,62)"
    return "bilangan bulat ≥ 0"


def cell_text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def optional_text(v: Any) -> str | None:
    """A cell's text, None when the cell is empty (the columns added by migration 35 store no '')."""
    return cell_text(v) or None


def number_text(v: Any) -> str | None:
    """A numbering cell as text: '1.' as it is, a number without a spurious '.0' (ID Soal 2, not '2.0')."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return optional_text(v)


URL = re.compile(r"https?://[^\s<>\"']+", re.I)


def first_link(text: str | None) -> str | None:
    """The first http(s) address in an evidence text (PortalRB keeps the link inside 'Bukti Dukung')."""
    m = URL.search(text or "")
    return m.group(0).rstrip(".,;)") if m else None
