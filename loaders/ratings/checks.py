"""Value checks of rating rows: every bad cell named; regions and units the database knows."""

from __future__ import annotations

import re
from typing import Any

import duckdb

from loaders.ratings import tables
from pantauzi.core.problems import CellProblem
from pantauzi.store import db


class Checker:
    """Collects every problem of a file; values come back parsed or None."""

    def __init__(self, label: str, table: tables.Table):
        self.label, self.table = label, table
        self.problems: list[CellProblem] = []

    def error(self, i: int, col: str, message: str, found: Any = None, expected: str | None = None) -> None:
        self.problems.append(
            CellProblem(
                self.label,
                self.table.sheet,
                self.table.where[i].get(col),
                message,
                found=None if found is None else str(found),
                expected=expected,
            )
        )

    def warn(self, i: int, col: str, message: str, found: Any = None, expected: str | None = None) -> None:
        self.problems.append(
            CellProblem(
                self.label,
                self.table.sheet,
                self.table.where[i].get(col),
                message,
                "warning",
                None if found is None else str(found),
                expected,
            )
        )

    def number(self, i: int, col: str, lo: float = 0, hi: float = 100) -> float | None:
        raw = self.table.rows[i].get(col)
        if isinstance(raw, bool):
            raw = None
        if isinstance(raw, (int, float)):
            x = float(raw)
        else:
            text = (tables.text(raw) or "").replace(" ", "")
            if re.fullmatch(r"-?\d+(,\d+)?", text):
                text = text.replace(",", ".")
            try:
                x = float(text)
            except ValueError:
                self.error(i, col, "nilai harus berupa angka", raw, f"angka {lo:g}–{hi:g} (mis. 85,62)")
                return None
        if not lo <= x <= hi:
            self.error(i, col, "nilai di luar rentang", raw, f"{lo:g}–{hi:g}")
            return None
        return x

    def year(self, i: int, lo: int, hi: int) -> int | None:
        raw = self.table.rows[i].get("tahun")
        text = tables.text(raw) or ""
        if not re.fullmatch(r"\d{4}", text):
            self.error(i, "tahun", "tahun harus empat angka", raw, f"{lo}–{hi}")
            return None
        y = int(text)
        if not lo <= y <= hi:
            self.error(i, "tahun", "tahun di luar rentang yang didukung", raw, f"{lo}–{hi}")
            return None
        return y


def known(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    with db.cursor(con) as cur:
        regions = dict(cur.execute("SELECT code, name FROM regions WHERE level IN ('provinsi', 'kabkota')").fetchall())
        units = {c: (r, n) for c, r, n in cur.execute("SELECT code, region_code, name FROM units").fetchall()}
    return regions, units


def region(ck: Checker, i: int, regions: dict[str, str]) -> str | None:
    raw = ck.table.rows[i].get("kode_wilayah")
    code = tables.text(raw)
    if code and re.fullmatch(r"\d+\.0", code):
        code = code[:-2]
    if not code or code not in regions:
        ck.error(i, "kode_wilayah", "kode wilayah (Kemendagri) tidak dikenal", raw, "mis. 81 atau 81.71")
        return None
    return code
