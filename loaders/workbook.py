"""Open an uploaded spreadsheet safely: type sniffing, size and ZIP-bomb limits, calamine reading."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from loaders import xlsxscan
from pantauzi.core import fmt
from pantauzi.core.problems import CellProblem, WorkbookRejected

MIB = 1024 * 1024  # limits and messages both count MB as 1024 × 1024 bytes
MAX_FILE_BYTES = int(os.environ.get("PANTAUZI_MAX_UPLOAD_MB", "20")) * MIB
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # uncompressed/compressed: real xlsx parts compress ~5-20x

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


@lru_cache(maxsize=1024)
def col_letter(idx: int) -> str:
    """0-based column index -> Excel letters."""
    s = ""
    idx += 1
    while idx:
        idx, r = divmod(idx - 1, 26)
        s = chr(65 + r) + s
    return s


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


@dataclass
class Workbook:
    """An opened workbook; sheets are parsed lazily and cached."""

    path: Path
    label: str
    book: CalamineWorkbook
    warnings: list[CellProblem]
    scan: xlsxscan.ArchiveScan | None = None

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names)

    def refusal(self, sheet: str) -> CellProblem | None:
        """Why `sheet` must not be parsed (beyond an LKE sheet's limits), naming its farthest cell."""
        found = self.scan.sheet(sheet) if self.scan else None  # streamed now if not yet
        if found is None or found.problem is None:
            return None
        return CellProblem(self.label, sheet, found.far_cell, found.problem)

    def rows(self, sheet: str) -> list[list[Any]]:
        """The sheet's rows; raises SheetRefused (never parsing it) for a sheet beyond the limits."""
        cache: dict[str, list[list[Any]]] = self.__dict__.setdefault("_rows", {})
        if sheet not in cache:
            problem = self.refusal(sheet)
            if problem:
                warning = CellProblem(
                    problem.file, problem.sheet, problem.cell, f"lembar ini tidak dibaca: {problem.message}", "warning"
                )
                if warning not in self.warnings:  # the result says which sheet was left unread
                    self.warnings.append(warning)
                raise SheetRefused(self.label, [problem])
            rows: list[list[Any]] = self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            cache[sheet] = rows
        return cache[sheet]


class SheetRefused(WorkbookRejected):
    """A sheet that the pre-parse check found beyond the limits: never handed to the reader."""


def _reject(label: str, message: str) -> WorkbookRejected:
    return WorkbookRejected(label, [CellProblem(label, None, None, message)])


def check_file(
    path: str | Path, label: str | None = None, sheets: int | None = 0
) -> tuple[list[CellProblem], xlsxscan.ArchiveScan]:
    """Every check that needs no parsing (size, type, ZIP totals, each member's size and ratio; the
    extent of the first `sheets` sheets, None: all; the others are checked when about to be parsed),
    or WorkbookRejected. -> (warnings, the archive scan). Cheap and bounded in memory: runs in the
    serving process before a child process parses anything, and again in the child."""
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise _reject(label, "berkas tidak ditemukan")
    size = path.stat().st_size
    if size == 0:
        raise _reject(label, "berkas kosong (0 bita)")
    if size > MAX_FILE_BYTES:
        raise _reject(label, f"ukuran berkas {fmt.num(size / MIB, 1)} MB melebihi batas {MAX_FILE_BYTES / MIB:.0f} MB")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE_MAGIC):
        raise _reject(
            label,
            "berkas dilindungi kata sandi atau berformat Excel 97-2003 (.xls); "
            "buka di Excel, hapus kata sandi, lalu simpan sebagai .xlsx",
        )
    if not head.startswith(b"PK"):
        kind = "PDF" if head.startswith(b"%PDF") else "teks/CSV atau format lain"
        raise _reject(
            label,
            f"bukan berkas Excel .xlsx (isinya tampak seperti {kind}); "
            "simpan ulang dari Excel sebagai 'Excel Workbook (.xlsx)'",
        )
    warnings: list[CellProblem] = []
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
                raise _reject(label, "arsip ZIP ini bukan workbook Excel (tidak ada xl/workbook.xml)")
            total = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if total > MAX_UNZIPPED_BYTES or total / packed > MAX_RATIO:
                raise _reject(
                    label,
                    f"isi berkas terlalu besar setelah diekstrak ({total / MIB:.0f} MB "
                    f"dari {fmt.num(packed / MIB, 1)} MB); berkas ditolak demi keamanan",
                )
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                warnings.append(
                    CellProblem(
                        label,
                        None,
                        None,
                        "berkas berisi makro (.xlsm): hanya data yang dibaca, makro tidak pernah dijalankan",
                        "warning",
                    )
                )
            found = xlsxscan.scan_open(zf, path, sheets=sheets)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError):
        raise _reject(label, "berkas ZIP rusak atau terpotong; unggah ulang berkas aslinya") from None
    if found.problems:
        raise WorkbookRejected(
            label, [CellProblem(label, None, None, f"{p}; berkas ditolak demi keamanan") for p in found.problems]
        )
    return warnings, found


def open_workbook(path: str | Path, label: str | None = None) -> Workbook:
    """Open `path` as an .xlsx/.xlsm workbook or raise WorkbookRejected with an Indonesian message."""
    path = Path(path)
    label = label or path.name
    warnings, found = check_file(path, label)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several error types for broken parts
        raise _reject(
            label,
            f"workbook tidak dapat dibaca ({type(exc).__name__}); berkas mungkin rusak atau dilindungi kata sandi",
        ) from None
    return Workbook(path, label, book, warnings, found)
