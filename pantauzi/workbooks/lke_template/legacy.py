"""The PermenPANRB 90/2021 'LKE ZI' sheet written with openpyxl (filled or blank)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from pantauzi.core import refdata, scoring
from pantauzi.core.refdata import Methodology, Node
from pantauzi.workbooks.lke_template import common
from pantauzi.workbooks.xlsx import active_sheet

LEGACY_TITLE = "LEMBAR KERJA EVALUASI ZONA INTEGRITAS MENUJU WBK/WBBM\n(Lampiran III PermenPANRB Nomor 90 Tahun 2021)"


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
    identity: tuple[str | None, int | None, str | None] | None = None,
) -> Path:
    """A workbook in the PermenPANRB 90/2021 layout with `answers` (raw) in K and, if `cached`, scores;
    `identity` (unit, year, stage; None values left blank) adds the first sheet 'Identitas'."""
    m = refdata.for_layout("legacy")
    answers = {k: v for k, v in (answers or {}).items() if v is not None}
    values = common.normalized_values(m, answers)
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
    common.choice_validation(ws, m, [(q, common.row(q)) for q in m.questions], ["K"])
    if cached:
        _legacy_cached(ws, m, s)
    for ref, value in (cached_overrides or {}).items():
        ws[ref] = value
    common.summary_sheets(wb, m, s if cached else None)
    for name, rows in (extra_sheets or {}).items():
        extra = wb.create_sheet(name)
        for row in rows:
            extra.append(row)
    wb.active = wb.sheetnames.index(sheet_name)
    if identity is not None:
        common.identity_sheet(wb, *identity)
        wb.active = 0
    return common.save(wb, path)


def blank_legacy(path: str | Path) -> Path:
    """An empty 90/2021 workbook to fill in: 'Identitas' first (Kode Unit, Tahun, Tahap), placeholders
    in K, 'Blm Diisi' in L."""
    return write_legacy(path, None, identity=(None, None, None))


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
        cell.font = common.BOLD
        cell.fill = common.FILLS["total"]
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells("B2:G2")
    for col, width in LEGACY_WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws.column_dimensions["J"].hidden = True
    ws.freeze_panes = "H3"


def _numbering(m: Methodology, n: Node) -> str:
    """'A.', 'I.', '1.', 'i.', 'a.' from the bank name; Hasil items by their order ('a', 'b')."""
    found = common.NUMBERING.match(n.name)
    if found:
        return found.group(0).strip()
    siblings = [k.id for k in m.children(n.parent)]
    return "abcdefghij"[siblings.index(n.id)] if n.id in siblings else ""


def _legacy_nodes(ws: Worksheet, m: Methodology) -> None:
    """Every node label at its legacy row and level column, numbering to its left, weight in H."""
    for n in m.nodes:
        if not n.legacy_row or n.level == "hasil_item":
            continue
        r, c = n.legacy_row, common.LEVEL_COL[n.level]
        ws.cell(r, c - 1, _numbering(m, n))
        label = ws.cell(r, c, n.legacy_label)
        label.font = Font(bold=n.level != "sub_sub_area")
        label.alignment = common.WRAP
        if c < common.LEVEL_COL["question"]:
            ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=common.LEVEL_COL["question"])
        ws.cell(r, common.COL["weight"], n.weight)
        fill = common.FILLS.get(n.level)
        if fill is not None:
            for col in range(2, common.COL["link"] + 1):
                ws.cell(r, col).fill = fill


def _item_numbers(m: Methodology) -> dict[Any, str]:
    """'a.', 'b.', … for the scored items (choice questions, % items) of each leaf node, in row order."""
    out: dict[Any, str] = {}
    for n in m.nodes:
        items: list[tuple[int, int | str]] = [(common.row(q), q.id) for q in m.questions_of(n.id) if q.type != "JUMLAH"]
        items += [(common.row(p), p.id) for p in m.percent_items_of(n.id) if p.legacy_row]
        for i, (_, key) in enumerate(sorted(items)):
            out[key] = f"{'abcdefghijklmnopqrstuvwxyz'[i]}."
    return out


def _legacy_questions(ws: Worksheet, m: Methodology, answers: dict[int, Any], notes: dict[int, str]) -> None:
    """Question rows: numbering, label (G, or E for Hasil), criteria hint, type label in J, answer in K."""
    numbers = _item_numbers(m)
    for q in m.questions:
        r = common.row(q)
        hasil = q.node.startswith("h")
        c = common.LEVEL_COL["hasil_item" if hasil else "question"]
        if q.type == "JUMLAH":
            ws.cell(r, c - 1, "-" if not q.legacy_label.startswith("-") else None)
        else:
            ws.cell(r, c - 1, _numbering(m, m.node(q.node)) if hasil else numbers.get(q.id, ""))
        ws.cell(r, c, q.legacy_label).alignment = common.WRAP
        if hasil:
            ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=common.LEVEL_COL["question"])
            ws.cell(r, common.COL["weight"], m.node(q.node).weight)
            ws.cell(r, c).font = common.BOLD
        ws.cell(r, common.COL["criteria"], common.criteria(m, q)).alignment = common.WRAP
        ws.cell(r, common.COL["type"], q.legacy_type_label)
        answer = ws.cell(r, common.COL["answer"], answers.get(q.id, common.placeholder(m, q)))
        answer.alignment = Alignment(horizontal="center", vertical="top")
        if q.type == "NILAI_0_4":
            answer.number_format = "0.00"
        if q.id in notes:
            ws.cell(r, common.COL["note"], notes[q.id]).alignment = common.WRAP
        ws.cell(r, common.COL["answer"]).border = common.THIN


def _legacy_percent_rows(ws: Worksheet, m: Methodology) -> None:
    """Percent items: label in G, J '%'; the value is computed from the 'Jumlah' rows below."""
    numbers = _item_numbers(m)
    for p in m.percent_items:
        if not p.legacy_row:
            continue
        r = p.legacy_row
        ws.cell(r, common.LEVEL_COL["question"] - 1, numbers.get(p.id, "-"))
        ws.cell(r, common.LEVEL_COL["question"], p.legacy_label).alignment = common.WRAP
        ws.cell(r, common.COL["criteria"], "Persentase dihitung dari isian jumlah di bawahnya")
        ws.cell(r, common.COL["type"], "%")
        ws.cell(r, common.COL["answer"]).number_format = "0.00%"
        ws.cell(r, common.COL["value"]).number_format = "0.00%"


def _legacy_typed_totals(
    ws: Worksheet, m: Methodology, values: dict[int, float | None], overrides: dict[str, Any]
) -> None:
    """Typed totals (K178, K185): the sum of their parts unless overridden by id."""
    for t in m.typed_totals:
        ws.cell(t.legacy_row, common.LEVEL_COL["question"] - 1, "-")
        ws.cell(t.legacy_row, common.LEVEL_COL["question"], t.legacy_label).alignment = common.WRAP
        ws.cell(t.legacy_row, common.COL["type"], "Jumlah")
        parts = [x for q in t.parts if (x := values.get(q)) is not None]
        total = common.int_or_float(sum(parts)) if len(parts) == len(t.parts) else None
        ws.cell(t.legacy_row, common.COL["answer"], overrides.get(t.id, total))


def _legacy_total_rows(ws: Worksheet, m: Methodology) -> None:
    """TOTAL PENGUNGKIT, TOTAL HASIL and NILAI EVALUASI ZONA INTEGRITAS in column B."""
    for v in m.total_rows.values():
        r = v["legacy_row"]
        ws.cell(r, 2, v["legacy_label"]).font = common.BOLD
        for col in range(2, common.COL["link"] + 1):
            ws.cell(r, col).fill = common.FILLS["total"]


def _legacy_cached(ws: Worksheet, m: Methodology, s: scoring.Score) -> None:
    """Recomputed values where the template has formula results: L per question/node/total, K+L per %."""
    vc, pc = common.COL["value"], common.COL["pct"]
    for q in m.questions:
        v = s.question_values[q.id]
        if q.node.startswith("h"):
            ws.cell(common.row(q), vc, s.nodes[q.node].score).number_format = "0.00"
        elif q.type == "JUMLAH":
            ws.cell(common.row(q), vc, common.BLM if v is None else None)
        else:
            ws.cell(common.row(q), vc, common.BLM if v is None else v)
    for p in m.percent_items:
        pv = s.percent_values[p.id]
        filled = all(s.question_values.get(q) is not None for q in p.inputs)
        shown: float | str = pv if pv is not None else (common.DIV0 if filled else common.BLM)
        ws.cell(common.row(p), common.COL["answer"], shown)
        ws.cell(common.row(p), vc, shown)
    for n in m.nodes:
        if n.legacy_row and n.level != "hasil_item":
            score = s.nodes[n.id].score
            ws.cell(n.legacy_row, vc, score).number_format = "0.00"
            ws.cell(n.legacy_row, pc, score / n.weight).number_format = "0.00%"
    totals = {"pengungkit_total": s.pengungkit, "hasil_total": s.hasil, "total": s.total}
    for key, row in m.total_rows.items():
        cell = ws.cell(row["legacy_row"], vc, totals[key])
        cell.number_format = "0.00"
        cell.font = common.BOLD
