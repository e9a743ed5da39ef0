"""The Excel template of ZI milestones (openpyxl): sheet 'Tonggak ZI', one row per unit × milestone ×
year, with drop-down lists; 'Petunjuk' says how to fill it. loaders.milestones reads the same columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from pantauzi.core import milestones, vocab
from pantauzi.workbooks import safetext
from pantauzi.workbooks.xlsx import active_sheet

SHEET = "Tonggak ZI"
HEADER = ["Kode Unit", "Tonggak", "Tahun", "Tanggal", "Nomor SK", "Catatan"]
FIELD_OF_COLUMN = dict(zip(HEADER, milestones.FIELDS))
ROWS = 500  # rows with drop-down lists
HEAD = PatternFill("solid", fgColor="DDEBF7")
HELP = [
    "Templat tonggak Zona Integritas untuk PantauZI (halaman Predikat ZI).",
    "Satu baris per unit, tonggak dan tahun. Tonggak: "
    + ", ".join(vocab.MILESTONE_KINDS)
    + " ("
    + "; ".join(f"{k} = {v}" for k, v in vocab.MILESTONE_LABELS.items())
    + ").",
    f"Tahun {milestones.YEARS[0]}–{milestones.YEARS[1]}; Tanggal (opsional) harus di tahun itu.",
    "Nomor SK: nomor surat keputusan yang menetapkan predikat, pencanangan atau pencabutan (opsional).",
    "Predikat WBBM hanya dapat dicatat bila unit memegang predikat WBK dari tahun sebelumnya (di berkas ini "
    "atau yang sudah tersimpan): aturan kesiapan WBBM memakainya.",
    "Baris dengan unit, tonggak dan tahun yang sudah tersimpan menggantikan catatan lama; menghapus catatan "
    "dilakukan di formulir halaman Predikat ZI. Seluruh berkas disimpan dalam satu transaksi, atau tidak sama sekali.",
]


def write_template(path: str | Path, rows: list[milestones.Milestone] | None = None) -> Path:
    """The template, pre-filled with `rows` (e.g. the selection's stored milestones) when given."""
    path = Path(path)
    wb = openpyxl.Workbook()
    ws = active_sheet(wb)
    ws.title = SHEET
    ws.append(HEADER)
    for c in ws[1]:
        c.font, c.fill = Font(bold=True), HEAD
    for m in rows or []:
        ws.append([m.unit, m.kind, m.year, m.date, m.decree, m.note])
        if isinstance(m.date, dt.date):
            ws.cell(ws.max_row, 4).number_format = "DD-MM-YYYY"
    kinds = DataValidation(
        type="list",
        formula1='"' + ",".join(vocab.MILESTONE_KINDS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tonggak tidak sah",
        error="Pilih salah satu: " + ", ".join(vocab.MILESTONE_KINDS),
    )
    kinds.add(f"B2:B{ROWS + 1}")
    years = DataValidation(
        type="whole",
        operator="between",
        formula1=str(milestones.YEARS[0]),
        formula2=str(milestones.YEARS[1]),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tahun tidak sah",
        error=f"Isi tahun {milestones.YEARS[0]}–{milestones.YEARS[1]}",
    )
    years.add(f"C2:C{ROWS + 1}")
    dates = DataValidation(type="date", allow_blank=True, showErrorMessage=True, error="Isi tanggal (DD-MM-YYYY)")
    dates.add(f"D2:D{ROWS + 1}")
    for dv in (kinds, years, dates):
        ws.add_data_validation(dv)
    for col, width in zip("ABCDEF", (26, 14, 8, 12, 34, 40)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("Petunjuk")
    for line in HELP:
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 120
    path.parent.mkdir(parents=True, exist_ok=True)
    safetext.save(wb, path)  # unit codes, decrees and notes stay text, never formulas
    return path
