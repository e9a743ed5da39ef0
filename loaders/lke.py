"""Read an LKE ZI workbook (legacy 90/2021 sheet or PortalRB 2026 "Jawaban") and rescore it.

The workbook's own formulas are never trusted: answers are normalised, scored with the
reference data (pantauzi.scoring), and every cached value that differs is reported.
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from loaders.workbook import Workbook, col_index, col_letter, open_workbook
from pantauzi import refdata, scoring
from pantauzi.problems import CellProblem, WorkbookRejected
from pantauzi.refdata import Methodology, Question

STAGES = ("self", "tpi", "tpn")
# Legacy 90/2021 columns (0-based): C..G labels by level, J type, K answer, L value, O note, P evidence, Q link.
LEGACY = {"type": 9, "answer": 10, "value": 11, "note": 14, "evidence": 15, "link": 16}
LEVEL_COL = {"komponen": 2, "sub_komponen": 3, "area_perubahan": 4, "sub_area": 5,
             "sub_sub_area": 5, "hasil_item": 4, "question": 6}
TOLERANCE = 1e-6
OPTION_LIST = re.compile(r"^\s*[a-e](\s*/\s*[a-e])+\s*$|^\s*y(a)?\s*/\s*t(idak)?\s*$", re.I)


@dataclass(frozen=True)
class Answer:
    qid: int
    cell: str
    raw: Any
    value: float | None
    note: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Difference:
    cell: str
    workbook: Any
    recomputed: float
    what: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"cell": self.cell, "workbook": self.workbook, "recomputed": self.recomputed}


@dataclass(frozen=True)
class LkeResult:
    file: str
    sheet: str
    layout: str
    stage: str
    methodology: Methodology
    score: scoring.Score
    answers: tuple[Answer, ...]
    workbook_total: float | None
    differences: tuple[Difference, ...]
    warnings: tuple[CellProblem, ...]
    node_cells: dict[str, str] = field(default_factory=dict)

    @property
    def incomplete(self) -> bool:
        return self.score.incomplete

    def as_json(self) -> dict[str, Any]:
        s = self.score
        return {
            "file": self.file,
            "sheet": self.sheet,
            "layout": self.layout,
            "methodology": self.methodology.key,
            "stage": self.stage,
            "total": s.total,
            "pengungkit": s.pengungkit,
            "hasil": s.hasil,
            "pemenuhan": s.pemenuhan,
            "reform": s.reform,
            "areas": s.areas,
            "areas_pemenuhan": s.areas_pemenuhan,
            "areas_reform": s.areas_reform,
            "incomplete": s.incomplete,
            "answered": s.answered,
            "unanswered": s.unanswered,
            "workbook_total": self.workbook_total,
            "differences": [d.as_dict() for d in self.differences],
            "warnings": [{"cell": w.cell, "message": w.render_short()} for w in self.warnings],
            "empty_sub_areas": [
                {"node": ns.node.id, "name": ns.node.name, "cell": self.node_cells.get(ns.node.id)}
                for ns in s.empty_nodes
            ],
            "sub_areas": [
                {"node": ns.node.id, "name": ns.node.name, "area": ns.node.area, "part": ns.node.part,
                 "weight": ns.node.weight, "score": ns.score, "unanswered": ns.unanswered_questions,
                 "partial": ns.partial}
                for ns in s.nodes.values() if ns.node.level in scoring.LEAF_LEVELS and ns.leaf
            ],
        }


# ---------------------------------------------------------------- normalisation
SPACES = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def _norm_label(v: str) -> str:
    s = SPACES.sub(" ", v.replace("\xa0", " ")).strip().lower()
    return s.lstrip("-•· ").strip()


def _norm_text(v: Any) -> str:
    # the same template strings recur in every workbook: cache their normal form
    return _norm_label(v if isinstance(v, str) else str(v))


def _is_placeholder(m: Methodology, raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        t = SPACES.sub(" ", raw).strip().lower()
        return t in m.placeholders or bool(OPTION_LIST.match(t))
    return False


def _parse_number(raw: Any) -> tuple[float | None, bool]:
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
_MISSING = object()


def parse_answer(m: Methodology, q: Question, raw: Any, file: str, sheet: str, cell: str
                 ) -> tuple[float | None, list[CellProblem]]:
    """Normalise one answer cell. Returns its value (None = unanswered) and any problems."""
    if not isinstance(raw, str):
        return _parse_answer(m, q, raw, file, sheet, cell)
    # the same few texts ('A', 'Ya', 'Tidak', 'a/b/c') fill every workbook: read each one once
    key = (m.key, q.type, raw)
    value = _CLEAN_TEXT.get(key, _MISSING)
    if value is not _MISSING:
        return value, []  # type: ignore[return-value]
    value, probs = _parse_answer(m, q, raw, file, sheet, cell)
    if not probs and len(_CLEAN_TEXT) < 4096:
        _CLEAN_TEXT[key] = value
    return value, probs


def _parse_answer(m: Methodology, q: Question, raw: Any, file: str, sheet: str, cell: str
                  ) -> tuple[float | None, list[CellProblem]]:
    if _is_placeholder(m, raw):
        return None, []
    spec = m.answer_types[q.type]
    if isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return None, [CellProblem(file, sheet, cell, "jawaban berupa tanggal/waktu, bukan jawaban yang sah",
                                  found=str(raw), expected=_expected(m, q))]
    if spec["kind"] == "choice":
        if isinstance(raw, str):
            t = re.sub(r"\s+", " ", raw).strip()
            for key, val in spec["values"].items():
                if t == key:
                    return float(val), []
                if t.lower() == key.lower():
                    return float(val), [CellProblem(file, sheet, cell, f"jawaban '{raw}' dibaca sebagai "
                                                    f"'{key}'", "warning", found=raw, expected=key)]
        return None, [CellProblem(file, sheet, cell, "jawaban di luar pilihan yang sah", found=_shown(raw),
                                  expected=_expected(m, q))]
    number, was_text = _parse_number(raw)
    if number is None:
        return None, [CellProblem(file, sheet, cell, "jawaban harus berupa angka", found=_shown(raw),
                                  expected=_expected(m, q))]
    probs: list[CellProblem] = []
    if was_text:
        probs.append(CellProblem(file, sheet, cell, f"angka tersimpan sebagai teks '{raw}' dibaca sebagai "
                                 f"{number:g}", "warning", found=str(raw), expected=f"{number:g}"))
    if spec["kind"] == "index" and not (spec["min"] <= number <= spec["max"]):
        probs.append(CellProblem(file, sheet, cell, f"nilai indeks harus antara {spec['min']} dan "
                                 f"{spec['max']}", found=f"{number:g}", expected=_expected(m, q)))
        return None, probs
    if spec["kind"] == "count":
        if number < 0:
            probs.append(CellProblem(file, sheet, cell, "jumlah tidak boleh negatif", found=f"{number:g}",
                                     expected="bilangan bulat ≥ 0"))
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


# ---------------------------------------------------------------- sheet access
def _cell(rows: list[list[Any]], r: int, c: int) -> Any:
    """1-based row r, 0-based column c; '' for outside the used range."""
    if r < 1 or r > len(rows):
        return None
    row = rows[r - 1]
    v = row[c] if c < len(row) else None
    return None if v == "" else v


def _label_match(cell: Any, label: str) -> bool:
    if cell is None or not isinstance(cell, str) or not label:
        return False
    return _strings_match(cell, label)


@lru_cache(maxsize=65536)
def _strings_match(cell: str, label: str) -> bool:
    a, b = _norm_text(cell), _norm_label(label)
    if a == b:
        return True
    if min(len(a), len(b)) >= 12 and (a.startswith(b[:40]) or b.startswith(a[:40])):
        return True
    if abs(len(a) - len(b)) > 0.3 * max(len(a), len(b)):
        return False
    sm = difflib.SequenceMatcher(None, a, b)
    return sm.real_quick_ratio() >= 0.85 and sm.quick_ratio() >= 0.85 and sm.ratio() >= 0.85


@dataclass(frozen=True)
class Anchor:
    key: str  # "q12" | "n36" | "pct_lhkpn" | "total" ...
    row: int
    col: int
    label: str


@lru_cache(maxsize=8)
def _search_order(window: int) -> tuple[int, ...]:
    """0, +1, -1, +2, -2, ...: the nearest rows first."""
    return (0,) + tuple(x for k in range(1, window) for x in (k, -k))


def _align(rows: list[list[Any]], anchors: list[Anchor], window: int = 40) -> tuple[dict[str, int], int]:
    """Find each anchor's actual row, allowing inserted/deleted rows. -> (key -> row, verified count)."""
    found: dict[str, int] = {}
    offset, verified = 0, 0
    for a in sorted(anchors, key=lambda a: a.row):
        exp = a.row + offset
        hit = None
        for d in _search_order(window):
            if _label_match(_cell(rows, exp + d, a.col), a.label):
                hit = exp + d
                break
        if hit is not None:
            verified += 1
            offset = hit - a.row
            found[a.key] = hit
        else:
            found[a.key] = exp
    return found, verified


