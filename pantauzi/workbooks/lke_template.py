"""Write LKE ZI workbooks with openpyxl: the 90/2021 'LKE ZI' layout and the PortalRB 2026 'Jawaban' sheet.

Everything comes from the reference data (pantauzi.refdata). Cached values, where the real template has
formula results, are the recomputed scores of pantauzi.core.scoring written as plain numbers, so a workbook
written here reads back through loaders.lke without differences unless a test asks for one.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pantauzi.core import refdata, scoring
from pantauzi.core.refdata import Methodology, Node, PercentItem, Question
from pantauzi.workbooks import safetext
from pantauzi.workbooks.xlsx import active_sheet

LEGACY_TITLE = "LEMBAR KERJA EVALUASI ZONA INTEGRITAS MENUJU WBK/WBBM\n(Lampiran III PermenPANRB Nomor 90 Tahun 2021)"
PORTALRB_TITLE = "LEMBAR KERJA EVALUASI ZONA INTEGRITAS 2026"
BLM = "Blm Diisi"
DIV0 = "#DIV/0!"
# 1-based label column per level (C komponen .. G question); the numbering sits one column to the left
LEVEL_COL = {
    "komponen": 3,
    "sub_komponen": 4,
    "area_perubahan": 5,
    "sub_area": 6,
    "sub_sub_area": 6,
    "hasil_item": 5,
    "question": 7,
}
COL = {
    "weight": 8,
    "criteria": 9,
    "type": 10,
    "answer": 11,
    "value": 12,
    "pct": 13,
    "note": 15,
    "evidence": 16,
    "link": 17,
}
LEGACY_HEADER = {
    "B": "Penilaian",
    "H": "Bobot",
    "I": "Penjelasan",
    "J": "Pilihan Jawaban",
    "K": "Jawaban",
    "L": "Nilai",
    "M": "%",
    "O": "Catatan/Keterangan/Penjelasan",
    "P": "Bukti",
    "Q": "Link",
}
LEGACY_WIDTHS = {
    "A": 3,
    "B": 4,
    "C": 4,
    "D": 4,
    "E": 4,
    "F": 4,
    "G": 58,
    "H": 8,
    "I": 40,
    "J": 12,
    "K": 12,
    "L": 10,
    "M": 9,
    "N": 2,
    "O": 36,
    "P": 30,
    "Q": 24,
}
PORTALRB_HEADER = {
    "A": "ID Soal",
    "B": "Komponen / Area / Sub-area",
    "C": "Pertanyaan",
    "J": "Jenis Jawaban",
    "K": "Jawaban Unit",
    "L": "Catatan Unit",
    "M": "Bukti Dukung",
    "N": "Jawaban TPI",
    "Q": "Catatan TPI",
}
PORTALRB_WIDTHS = {
    "A": 8,
    "B": 34,
    "C": 70,
    "D": 2,
    "E": 2,
    "F": 2,
    "G": 2,
    "H": 2,
    "I": 2,
    "J": 13,
    "K": 13,
    "L": 30,
    "M": 30,
    "N": 13,
    "O": 2,
    "P": 2,
    "Q": 30,
}
PORTALRB_HEADER_ROW = 4
NUMBERING = re.compile(r"^\s*([A-Z]|[IVX]+|[ivx]+|\d+|[a-z])\.\s+")
OPTION_LIST = re.compile(r"^\s*[a-e](\s*/\s*[a-e])+\s*$|^\s*y(a)?\s*/\s*t(idak)?\s*$", re.I)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
FILLS = {
    "komponen": PatternFill("solid", fgColor="BDD7EE"),
    "sub_komponen": PatternFill("solid", fgColor="DDEBF7"),
    "area_perubahan": PatternFill("solid", fgColor="FFF2CC"),
    "total": PatternFill("solid", fgColor="E2EFDA"),
}
THIN = Border(bottom=Side(style="thin", color="BFBFBF"))


def _row(item: Node | Question | PercentItem) -> int:
    """An item's row in the 90/2021 layout (every item written there has one)."""
    if item.legacy_row is None:
        raise ValueError(f"{item.id} has no row in the 90/2021 layout")
    return item.legacy_row


