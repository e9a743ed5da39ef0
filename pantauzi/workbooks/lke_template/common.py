"""What both LKE layouts share: answers as normalised values, placeholders, styles, validation, saving."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pantauzi.core import scoring
from pantauzi.core.refdata import Methodology, Node, PercentItem, Question
from pantauzi.workbooks import safetext

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


def row(item: Node | Question | PercentItem) -> int:
    """An item's row in the 90/2021 layout (every item written there has one)."""
    if item.legacy_row is None:
        raise ValueError(f"{item.id} has no row in the 90/2021 layout")
    return item.legacy_row


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


def criteria(m: Methodology, q: Question) -> str:
    """A short fill-in hint for column I (the template's full criteria text is not in the bank)."""
    spec = m.answer_types[q.type]
    if spec["kind"] == "choice":
        return "Pilih salah satu: " + " / ".join(spec["values"])
    if spec["kind"] == "index":
        return f"Nilai hasil survei eksternal, {spec['min']}–{spec['max']} (dua desimal)"
    return "Isi jumlah (bilangan bulat ≥ 0)"


def int_or_float(x: float) -> int | float:
    """7.0 -> 7, so typed head counts look typed."""
    return int(x) if float(x).is_integer() else x


def summary_sheets(wb: openpyxl.Workbook, m: Methodology, s: scoring.Score | None) -> None:
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


def choice_validation(ws: Worksheet, m: Methodology, rows: list[tuple[Question, int]], cols: list[str]) -> None:
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


IDENTITY_SHEET = "Identitas"
# label, hint; the value goes in column B of the same row (rows 3-5), where loaders.lke.identity reads it
IDENTITY_ROWS = (
    ("Kode Unit", "Kode unit kerja yang terdaftar di PantauZI, mis. 81.71-DINKES"),
    ("Tahun", "Tahun penilaian (2017–2030)"),
    ("Tahap", "self = penilaian mandiri, tpi = Tim Penilai Internal, tpn = Tim Penilai Nasional"),
)
IDENTITY_FIRST_ROW = 3
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


def identity_sheet(wb: openpyxl.Workbook, unit: str | None, year: int | None, stage: str | None) -> Worksheet:
    """The first sheet: labelled 'Kode Unit' / 'Tahun' / 'Tahap' cells (B3:B5) with drop-downs, so a
    filled workbook names its own unit, year and stage (read when no manifest row or form names them)."""
    ws: Worksheet = wb.create_sheet(IDENTITY_SHEET, 0)
    ws["A1"] = "Identitas LKE ZI"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = (
        "Isi sel berwarna kuning sebelum mengunggah. Bila diisi, isinya harus sama dengan pilihan di formulir "
        "unggah atau baris manifest.csv; bila kosong, unit/tahun/tahap diambil dari formulir atau manifest."
    )
    ws["A2"].font = Font(italic=True, color="595959")
    for i, ((label, hint), value) in enumerate(zip(IDENTITY_ROWS, (unit, year, stage))):
        r = IDENTITY_FIRST_ROW + i
        ws.cell(r, 1, label).font = BOLD
        cell = ws.cell(r, 2, value)
        cell.fill, cell.border = INPUT_FILL, THIN
        ws.cell(r, 3, hint).font = Font(color="595959")
    year_dv = DataValidation(
        type="whole",
        operator="between",
        formula1="2017",
        formula2="2030",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tahun tidak sah",
        error="Isi tahun penilaian 2017–2030",
    )
    year_dv.add(f"B{IDENTITY_FIRST_ROW + 1}")
    stage_dv = DataValidation(
        type="list",
        formula1='"self,tpi,tpn"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tahap tidak sah",
        error="Pilih salah satu: self, tpi, tpn",
    )
    stage_dv.add(f"B{IDENTITY_FIRST_ROW + 2}")
    ws.add_data_validation(year_dv)
    ws.add_data_validation(stage_dv)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 14, 22, 80
    return ws


def save(wb: openpyxl.Workbook, path: str | Path) -> Path:
    """Save, creating the parent folder; every text from the bank or the caller stays text (no formulas)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    safetext.save(wb, path)
    return path
