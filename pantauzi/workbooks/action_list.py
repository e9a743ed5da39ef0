"""The Simulasi plan as an Excel action list: one row per answer to improve, with the evidence its proposed
answer needs and empty PIC and target-date columns for the unit to fill in."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import openpyxl
from openpyxl.styles import Alignment, Font

from pantauzi.workbooks import safetext
from pantauzi.workbooks.xlsx import active_sheet

HEADER = [
    "No",
    "Area",
    "Pertanyaan",
    "Jawaban kini",
    "Jawaban usulan",
    "Bukti dukung yang diperlukan",
    "Kriteria yang dipenuhi",
    "Poin",
    "PIC",
    "Target tanggal",
]
WIDTHS = [6, 24, 60, 12, 12, 60, 40, 8, 20, 16]


def build(
    title: Sequence[str],
    rows: Sequence[Mapping[str, object]],
    survey: Sequence[Sequence[object]] = (),
) -> bytes:
    """`title`: lines above the table (unit, year, target, method); `rows`: dicts with the HEADER keys
    (PIC and Target tanggal left empty); `survey`: (item, today, must reach) lines below it."""
    wb = openpyxl.Workbook()
    ws = active_sheet(wb)
    ws.title = "Daftar tindakan"
    for text in title:
        ws.append([text])
    ws.append([])
    head = ws.max_row + 1
    ws.append(HEADER)
    for cell in ws[head]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r.get(h) for h in HEADER])
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if survey:
        ws.append([])
        ws.append(["Bukan jawaban: nilai yang harus dicapai"])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        ws.append(["Item", "Kini", "Harus mencapai"])
        for line in survey:
            ws.append(list(line))
    for i, w in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.freeze_panes = f"A{head + 1}"
    out = io.BytesIO()
    safetext.save(wb, out)
    return out.getvalue()
