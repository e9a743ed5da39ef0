"""What a workbook says about itself: the labelled 'Kode Unit' / 'Tahun' / 'Tahap' cells at the top of
its first sheets (the blank templates carry them on their 'Identitas' sheet), and where they disagree
with the unit, year and stage a manifest row, a form or a command names.

Streamed from the sheets' XML after the pre-parse check (loaders.xlsxscan): no sheet is materialised,
and a damaged or hostile file only means nothing stated (its scoring refuses it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from loaders import xlsxscan
from loaders.workbook import check_file, col_letter
from pantauzi.core import vocab
from pantauzi.core.problems import CellProblem

META_LABELS = {
    "kode unit": "unit",
    "unit": "unit",
    "tahun": "year",
    "tahun penilaian": "year",
    "tahap": "stage",
    "tahap penilaian": "stage",
}
LABEL_OF = {"unit": "Kode Unit", "year": "Tahun", "stage": "Tahap"}
SHEETS = 3  # the first sheets looked at
ROWS = 8  # the first rows of each


@dataclass(frozen=True)
class Stated:
    """One labelled value: what the cell says (normalised: '2025', 'tpi'), and where."""

    key: str  # unit | year | stage
    value: str
    sheet: str
    cell: str  # the value's cell, e.g. 'B3'

    def where(self) -> str:
        return f"sel {self.cell} ('{LABEL_OF[self.key]}') di lembar '{self.sheet}'"


def stage_code(text: str) -> str:
    """'self', 'TPI', 'Penilaian mandiri', 'tpn (TPN)' -> the stage code; else the text as written."""
    t = re.sub(r"\s+", " ", text).strip().lower()
    for code in vocab.STAGES:
        if t == code or t == vocab.STAGE_LABELS[code].lower() or t.startswith(code + " "):
            return code
    return text.strip()


def _normal(key: str, value: str) -> str:
    value = value.strip()
    if key == "year":
        return re.sub(r"^(-?\d+)\.0+$", r"\1", value)
    if key == "stage":
        return stage_code(value)
    return value


def stated(path: str | Path) -> dict[str, Stated]:
    """The workbook's labelled unit / year / stage (the first of each), with their cells."""
    path = Path(path)
    found: dict[str, Stated] = {}
    try:
        _, scan = check_file(path, sheets=SHEETS)
        for sheet in scan.sheets[:SHEETS]:
            if sheet.problem:
                continue
            for number, row in xlsxscan.numbered_head_rows(path, sheet.part, ROWS):
                for i, (label, value) in enumerate(zip(row, row[1:])):
                    key = META_LABELS.get(re.sub(r"[\s:]+", " ", label).strip().lower())
                    if key and value.strip() and key not in found:
                        found[key] = Stated(key, _normal(key, value), sheet.name, f"{col_letter(i + 1)}{number}")
    except Exception:  # any error of a damaged or hostile file: nothing stated
        return {}
    return found


def mismatches(
    found: dict[str, Stated], label: str, unit: str | None, year: int | None, stage: str | None
) -> list[CellProblem]:
    """Each labelled cell that contradicts what the caller names (None: not named, nothing to compare),
    and a 'Tahap' cell that names no stage; Indonesian, naming the cell."""
    out: list[CellProblem] = []
    named = {"unit": unit, "year": None if year is None else str(year), "stage": stage}
    for key, s in found.items():
        if key == "stage" and s.value not in vocab.STAGES:
            out.append(
                CellProblem(
                    label, s.sheet, s.cell, f"{s.where()} berisi '{s.value}', bukan tahap yang dikenal (self, tpi, tpn)"
                )
            )
            continue
        want = named[key]
        if want is not None and s.value.casefold() != want.casefold():
            out.append(
                CellProblem(
                    label,
                    s.sheet,
                    s.cell,
                    f"{s.where()} berisi '{s.value}', sedangkan yang dipilih/dicantumkan '{want}'; "
                    "samakan isi sel dengan pilihan (atau kosongkan sel), lalu unggah lagi",
                )
            )
    return out