def legacy_anchors(m: Methodology) -> list[Anchor]:
    out = [Anchor(n.id, n.legacy_row, LEVEL_COL[n.level], n.legacy_label)
           for n in m.nodes if n.legacy_row and n.level != "hasil_item"]
    out += [Anchor(f"q{q.id}", q.legacy_row, LEVEL_COL["hasil_item" if q.node.startswith("h") else "question"],
                   q.legacy_label) for q in m.questions if q.legacy_row]
    out += [Anchor(p.id, p.legacy_row, LEVEL_COL["question"], p.legacy_label) for p in m.percent_items
            if p.legacy_row]
    out += [Anchor(t.id, t.legacy_row, LEVEL_COL["question"], t.legacy_label) for t in m.typed_totals]
    out += [Anchor(k, v["legacy_row"], 1, v["legacy_label"]) for k, v in m.total_rows.items()]
    return out


def portalrb_anchors(m: Methodology) -> list[Anchor]:
    return [Anchor(f"q{q.id}", q.portalrb_row, -1, q.text) for q in m.questions if q.portalrb_row]


_ANCHORS: dict[tuple[str, str], tuple[list[Anchor], list[Anchor]]] = {}


def _anchors(legacy_m: Methodology, portal_m: Methodology) -> tuple[list[Anchor], list[Anchor]]:
    """Anchor lists per methodology pair, built once per process (reference data is immutable)."""
    key = (legacy_m.key, portal_m.key)
    if key not in _ANCHORS:
        _ANCHORS[key] = (sorted(legacy_anchors(legacy_m), key=lambda a: a.row), portalrb_anchors(portal_m))
    return _ANCHORS[key]


