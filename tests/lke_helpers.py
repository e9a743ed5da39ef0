"""Build LKE workbooks inside tests: mutated copies of the real anonymized template and PortalRB sheets."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from pantauzi.core import refdata

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "lke-zi-real-anonymized.xlsx"


def real_copy(
    tmp_path: Path,
    edits: dict[str, Any] | None = None,
    *,
    name: str = "lke.xlsx",
    cached: bool = True,
    sheet_title: str | None = None,
    insert_rows_at: int | None = None,
    extra_sheets: dict[str, list[list[Any]]] | None = None,
) -> Path:
    """The real workbook with cell edits ('K9': 'B'). cached=True keeps cached values as plain numbers."""
    wb = openpyxl.load_workbook(REAL, data_only=cached)
    ws = wb["LKE ZI"]
    for ref, value in (edits or {}).items():
        ws[ref] = value
    if insert_rows_at:
        ws.insert_rows(insert_rows_at)
    if sheet_title:
        ws.title = sheet_title
    for title, rows in (extra_sheets or {}).items():
        extra = wb.create_sheet(title)
        for row in rows:
            extra.append(row)
    out = tmp_path / name
    wb.save(out)
    return out


def portalrb(
    tmp_path: Path, unit: dict[int, Any], tpi: dict[int, Any] | None = None, name: str = "portalrb.xlsx"
) -> Path:
    """A minimal PortalRB 'Jawaban' sheet: question text in C, unit answers in K, TPI answers in N."""
    m = refdata.for_layout("portalrb")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jawaban"
    ws["A1"] = "LEMBAR KERJA EVALUASI ZONA INTEGRITAS 2026"
    for q in m.questions:
        r = q.portalrb_row
        ws.cell(r, 1, q.id)
        ws.cell(r, 3, q.text)
        ws.cell(r, 10, q.type)
        if q.id in unit:
            ws.cell(r, 11, unit[q.id])
        if tpi and q.id in tpi:
            ws.cell(r, 14, tpi[q.id])
    out = tmp_path / name
    wb.save(out)
    return out


def full_answers(choice: str = "A", ipak: float = 4, ipkp: float = 4) -> dict[int, Any]:
    """Every question answered: the given letter (Ya for Ya/Tidak), counts giving 100 %."""
    m = refdata.for_layout("portalrb")
    out: dict[int, Any] = {}
    for q in m.questions:
        if q.type == "YA_TIDAK":
            out[q.id] = "Ya"
        elif q.type in ("ABC", "ABCD", "ABCDE"):
            out[q.id] = choice
        elif q.type == "NILAI_0_4":
            out[q.id] = ipak if q.id == 125 else ipkp
        else:
            out[q.id] = 0 if q.id in (102, 103, 104) else 15 if q.id in (116, 120) else 5
    return out


def zip_members(src: Path = REAL) -> list[tuple[str, bytes]]:
    """Every part of a workbook (a ZIP): (name, bytes), in the archive's order."""
    with zipfile.ZipFile(src) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def write_zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    """A ZIP holding exactly `members`, deflated: a workbook with hand-edited parts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return path


def save_workbook(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path
