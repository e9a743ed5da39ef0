"""Read an LKE ZI workbook (legacy 90/2021 sheet or PortalRB 2026 "Jawaban") and rescore it.

The workbook's own formulas are never trusted: answers are normalised, scored with the
reference data (pantauzi.core.scoring), and every cached value that differs is reported.
"""

from __future__ import annotations

from pathlib import Path

from loaders.lke import detect, legacy, portalrb, result
from loaders.workbook import open_workbook


def score_file(
    path: str | Path, stage: str | None = None, label: str | None = None, empty_tpi: bool = False
) -> result.LkeResult:
    """Read, validate and rescore one LKE workbook. Raises WorkbookRejected on any error, among them
    stage 'tpi' of a PortalRB file whose TPI column is empty (`empty_tpi`: score it as unanswered)."""
    wb = open_workbook(path, label)
    layout, sheet, rows_at = detect.detect_layout(wb)
    rows = wb.rows(sheet)
    if layout == "legacy":
        return legacy.score_legacy(wb, sheet, rows, rows_at, stage or "self")
    return portalrb.score_portalrb(wb, sheet, rows, rows_at, stage or "self", empty_tpi)
