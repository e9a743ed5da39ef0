"""Rating files (PantauZI's xlsx templates or CSV with the same columns) read as tables, in a capped child."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders import sandbox
from loaders.workbook import check_file, col_letter, open_workbook
from pantauzi.core.problems import CellProblem, WorkbookRejected
from pantauzi.workbooks.rating_template import COLUMNS

DATA_SHEET, OWNER_SHEET = "Data", "Penanggung Jawab"
REQUIRED = {
    "ombudsman": ["tingkat", "kode_wilayah", "tahun", "ukuran", "nilai"],
    "mcp": ["kode_wilayah", "tahun", "area", "nilai"],
}


OWNER_COLUMNS = ["kode_wilayah", "area", "kode_unit"]


YES = {"ya", "y", "true", "1", "sintetis"}


@dataclass
class Table:
    """The rows of one sheet (or CSV), each with the place of every cell for messages."""

    sheet: str | None
    rows: list[dict[str, Any]] = field(default_factory=list)
    where: list[dict[str, str]] = field(default_factory=list)


def norm(v: Any) -> str:
    return re.sub(r"[\s_]+", "_", str(v or "").strip().lower())


def text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    t = str(v).strip()
    return t or None


def _table_from_rows(
    label: str, sheet: str | None, raw: list[list[Any]], wanted: list[str], required: list[str], csv_mode: bool
) -> Table:
    """Find the header row (the first that names every required column), then read the rows below."""
    for hi, row in enumerate(raw[:15]):  # noqa: B007 (hi is the header row, used below)
        names = [norm(v) for v in row]
        if all(r in names for r in required):
            break
    else:
        raise WorkbookRejected(
            label,
            [
                CellProblem(
                    label,
                    sheet,
                    None,
                    "baris judul kolom tidak ditemukan; kolom wajib: " + ", ".join(required),
                    found=None,
                )
            ],
        )
    index = {n: i for i, n in enumerate(names) if n in wanted}
    t = Table(sheet)
    for ri in range(hi + 1, len(raw)):
        row = raw[ri]
        values = {c: (row[i] if i < len(row) else None) for c, i in index.items()}
        values = {c: (None if v == "" else v) for c, v in values.items()}
        if all(v is None for v in values.values()):
            continue
        t.rows.append(values)
        t.where.append(
            {
                c: (f"{col_letter(i)}{ri + 1} ({c})" if csv_mode else f"{col_letter(i)}{ri + 1}")
                for c, i in index.items()
            }
        )
    return t


def read_tables(path: Path, label: str, kind: str) -> tuple[Table, Table | None]:
    """The data table (and, for MCP, the optional owners table) of an xlsx or CSV file; a workbook is
    checked here and parsed in a capped child process (loaders.sandbox)."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if path.suffix.lower() == ".csv" or not head.startswith((b"PK", bytes.fromhex("D0CF11E0"))):
        return _read_tables(path, label, kind)
    if not sandbox.inside():
        check_file(path, label)
    return sandbox.run(_read_tables, path, label, kind, label=label)


def _read_tables(path: Path, label: str, kind: str) -> tuple[Table, Table | None]:
    head = path.read_bytes()[:8]
    if path.suffix.lower() == ".csv" or not head.startswith((b"PK", bytes.fromhex("D0CF11E0"))):
        raw_bytes = path.read_bytes()
        try:
            text = raw_bytes.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise WorkbookRejected(
                label, [CellProblem(label, None, None, "berkas CSV bukan teks UTF-8; simpan ulang sebagai 'CSV UTF-8'")]
            ) from None
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t") if text.strip() else csv.excel
        raw = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
        return _table_from_rows(label, None, raw, COLUMNS[kind], REQUIRED[kind], True), None
    wb = open_workbook(path, label)
    names = wb.sheet_names
    sheet = next((n for n in names if norm(n) == norm(DATA_SHEET)), None)
    candidates = [sheet] if sheet else [n for n in names if norm(n) not in (norm(OWNER_SHEET), "petunjuk")]
    data = None
    for name in candidates:
        try:
            data = _table_from_rows(label, name, wb.rows(name), COLUMNS[kind], REQUIRED[kind], False)
            break
        except WorkbookRejected:
            continue
    if data is None:
        kinds = {"ombudsman": "Ombudsman", "mcp": "KPK MCP"}
        raise WorkbookRejected(
            label,
            [
                CellProblem(
                    label,
                    None,
                    None,
                    f"bukan templat {kinds[kind]} PantauZI: tidak ada lembar dengan kolom " + ", ".join(REQUIRED[kind]),
                )
            ],
        )
    owners = None
    owner_sheet = next((n for n in names if norm(n) == norm(OWNER_SHEET)), None)
    if kind == "mcp" and owner_sheet:
        raw = wb.rows(owner_sheet)
        if any(any(v not in (None, "") for v in r) for r in raw[1:]):
            owners = _table_from_rows(label, owner_sheet, raw, OWNER_COLUMNS, OWNER_COLUMNS, False)
    return data, owners