def load_reference() -> None:
    """Load both layouts' reference data and anchors now (a worker process does this at start-up)."""
    _anchors(refdata.for_layout("legacy"), refdata.for_layout("portalrb"))


def _row_has_text(rows: list[list[Any]], r: int, label: str) -> bool:
    if r < 1 or r > len(rows):
        return False
    return any(_label_match(v, label) for v in rows[r - 1][:12] if isinstance(v, str) and len(v) > 8)


def _align_portalrb(rows: list[list[Any]], anchors: list[Anchor]) -> tuple[dict[str, int], int]:
    found: dict[str, int] = {}
    offset, verified = 0, 0
    for a in anchors:
        exp = a.row + offset
        hit = next((exp + d for d in [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5]
                    if _row_has_text(rows, exp + d, a.label)), None)
        if hit is not None:
            verified += 1
            offset = hit - a.row
        found[a.key] = hit if hit is not None else exp
    return found, verified


# ---------------------------------------------------------------- detection
def _detect(wb: Workbook) -> tuple[str, str, dict[str, int]]:
    """-> (layout, sheet name, anchor rows). Raises WorkbookRejected for another instrument."""
    legacy_m = refdata.for_layout("legacy")
    portal_m = refdata.for_layout("portalrb")
    la, pa = _anchors(legacy_m, portal_m)
    names = wb.sheet_names
    by_norm = {re.sub(r"\s+", " ", n).strip().lower(): n for n in names}
    ordered = [by_norm[k] for k in ("lke zi", "jawaban") if k in by_norm]
    ordered += [n for n in names if n not in ordered]
    best: tuple[float, str, str, dict[str, int]] | None = None
    unreadable: list[str] = []
    for name in ordered:
        try:
            rows = wb.rows(name)
        except Exception:  # calamine raises several error types for a damaged sheet part
            unreadable.append(name)
            continue
        if not rows:
            continue
        found, ok = _align(rows, la)
        ratio = ok / len(la)
        named = re.sub(r"\s+", " ", name).strip().lower()
        if ratio >= 0.4 or (named == "lke zi" and ratio >= 0.1):
            # the template's own sheet name: trust its rows even when labels were retyped
            return "legacy", name, found
        pfound, pok = _align_portalrb(rows, pa)
        pratio = pok / len(pa)
        if pratio >= 0.5:
            return "portalrb", name, pfound
        if named == "jawaban" and ratio < 0.2:
            # A PortalRB export may carry answers without question text: trust the bank's coordinates.
            return "portalrb", name, {a.key: a.row for a in pa}
        cand = max((ratio, "legacy", found), (pratio, "portalrb", pfound), key=lambda t: t[0])
        if best is None or cand[0] > best[0]:
            best = (cand[0], name, cand[1], cand[2])
    if unreadable:
        damaged = ", ".join(f"'{n}'" for n in unreadable)
        msg = (f"lembar {damaged} rusak dan tidak dapat dibaca, sehingga nilai LKE ZI tidak dapat dihitung; "
               "buka berkas di Excel, simpan ulang sebagai .xlsx, lalu unggah lagi")
        raise WorkbookRejected(wb.label, [CellProblem(wb.label, unreadable[0], None, msg)])
    shown = ", ".join(f"'{n}'" for n in names[:8])
    msg = ("tidak ditemukan lembar LKE ZI: tidak ada lembar 'LKE ZI' (templat PermenPANRB 90/2021) "
           f"atau 'Jawaban' (PortalRB 2026) yang cocok dengan bank soal. Lembar yang ada: {shown}")
    if best and best[0] > 0:
        msg += f". Lembar paling mirip '{best[1]}' hanya cocok {best[0] * 100:.0f}%"
    raise WorkbookRejected(wb.label, [CellProblem(wb.label, None, None, msg)])


