"""One table as an Excel workbook (openpyxl): a header row, numbers as numbers, every text a text."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pantauzi.workbooks import safetext
from pantauzi.workbooks.xlsx import active_sheet

HEAD = PatternFill("solid", fgColor="DDEBF7")


def _cell(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):  # numpy scalars -> Python values
        return v.item()
    return v if isinstance(v, (int, float, str, bool)) else str(v)


def table_xlsx(df: pd.DataFrame, title: str) -> bytes:
    """`df` on one sheet named `title` (at most 31 characters), frozen header, autofilter; saved through
    safetext, so a text from data that starts with = + - @ stays text."""
    wb = Workbook()
    ws = active_sheet(wb)
    ws.title = title[:31]
    ws.append([str(c) for c in df.columns])
    for head in ws[1]:
        head.font, head.fill = Font(bold=True), HEAD
        head.alignment = Alignment(wrap_text=True, vertical="top")
    for row in df.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    ws.freeze_panes = "A2"
    if len(df):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{len(df) + 1}"
    for i, name in enumerate(df.columns, start=1):
        longest = max([len(str(name))] + [len(str(v)) for v in df[name].head(300) if v is not None and v == v])
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))
    out = io.BytesIO()
    safetext.save(wb, out)
    return out.getvalue()
