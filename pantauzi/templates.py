"""Write LKE ZI workbooks with openpyxl: the 90/2021 layout and the PortalRB 2026 "Jawaban" sheet."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font

from pantauzi import refdata

LEVEL_COL = {"komponen": 3, "sub_komponen": 4, "area_perubahan": 5, "sub_area": 6,
             "sub_sub_area": 6, "hasil_item": 5, "question": 7}  # 1-based, label column
PLACEHOLDER = {"YA_TIDAK": "Ya/Tidak", "ABC": "A/B/C", "ABCD": "A/B/C/D", "ABCDE": "A/B/C/D/E"}


def _header(ws: Any, title: str) -> None:
    ws["B1"] = title
    ws["B1"].font = Font(bold=True, size=13)
    for col, text in zip("BHIJKLMOPQ", ["Penilaian", "Bobot", "Penjelasan", "Pilihan Jawaban", "Jawaban",
                                         "Nilai", "%", "Catatan/Keterangan/Penjelasan", "Bukti", "Link"]):
        ws[f"{col}2"] = text
        ws[f"{col}2"].font = Font(bold=True)
    for col, width in zip("ABCDEFGHIJKLMNOPQ", [4, 4, 4, 4, 6, 8, 60, 7, 30, 12, 10, 8, 7, 3, 30, 30, 20]):
        ws.column_dimensions[col].width = width
    ws.column_dimensions["J"].hidden = True
    ws.freeze_panes = "H3"


def write_legacy(path: str | Path, answers: dict[int, Any] | None, *, notes: dict[int, str] | None = None,
                 meta: dict[str, Any] | None = None, typed_totals: dict[str, Any] | None = None) -> Path:
    """The PermenPANRB 90/2021 'LKE ZI' sheet with answers in K (no cached values: the loader recomputes)."""
    m = refdata.for_layout("legacy")
    answers, notes = answers or {}, notes or {}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "LKE ZI"
    _header(ws, "LEMBAR KERJA EVALUASI ZONA INTEGRITAS (PermenPANRB 90/2021)")
    for n in m.nodes:
        if n.level == "hasil_item" or not n.legacy_row:
            continue
        ws.cell(n.legacy_row, LEVEL_COL[n.level], n.legacy_label).font = Font(bold=n.level != "sub_area")
        ws.cell(n.legacy_row, 8, n.weight)
    for q in m.questions:
        col = LEVEL_COL["hasil_item" if q.node.startswith("h") else "question"]
        ws.cell(q.legacy_row, col, q.legacy_label).alignment = Alignment(wrap_text=True)
        ws.cell(q.legacy_row, 10, q.legacy_type_label)
        if q.node.startswith("h"):
            ws.cell(q.legacy_row, 8, m.node(q.node).weight)
        value = answers.get(q.id, PLACEHOLDER.get(q.type))
        ws.cell(q.legacy_row, 11, value)
        if q.id in notes:
            ws.cell(q.legacy_row, 15, notes[q.id])
    for p in m.percent_items:
        ws.cell(p.legacy_row, 7, p.legacy_label)
        ws.cell(p.legacy_row, 10, "%")
    for t in m.typed_totals:
        ws.cell(t.legacy_row, 7, t.legacy_label)
        ws.cell(t.legacy_row, 10, "Jumlah")
        parts = [answers.get(q) for q in t.parts]
        default = sum(parts) if all(isinstance(x, (int, float)) for x in parts) else None
        ws.cell(t.legacy_row, 11, (typed_totals or {}).get(t.id, default))
    for key, v in m.total_rows.items():
        ws.cell(v["legacy_row"], 2, v["legacy_label"]).font = Font(bold=True)
    return _save(wb, path)


def write_portalrb(path: str | Path, unit: dict[int, Any] | None, tpi: dict[int, Any] | None = None) -> Path:
    """The PortalRB 2026 'Jawaban' sheet: question text in C, unit answers in K, TPI answers in N."""
    m = refdata.for_layout("portalrb")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jawaban"
    ws["A1"] = "LEMBAR KERJA EVALUASI ZONA INTEGRITAS 2026"
    ws["A1"].font = Font(bold=True, size=13)
    for col, text in zip("ACJKLMNQ", ["No", "Pertanyaan", "Jenis Jawaban", "Jawaban Unit", "Catatan Unit",
                                      "Bukti Dukung", "Jawaban TPI", "Catatan TPI"]):
        ws[f"{col}4"] = text
        ws[f"{col}4"].font = Font(bold=True)
    ws.column_dimensions["C"].width = 70
    for q in m.questions:
        ws.cell(q.portalrb_row, 1, q.id)
        ws.cell(q.portalrb_row, 3, q.text)
        ws.cell(q.portalrb_row, 10, q.type)
        if unit and q.id in unit:
            ws.cell(q.portalrb_row, 11, unit[q.id])
        if tpi and q.id in tpi:
            ws.cell(q.portalrb_row, 14, tpi[q.id])
    return _save(wb, path)


def _save(wb: openpyxl.Workbook, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
