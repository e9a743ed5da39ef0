"""Small typed helpers over openpyxl shared by the workbook writers and readers."""

from __future__ import annotations

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet


def active_sheet(wb: openpyxl.Workbook) -> Worksheet:
    """The active sheet as a worksheet (openpyxl types `active` as optional and possibly a chartsheet;
    a new workbook always has one worksheet)."""
    ws = wb.active
    if not isinstance(ws, Worksheet):
        raise TypeError(f"the active sheet is {type(ws).__name__}, not a worksheet")
    return ws