# ---------------------------------------------------------------- scoring a file
def _num(v: Any) -> float | None:
    n, _ = _parse_number(v)
    return n


def _compare(cell: str, cached: Any, recomputed: float | None, what: str, out: list[Difference]) -> None:
    if cached is None or recomputed is None:
        return
    # cached formula values are nearly always finite floats: _num's answer without its checks
    n = cached if type(cached) is float and math.isfinite(cached) else _num(cached)
    if n is None:
        out.append(Difference(cell, cached if not isinstance(cached, float) else None, recomputed, what))
    elif abs(n - recomputed) > TOLERANCE:
        out.append(Difference(cell, n, recomputed, what))


def score_file(path: str | Path, stage: str | None = None, label: str | None = None) -> LkeResult:
    """Read, validate and rescore one LKE workbook. Raises WorkbookRejected on any error."""
    wb = open_workbook(path, label)
    layout, sheet, rows_at = _detect(wb)
    rows = wb.rows(sheet)
    if layout == "legacy":
        return _score_legacy(wb, sheet, rows, rows_at, stage or "self")
    return _score_portalrb(wb, sheet, rows, rows_at, stage or "self")


def _finish(wb: Workbook, sheet: str, layout: str, stage: str, m: Methodology, answers: list[Answer],
            problems: list[CellProblem], qcell: dict[Any, str], node_cells: dict[str, str],
            cached: dict[str, Any] | None) -> LkeResult:
    values = {a.qid: a.value for a in answers}
    s = scoring.score(m, values, cell_of=lambda k: qcell.get(k) or node_cells.get(str(k)) or "")
    problems += [replace(p, file=wb.label, sheet=sheet) for p in s.problems]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise WorkbookRejected(wb.label, errors)
    diffs: list[Difference] = []
    workbook_total = None
    if cached is not None:
        diffs, workbook_total = _differences(m, s, cached, values)
        for d in diffs:
            if d.what.startswith("typed:"):
                problems.append(CellProblem(wb.label, sheet, d.cell, d.what.removeprefix("typed:"),
                                            "warning", found=f"{d.workbook}", expected=f"{d.recomputed:g}"))
    warnings = tuple(wb.warnings + [p for p in problems if p.severity == "warning"])
    return LkeResult(wb.label, sheet, layout, stage, m, s, tuple(answers), workbook_total, tuple(diffs),
                     warnings, node_cells)