# ---------------------------------------------------------------- answers -> normalised values
def normalize(m: Methodology, q: Question, raw: Any) -> float | None:
    """The scoring value of one raw answer as the loader reads it (None: unanswered or invalid)."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, str):
        t = re.sub(r"\s+", " ", raw).strip()
        if t.lower() in m.placeholders or OPTION_LIST.match(t):
            return None
    spec = m.answer_types[q.type]
    if spec["kind"] == "choice":
        if not isinstance(raw, str):
            return None
        return next((float(v) for k, v in spec["values"].items() if k.lower() == t.lower()), None)
    number = _number(raw)
    if number is None or number < 0 or (spec["kind"] == "index" and number > spec["max"]):
        return None
    return number


def _number(raw: Any) -> float | None:
    """A number from a cell value; text may use a decimal comma ('3,62')."""
    if isinstance(raw, (int, float)):
        return float(raw) if math.isfinite(raw) else None
    t = str(raw).strip().replace("\xa0", "").replace(" ", "")
    if re.fullmatch(r"[-+]?\d+,\d+", t):
        t = t.replace(",", ".")
    try:
        f = float(t)
    except ValueError:
        return None
    return f if math.isfinite(f) else None


def normalized_values(m: Methodology, answers: dict[int, Any]) -> dict[int, float | None]:
    """Question id -> normalised value for every question of `m` (None where unanswered)."""
    return {q.id: normalize(m, q, answers.get(q.id)) for q in m.questions}


def placeholder(m: Methodology, q: Question) -> str | None:
    """What an unanswered answer cell shows: the option list for choices, nothing for numbers."""
    return q.legacy_type_label if m.answer_types[q.type]["kind"] == "choice" else None


# ---------------------------------------------------------------- legacy 90/2021 layout
def write_legacy(
    path: str | Path,
    answers: dict[int, Any] | None,
    *,
    sheet_name: str = "LKE ZI",
    cached: bool = True,
    cached_overrides: dict[str, Any] | None = None,
    typed_totals: dict[str, Any] | None = None,
    title: str | None = None,
    extra_sheets: dict[str, list[list[Any]]] | None = None,
    notes: dict[int, str] | None = None,
) -> Path:
    """A workbook in the PermenPANRB 90/2021 layout with `answers` (raw) in K and, if `cached`, scores."""
    m = refdata.for_layout("legacy")
    answers = {k: v for k, v in (answers or {}).items() if v is not None}
    values = normalized_values(m, answers)
    s = scoring.score(m, values)
    wb = openpyxl.Workbook()
    ws = active_sheet(wb)
    ws.title = sheet_name
    _legacy_header(ws, title or LEGACY_TITLE)
    _legacy_nodes(ws, m)
    _legacy_questions(ws, m, answers, notes or {})
    _legacy_percent_rows(ws, m)
    _legacy_typed_totals(ws, m, values, typed_totals or {})
    _legacy_total_rows(ws, m)
    _choice_validation(ws, m, [(q, _row(q)) for q in m.questions], ["K"])
    if cached:
        _legacy_cached(ws, m, s)
    for ref, value in (cached_overrides or {}).items():
        ws[ref] = value
    _summary_sheets(wb, m, s if cached else None)
    for name, rows in (extra_sheets or {}).items():
        extra = wb.create_sheet(name)
        for row in rows:
            extra.append(row)
    wb.active = wb.sheetnames.index(sheet_name)
    return _save(wb, path)


def blank_legacy(path: str | Path) -> Path:
    """An empty 90/2021 workbook to fill in: placeholders in K, 'Blm Diisi' in L."""
    return write_legacy(path, None)


def _legacy_header(ws: Worksheet, title: str) -> None:
    """Title row 1, column headers row 2 (B2:G2 merged as in the real template), widths, freeze panes."""
    ws["B1"] = title
    ws["B1"].font = Font(bold=True, size=12)
    ws["B1"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells("B1:I1")
    ws.row_dimensions[1].height = 36
    for col, text in LEGACY_HEADER.items():
        cell = ws[f"{col}2"]
        cell.value = text
        cell.font = BOLD
        cell.fill = FILLS["total"]
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells("B2:G2")
    for col, width in LEGACY_WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws.column_dimensions["J"].hidden = True
    ws.freeze_panes = "H3"


def _numbering(m: Methodology, n: Node) -> str:
    """'A.', 'I.', '1.', 'i.', 'a.' from the bank name; Hasil items by their order ('a', 'b')."""
    found = NUMBERING.match(n.name)
    if found:
        return found.group(0).strip()
    siblings = [k.id for k in m.children(n.parent)]
    return "abcdefghij"[siblings.index(n.id)] if n.id in siblings else ""


def _legacy_nodes(ws: Worksheet, m: Methodology) -> None:
    """Every node label at its legacy row and level column, numbering to its left, weight in H."""
    for n in m.nodes:
        if not n.legacy_row or n.level == "hasil_item":
            continue
        r, c = n.legacy_row, LEVEL_COL[n.level]
        ws.cell(r, c - 1, _numbering(m, n))
        label = ws.cell(r, c, n.legacy_label)
        label.font = Font(bold=n.level != "sub_sub_area")
        label.alignment = WRAP
        if c < LEVEL_COL["question"]:
            ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=LEVEL_COL["question"])
        ws.cell(r, COL["weight"], n.weight)
        fill = FILLS.get(n.level)
        if fill is not None:
            for col in range(2, COL["link"] + 1):
                ws.cell(r, col).fill = fill


def _item_numbers(m: Methodology) -> dict[Any, str]:
    """'a.', 'b.', … for the scored items (choice questions, % items) of each leaf node, in row order."""
    out: dict[Any, str] = {}
    for n in m.nodes:
        items: list[tuple[int, int | str]] = [(_row(q), q.id) for q in m.questions_of(n.id) if q.type != "JUMLAH"]
        items += [(_row(p), p.id) for p in m.percent_items_of(n.id) if p.legacy_row]
        for i, (_, key) in enumerate(sorted(items)):
            out[key] = f"{'abcdefghijklmnopqrstuvwxyz'[i]}."
    return out


def _legacy_questions(ws: Worksheet, m: Methodology, answers: dict[int, Any], notes: dict[int, str]) -> None:
    """Question rows: numbering, label (G, or E for Hasil), criteria hint, type label in J, answer in K."""
    numbers = _item_numbers(m)
    for q in m.questions:
        r = _row(q)
        hasil = q.node.startswith("h")
        c = LEVEL_COL["hasil_item" if hasil else "question"]
        if q.type == "JUMLAH":
            ws.cell(r, c - 1, "-" if not q.legacy_label.startswith("-") else None)
        else:
            ws.cell(r, c - 1, _numbering(m, m.node(q.node)) if hasil else numbers.get(q.id, ""))
        ws.cell(r, c, q.legacy_label).alignment = WRAP
        if hasil:
            ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=LEVEL_COL["question"])
            ws.cell(r, COL["weight"], m.node(q.node).weight)
            ws.cell(r, c).font = BOLD
        ws.cell(r, COL["criteria"], _criteria(m, q)).alignment = WRAP
        ws.cell(r, COL["type"], q.legacy_type_label)
        answer = ws.cell(r, COL["answer"], answers.get(q.id, placeholder(m, q)))
        answer.alignment = Alignment(horizontal="center", vertical="top")
        if q.type == "NILAI_0_4":
            answer.number_format = "0.00"
        if q.id in notes:
            ws.cell(r, COL["note"], notes[q.id]).alignment = WRAP
        ws.cell(r, COL["answer"]).border = THIN


def _criteria(m: Methodology, q: Question) -> str:
    """A short fill-in hint for column I (the template's full criteria text is not in the bank)."""
    spec = m.answer_types[q.type]
    if spec["kind"] == "choice":
        return "Pilih salah satu: " + " / ".join(spec["values"])
    if spec["kind"] == "index":
        return f"Nilai hasil survei eksternal, {spec['min']}–{spec['max']} (dua desimal)"
    return "Isi jumlah (bilangan bulat ≥ 0)"


def _legacy_percent_rows(ws: Worksheet, m: Methodology) -> None:
    """Percent items: label in G, J '%'; the value is computed from the 'Jumlah' rows below."""
    numbers = _item_numbers(m)
    for p in m.percent_items:
        if not p.legacy_row:
            continue
        r = p.legacy_row
        ws.cell(r, LEVEL_COL["question"] - 1, numbers.get(p.id, "-"))
        ws.cell(r, LEVEL_COL["question"], p.legacy_label).alignment = WRAP
        ws.cell(r, COL["criteria"], "Persentase dihitung dari isian jumlah di bawahnya")
        ws.cell(r, COL["type"], "%")
        ws.cell(r, COL["answer"]).number_format = "0.00%"
        ws.cell(r, COL["value"]).number_format = "0.00%"


def _legacy_typed_totals(
    ws: Worksheet, m: Methodology, values: dict[int, float | None], overrides: dict[str, Any]
) -> None:
    """Typed totals (K178, K185): the sum of their parts unless overridden by id."""
    for t in m.typed_totals:
        ws.cell(t.legacy_row, LEVEL_COL["question"] - 1, "-")
        ws.cell(t.legacy_row, LEVEL_COL["question"], t.legacy_label).alignment = WRAP
        ws.cell(t.legacy_row, COL["type"], "Jumlah")
        parts = [x for q in t.parts if (x := values.get(q)) is not None]
        total = _int_or_float(sum(parts)) if len(parts) == len(t.parts) else None
        ws.cell(t.legacy_row, COL["answer"], overrides.get(t.id, total))


def _int_or_float(x: float) -> int | float:
    """7.0 -> 7, so typed head counts look typed."""
    return int(x) if float(x).is_integer() else x


def _legacy_total_rows(ws: Worksheet, m: Methodology) -> None:
    """TOTAL PENGUNGKIT, TOTAL HASIL and NILAI EVALUASI ZONA INTEGRITAS in column B."""
    for v in m.total_rows.values():
        r = v["legacy_row"]
        ws.cell(r, 2, v["legacy_label"]).font = BOLD
        for col in range(2, COL["link"] + 1):
            ws.cell(r, col).fill = FILLS["total"]


def _legacy_cached(ws: Worksheet, m: Methodology, s: scoring.Score) -> None:
    """Recomputed values where the template has formula results: L per question/node/total, K+L per %."""
    vc, pc = COL["value"], COL["pct"]
    for q in m.questions:
        v = s.question_values[q.id]
        if q.node.startswith("h"):
            ws.cell(_row(q), vc, s.nodes[q.node].score).number_format = "0.00"
        elif q.type == "JUMLAH":
            ws.cell(_row(q), vc, BLM if v is None else None)
        else:
            ws.cell(_row(q), vc, BLM if v is None else v)
    for p in m.percent_items:
        pv = s.percent_values[p.id]
        filled = all(s.question_values.get(q) is not None for q in p.inputs)
        shown: float | str = pv if pv is not None else (DIV0 if filled else BLM)
        ws.cell(_row(p), COL["answer"], shown)
        ws.cell(_row(p), vc, shown)
    for n in m.nodes:
        if n.legacy_row and n.level != "hasil_item":
            score = s.nodes[n.id].score
            ws.cell(n.legacy_row, vc, score).number_format = "0.00"
            ws.cell(n.legacy_row, pc, score / n.weight).number_format = "0.00%"
    totals = {"pengungkit_total": s.pengungkit, "hasil_total": s.hasil, "total": s.total}
    for key, row in m.total_rows.items():
        cell = ws.cell(row["legacy_row"], vc, totals[key])
        cell.number_format = "0.00"
        cell.font = BOLD


def _summary_sheets(wb: openpyxl.Workbook, m: Methodology, s: scoring.Score | None) -> None:
    """Hidden 'Utama' (komponen/area scores) and 'Ctt Eval' (sub-area scores) before the LKE sheet."""
    utama = wb.create_sheet("Utama", 0)
    utama.append(["Kode", "Penilaian", "Bobot", "Nilai", "%"])
    for n in m.nodes:
        if n.level in ("komponen", "sub_komponen", "area_perubahan"):
            score = s.nodes[n.id].score if s else None
            utama.append([n.id, n.name, n.weight, score, None if score is None else score / n.weight])
    ctt = wb.create_sheet("Ctt Eval", 1)
    ctt.append(["Kode", "Sub-area", "Bobot", "Nilai", "Belum dijawab", "Catatan evaluasi"])
    for n in m.nodes:
        if n.level in scoring.LEAF_LEVELS:
            ns = s.nodes[n.id] if s else None
            ctt.append([n.id, n.name, n.weight, ns.score if ns else None, ns.unanswered_questions if ns else None])
    for sheet in (utama, ctt):
        sheet.sheet_state = "hidden"
        sheet.column_dimensions["B"].width = 60
        sheet.freeze_panes = "A2"


def _choice_validation(ws: Worksheet, m: Methodology, rows: list[tuple[Question, int]], cols: list[str]) -> None:
    """Drop-down lists on the answer cells of choice questions (one validation per answer type)."""
    by_type: dict[str, list[str]] = {}
    for q, r in rows:
        spec = m.answer_types[q.type]
        if spec["kind"] == "choice" and r:
            by_type.setdefault(q.type, []).extend(f"{c}{r}" for c in cols)
    for qtype, cells in by_type.items():
        options = ",".join(m.answer_types[qtype]["values"])
        dv = DataValidation(
            type="list",
            formula1=f'"{options}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Jawaban tidak sah",
            error=f"Pilih salah satu: {options}",
        )
        for ref in cells:
            dv.add(ref)
        ws.add_data_validation(dv)


# ---------------------------------------------------------------- PortalRB 2026 "Jawaban"
def write_portalrb(
    path: str | Path,
    unit_answers: dict[int, Any] | None,
    tpi_answers: dict[int, Any] | None = None,
    *,
    notes: dict[int, str] | None = None,
) -> Path:
    """The PortalRB 2026 'Jawaban' sheet: question text in C, unit answers in K, TPI answers in N."""
    m = refdata.for_layout("portalrb")
    wb = openpyxl.Workbook()
    ws = active_sheet(wb)
    ws.title = m.portalrb.get("sheet", "Jawaban")
    _portalrb_header(ws)
    for r, (kind, text) in portalrb_label_rows(m).items():
        cell = ws.cell(r, 2 if kind == "node" else 3, text)
        cell.font = Font(bold=kind == "node", italic=kind == "percent")
        cell.alignment = WRAP
        if kind == "percent":
            ws.cell(r, 10, "%")
    _portalrb_questions(ws, m, unit_answers or {}, tpi_answers or {}, notes or {})
    _choice_validation(ws, m, [(q, q.portalrb_row or 0) for q in m.questions], ["K", "N"])
    return _save(wb, path)


def blank_portalrb(path: str | Path) -> Path:
    """An empty PortalRB 'Jawaban' sheet to fill in (unit and TPI answers empty)."""
    return write_portalrb(path, None)


def _portalrb_header(ws: Worksheet) -> None:
    """Title in rows 1–2, column headers in row 4, widths and freeze panes."""
    ws["A1"] = PORTALRB_TITLE
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = "Jawaban unit kerja di kolom K (catatan L, bukti M); jawaban TPI di kolom N (catatan Q)."
    ws["A2"].font = Font(italic=True, color="595959")
    for col, text in PORTALRB_HEADER.items():
        cell = ws[f"{col}{PORTALRB_HEADER_ROW}"]
        cell.value = text
        cell.font = BOLD
        cell.fill = FILLS["total"]
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col, width in PORTALRB_WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"D{PORTALRB_HEADER_ROW + 1}"


def _ancestors(m: Methodology, node_id: str) -> list[Node]:
    """The node and its parents, root first."""
    chain = []
    current: str | None = node_id
    while current:
        n = m.node(current)
        chain.append(n)
        current = n.parent
    return chain[::-1]


def portalrb_label_rows(m: Methodology) -> dict[int, tuple[str, str]]:
    """Row -> (kind, text) for node and % item labels placed in the free rows right above their questions."""
    used = {q.portalrb_row for q in m.questions if q.portalrb_row}
    row_of = {q.id: q.portalrb_row or 0 for q in m.questions}
    first_input = {min(p.inputs, key=lambda i: row_of[i]): p for p in m.percent_items}
    placed: set[str] = set()
    out: dict[int, tuple[str, str]] = {}
    for q in sorted((q for q in m.questions if q.portalrb_row), key=lambda q: q.portalrb_row or 0):
        chain = [n for n in _ancestors(m, q.node) if n.id not in placed and n.level != "hasil_item"]
        placed.update(n.id for n in chain)
        items = [("node", n.name) for n in chain]
        if q.id in first_input:
            items.append(("percent", first_input[q.id].label))
        r = (q.portalrb_row or 0) - 1
        for item in reversed(items):
            if r <= PORTALRB_HEADER_ROW or r in used or r in out:
                break
            out[r] = item
            r -= 1
    return out


def _portalrb_questions(
    ws: Worksheet, m: Methodology, unit: dict[int, Any], tpi: dict[int, Any], notes: dict[int, str]
) -> None:
    """One row per question: A id, C text, J answer type, K unit answer, L note, N TPI answer."""
    for q in m.questions:
        r = q.portalrb_row
        if not r:
            continue
        ws.cell(r, 1, q.id)
        ws.cell(r, 3, q.text).alignment = WRAP
        ws.cell(r, 10, q.legacy_type_label.replace("\n", " "))
        for col, answers in ((11, unit), (14, tpi)):
            if answers.get(q.id) is not None:
                ws.cell(r, col, answers[q.id]).alignment = Alignment(horizontal="center", vertical="top")
        if q.id in notes:
            ws.cell(r, 12, notes[q.id]).alignment = WRAP


def _save(wb: openpyxl.Workbook, path: str | Path) -> Path:
    """Save, creating the parent folder; every text from the bank or the caller stays text (no formulas)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    safetext.save(wb, path)
    return path
