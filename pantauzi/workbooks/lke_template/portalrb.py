"""The PortalRB 2026 'Jawaban' sheet written with openpyxl (filled or blank)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from pantauzi.core import refdata
from pantauzi.core.refdata import Methodology, Node
from pantauzi.workbooks.lke_template import common
from pantauzi.workbooks.xlsx import active_sheet

PORTALRB_TITLE = "LEMBAR KERJA EVALUASI ZONA INTEGRITAS 2026"


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


def write_portalrb(
    path: str | Path,
    unit_answers: dict[int, Any] | None,
    tpi_answers: dict[int, Any] | None = None,
    *,
    notes: dict[int, str] | None = None,
    identity: tuple[str | None, int | None, str | None] | None = None,
) -> Path:
    """The PortalRB 2026 'Jawaban' sheet: question text in C, unit answers in K, TPI answers in N;
    `identity` (unit, year, stage; None values left blank) adds the first sheet 'Identitas'."""
    m = refdata.for_layout("portalrb")
    wb = openpyxl.Workbook()
    ws = active_sheet(wb)
    ws.title = m.portalrb.get("sheet", "Jawaban")
    _portalrb_header(ws)
    for r, (kind, text) in portalrb_label_rows(m).items():
        cell = ws.cell(r, 2 if kind == "node" else 3, text)
        cell.font = Font(bold=kind == "node", italic=kind == "percent")
        cell.alignment = common.WRAP
        if kind == "percent":
            ws.cell(r, 10, "%")
    _portalrb_questions(ws, m, unit_answers or {}, tpi_answers or {}, notes or {})
    common.choice_validation(ws, m, [(q, q.portalrb_row or 0) for q in m.questions], ["K", "N"])
    if identity is not None:
        common.identity_sheet(wb, *identity)
        wb.active = 0
    return common.save(wb, path)


def blank_portalrb(path: str | Path) -> Path:
    """An empty PortalRB 'Jawaban' sheet to fill in: 'Identitas' first (Kode Unit, Tahun, Tahap), unit
    and TPI answers empty."""
    return write_portalrb(path, None, identity=(None, None, None))


def _portalrb_header(ws: Worksheet) -> None:
    """Title in rows 1–2, column headers in row 4, widths and freeze panes."""
    ws["A1"] = PORTALRB_TITLE
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = "Jawaban unit kerja di kolom K (catatan L, bukti M); jawaban TPI di kolom N (catatan Q)."
    ws["A2"].font = Font(italic=True, color="595959")
    for col, text in PORTALRB_HEADER.items():
        cell = ws[f"{col}{PORTALRB_HEADER_ROW}"]
        cell.value = text
        cell.font = common.BOLD
        cell.fill = common.FILLS["total"]
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
        ws.cell(r, 3, q.text).alignment = common.WRAP
        ws.cell(r, 10, q.legacy_type_label.replace("\n", " "))
        for col, answers in ((11, unit), (14, tpi)):
            if answers.get(q.id) is not None:
                ws.cell(r, col, answers[q.id]).alignment = Alignment(horizontal="center", vertical="top")
        if q.id in notes:
            ws.cell(r, 12, notes[q.id]).alignment = common.WRAP
