"""Stored text never becomes a formula: the one rule for every cell and CSV field PantauZI writes.

A spreadsheet reads a text that starts with ``= + - @``, a tab or a carriage return as a formula (or a
DDE call such as ``=cmd|' /C calc'!A0``; OWASP "CSV injection"). openpyxl itself turns any ``str``
starting with ``=`` into a formula cell. So:

- in a workbook, such a text stays exactly as it is but is stored as a text cell (``data_type "s"``)
  with Excel's quote prefix (the cell stays text even when someone edits it); numbers stay numbers,
  a negative number too. `harden` applies this to every cell of a workbook before it is saved, except
  the formula cells PantauZI means to write, named by sheet and coordinate;
- in a CSV, such a text gets a leading apostrophe (``'=HYPERLINK(…)``), the OWASP rule; numbers are
  written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_FIRST = frozenset(RISKY_START)


def is_risky(value: object) -> bool:
    """A text a spreadsheet could read as a formula (numbers never are)."""
    return isinstance(value, str) and value.startswith(RISKY_START)


def text_cell(cell: Cell) -> Cell:
    """Keep a risky text of `cell` as text: stored as a string with the quote prefix, value unchanged."""
    if is_risky(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def harden(wb: Workbook, formulas: Mapping[str, Collection[str]] | None = None) -> int:
    """Every cell of every sheet through `text_cell`, except `formulas` ({sheet: {"B7", …}}): the
    formulas PantauZI writes on purpose. Returns how many cells were made text."""
    allowed = formulas or {}
    changed = 0
    for ws in wb.worksheets:
        keep = allowed.get(ws.title, ())
        for cell in ws._cells.values():  # a recap holds millions of cells: the cheap test first
            value = cell.value
            if (
                isinstance(value, str)
                and value[:1] in _FIRST
                and isinstance(cell, Cell)
                and cell.coordinate not in keep
            ):
                text_cell(cell)
                changed += 1
    return changed


def save(wb: Workbook, target: str | Path | IO[bytes], formulas: Mapping[str, Collection[str]] | None = None) -> None:
    """`harden`, then save: the only way PantauZI writes a workbook."""
    harden(wb, formulas)
    wb.save(target)


def csv_field(value: Any) -> Any:
    """A CSV field that no spreadsheet runs: a risky text gets a leading apostrophe; other values as they are."""
    return "'" + value if is_risky(value) else value


def csv_bytes(header: Iterable[str], rows: Iterable[Iterable[Any]], delimiter: str = ",") -> bytes:
    """UTF-8 CSV (with BOM, so Excel reads the encoding) of `rows`, every field through `csv_field`."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    w.writerow([csv_field(h) for h in header])
    for row in rows:
        w.writerow([None if v is None else csv_field(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