@lru_cache(maxsize=4096)
def _split_ref(cell: str) -> tuple[int, int]:
    """'K12' -> (12, 10): 1-based row, 0-based column."""
    letters = cell.rstrip("0123456789")
    return int(cell[len(letters):]), col_index(letters)


@dataclass(frozen=True)
class _LegacyCells:
    """Where a legacy sheet's cells are for one set of anchor rows. Every workbook of a template has
    the same rows, so this is worked out once per process and template, not once per workbook."""
    questions: tuple[tuple[Question, int, str], ...]  # question, row, answer cell
    qcell: dict[Any, str]                              # question / % item -> its answer cell
    node_cells: dict[str, str]                         # node -> the cell of its cached value
    cached: tuple[tuple[str, str, Any, str, int, int], ...]  # cell, kind, key, what, row, column


_LEGACY_CELLS: dict[tuple, _LegacyCells] = {}


def _legacy_cells(m: Methodology, at: dict[str, int]) -> _LegacyCells:
    key = (m.key, tuple(at.items()))
    found = _LEGACY_CELLS.get(key)
    if found is None:
        if len(_LEGACY_CELLS) >= 64:  # many differently shifted sheets: stay bounded
            _LEGACY_CELLS.clear()
        found = _LEGACY_CELLS[key] = _build_legacy_cells(m, at)
    return found


def _build_legacy_cells(m: Methodology, at: dict[str, int]) -> _LegacyCells:
    a, v = col_letter(LEGACY["answer"]), col_letter(LEGACY["value"])
    questions = tuple((q, at[f"q{q.id}"], f"{a}{at[f'q{q.id}']}") for q in m.questions)
    qcell: dict[Any, str] = {q.id: cell for q, _, cell in questions}
    node_cells = {n.id: f"{v}{at[n.id]}" for n in m.nodes if n.id in at}
    node_cells.update({n.id: qcell[int(n.id[1:])].replace(a, v) for n in m.nodes if n.level == "hasil_item"})
    for p in m.percent_items:
        qcell[p.id] = f"{a}{at[p.id]}"
    cached: dict[str, tuple[str, Any]] = {}
    for q in m.questions:
        if q.type != "JUMLAH" and not q.node.startswith("h"):
            cached[f"{v}{at[f'q{q.id}']}"] = ("question", q.id)
    for n in m.nodes:
        if n.id in node_cells:
            cached[node_cells[n.id]] = ("node", n.id)
    for p in m.percent_items:
        cached[f"{a}{at[p.id]}"] = ("percent", p.id)
        cached[f"{v}{at[p.id]}"] = ("percent", p.id)
    for t in m.typed_totals:
        cached[f"{a}{at[t.id]}"] = ("typed", t.id)
    for k in m.total_rows:
        cached[f"{v}{at[k]}"] = ("total", k)
    return _LegacyCells(questions, qcell, node_cells, tuple(
        (cell, kind, key, _what(m, kind, key), *_split_ref(cell)) for cell, (kind, key) in cached.items()))


TOTAL_NAMES = {"pengungkit_total": "total pengungkit", "hasil_total": "total hasil",
               "total": "nilai evaluasi zona integritas"}


def _what(m: Methodology, kind: str, key: Any) -> str:
    """What a cached cell holds, as a difference names it."""
    if kind == "question":
        return f"nilai pertanyaan {key}"
    if kind == "node":
        return f"nilai {m.node(key).name.strip()}"
    if kind == "percent":
        return next(p.label for p in m.percent_items if p.id == key)
    if kind == "typed":
        t = next(t for t in m.typed_totals if t.id == key)
        return (f"typed:{t.label}: jumlah yang diketik berbeda dari penjumlahan rinciannya; "
                "yang dipakai penjumlahan rinciannya")
    return TOTAL_NAMES[key]


def _at(row: list[Any], c: int) -> Any:
    """Column c of a row; None for '' and outside the used range (as _cell)."""
    v = row[c] if c < len(row) else None
    return None if v == "" else v


