"""PantauZI's own Excel templates for Ombudsman RI ratings and KPK MCP scores (openpyxl).

Sheets: 'Petunjuk' (how to fill), 'Data' (one row per entity/year/measure or pemda/year/area, with
drop-down lists), MCP also 'Penanggung Jawab' (which unit of a pemda answers for which MCP area) and
'Daftar Area' (each year's own areas). The loaders in loaders/ratings.py read the same columns from
xlsx or CSV.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pantauzi.core import ratings
from pantauzi.workbooks import safetext
from pantauzi.workbooks.xlsx import active_sheet

HEAD = PatternFill("solid", fgColor="DDEBF7")
COLUMNS = {
    "ombudsman": [
        "tingkat",
        "kode_wilayah",
        "kode_unit",
        "nama_entitas",
        "tahun",
        "ukuran",
        "nilai",
        "sumber",
        "sintetis",
    ],
    "mcp": ["kode_wilayah", "tahun", "area", "nilai", "sumber", "sintetis"],
}
HELP = {
    "ombudsman": [
        "Templat nilai kepatuhan / opini Ombudsman RI untuk PantauZI.",
        "Satu baris per entitas, tahun dan ukuran. Entitas: pemda (tingkat 'pemda', kode_wilayah saja) "
        "atau OPD/unit layanan (tingkat 'opd', kode_unit bila terdaftar, selain itu nama_entitas).",
        "ukuran: nilai (0–100), zona (hijau/kuning/merah, bila hanya zona yang diumumkan), kategori (teks opini "
        "yang diumumkan), atau dimensi input/proses/output/pengaduan (2022+) dan kepercayaan (2025+).",
        "Zona dan kategori dihitung dari nilai menurut pita tahun itu (ZI-SPEC §7); zona tertulis yang berbeda "
        "dilaporkan sebagai peringatan.",
        "Tahun tanpa penilaian (2020) tidak boleh diisi: di dasbor tampil 'tidak dinilai', bukan 0.",
        "sumber: alamat/judul publikasi; sintetis: Ya untuk data contoh.",
        "Angka boleh memakai koma desimal (85,62). Berkas yang sama diunggah dua kali tidak mengubah apa pun; "
        "berkas baru untuk entitas dan tahun yang sama menggantikan nilai lama (riwayat tetap disimpan).",
    ],
    "mcp": [
        "Templat nilai KPK MCP (Monitoring Center for Prevention) untuk PantauZI.",
        "Satu baris per pemda, tahun dan area (0–100). area: 'total' atau salah satu area tahun itu (lembar "
        "'Daftar Area'); himpunan area berubah pada 2024.",
        "Lembar 'Penanggung Jawab' (opsional): unit pemda yang bertanggung jawab atas tiap area pembanding; "
        "bila kosong dipakai konvensi (Bappeda, BPKAD, DPMPTSP, Inspektorat, BKPSDM, Bapenda/BPPRD, UKPBJ).",
        "sumber: alamat/judul publikasi; sintetis: Ya untuk data contoh.",
    ],
}


def _sheet_rows(ws: Worksheet, header: list[str], rows: list[dict[str, Any]]) -> None:
    ws.append(header)
    for c in ws[1]:
        c.font, c.fill = Font(bold=True), HEAD
    for r in rows:
        ws.append([r.get(h) for h in header])
    ws.freeze_panes = "A2"
    for i, h in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(h) + 4)


def _list(ws: Worksheet, column: str, options: list[str], last_row: int = 2000) -> None:
    dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    dv.error, dv.errorTitle = "Pilih dari daftar", "Nilai tidak sah"
    ws.add_data_validation(dv)
    dv.add(f"{column}2:{column}{last_row}")


def write_template(
    kind: str, path: str | Path, rows: list[dict[str, Any]] | None = None, owners: list[dict[str, Any]] | None = None
) -> Path:
    """The template of `kind` ('ombudsman' | 'mcp'), empty or holding `rows`."""
    wb = openpyxl.Workbook()
    help_ws = active_sheet(wb)
    help_ws.title = "Petunjuk"
    for line in HELP[kind]:
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 120
    ws = wb.create_sheet("Data")
    header = COLUMNS[kind]
    _sheet_rows(ws, header, rows or [])
    col = {h: get_column_letter(i) for i, h in enumerate(header, start=1)}
    _list(ws, col["sintetis"], ["Ya", "Tidak"])
    if kind == "ombudsman":
        _list(ws, col["tingkat"], ["pemda", "opd"])
        _list(ws, col["ukuran"], list(ratings.OMBUDSMAN_MEASURES))
    else:
        keys = sorted({"total"} | {a.key for y in (2023, 2024) for a in ratings.mcp_areas(y)})
        _list(ws, col["area"], keys)
        areas = wb.create_sheet("Daftar Area")
        areas.append(["tahun dari", "tahun sampai", "area", "nama area", "area pembanding"])
        for first, last, key, comparable in ratings.crosswalk():
            areas.append([first, last if last < 2100 else None, key, ratings.mcp_area_label(key), comparable])
        own = wb.create_sheet("Penanggung Jawab")
        _sheet_rows(own, ["kode_wilayah", "area", "kode_unit"], owners or [])
        _list(own, "B", list(ratings.comparable_areas()))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    safetext.save(wb, path)  # an entity name or source like '=HYPERLINK(…)' stays text
    return path