def _score_legacy(wb: Workbook, sheet: str, rows: list[list[Any]], at: dict[str, int], stage: str
                  ) -> LkeResult:
    m = refdata.for_layout("legacy")
    lc = _legacy_cells(m, at)
    ac, tc, nc, ec = LEGACY["answer"], LEGACY["type"], LEGACY["note"], LEGACY["evidence"]
    problems: list[CellProblem] = []
    answers: list[Answer] = []
    for q, r, cell in lc.questions:
        row = rows[r - 1] if 0 < r <= len(rows) else ()
        raw = _at(row, ac)
        value, probs = parse_answer(m, q, raw, wb.label, sheet, cell)
        problems += probs
        typed = _at(row, tc)
        if typed is not None and _norm_text(typed) != _norm_text(q.legacy_type_label) and q.type != "JUMLAH":
            problems.append(CellProblem(wb.label, sheet, f"{col_letter(tc)}{r}", "jenis jawaban di workbook "
                                        "tidak sesuai bank soal; dinilai menurut bank soal", "warning",
                                        found=str(typed), expected=q.legacy_type_label.replace("\n", " ")))
        answers.append(Answer(q.id, cell, raw, value, _text(_at(row, nc)), _text(_at(row, ec))))
    cached_values = {cell: (kind, key, what, _cell(rows, r, c)) for cell, kind, key, what, r, c in lc.cached}
    return _finish(wb, sheet, "legacy", stage, m, answers, problems, lc.qcell, dict(lc.node_cells),
                   cached_values)


def _differences(m: Methodology, s: scoring.Score, cached: dict[str, Any], values: dict[int, float | None]
                 ) -> tuple[list[Difference], float | None]:
    diffs: list[Difference] = []
    workbook_total = None
    totals = {"pengungkit_total": s.pengungkit, "hasil_total": s.hasil, "total": s.total}
    for cell, (kind, key, what, wv) in cached.items():
        if kind == "question":
            rec = scoring.question_item_value(m, key, values.get(key))
        elif kind == "node":
            rec = s.nodes[key].score
        elif kind == "percent":
            rec = s.percent_values[key]
        elif kind == "typed":
            parts = [values.get(q) for q in next(t for t in m.typed_totals if t.id == key).parts]
            rec = sum(parts) if all(p is not None for p in parts) else None  # type: ignore[arg-type]
        else:
            rec = totals[key]
            if key == "total":
                workbook_total = _num(wv)
        _compare(cell, wv, rec, what, diffs)
    diffs.sort(key=lambda d: (_split_ref(d.cell)[0], d.cell))
    return diffs, workbook_total


def _score_portalrb(wb: Workbook, sheet: str, rows: list[list[Any]], at: dict[str, int], stage: str
                    ) -> LkeResult:
    m = refdata.for_layout("portalrb")
    cfg = m.portalrb
    if stage not in cfg["answer_col"]:
        raise WorkbookRejected(wb.label, [CellProblem(wb.label, sheet, None, f"berkas PortalRB hanya memuat "
                                                      f"jawaban unit (self) dan TPI, bukan tahap '{stage}'")])
    ac = col_index(cfg["answer_col"][stage])
    nc = col_index(cfg["note_col"][stage])
    ec = col_index(cfg["evidence_col"])
    problems: list[CellProblem] = []
    answers: list[Answer] = []
    qcell: dict[Any, str] = {}
    for q in m.questions:
        r = at[f"q{q.id}"]
        cell = f"{col_letter(ac)}{r}"
        qcell[q.id] = cell
        raw = _cell(rows, r, ac)
        value, probs = parse_answer(m, q, raw, wb.label, sheet, cell)
        problems += probs
        answers.append(Answer(q.id, cell, raw, value, _text(_cell(rows, r, nc)), _text(_cell(rows, r, ec))))
    node_cells = {n.id: qcell[int(n.id[1:])] for n in m.nodes if n.level == "hasil_item"}
    for n in m.nodes:
        qs = m.questions_of(n.id)
        if n.id not in node_cells and qs:
            node_cells[n.id] = qcell[qs[0].id]
    for p in m.percent_items:
        qcell[p.id] = qcell[p.inputs[0]]
    for n in m.nodes:  # parents without own questions: first child's cell
        if n.id not in node_cells:
            kids = [k for k in m.nodes if k.parent == n.id and k.id in node_cells]
            if kids:
                node_cells[n.id] = node_cells[kids[0].id]
    return _finish(wb, sheet, "portalrb", stage, m, answers, problems, qcell, node_cells, None)


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()
