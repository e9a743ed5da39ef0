"""Record ZI milestones (the Predikat ZI form, its Excel template): validate against the registered units
and the stored milestones (WBBM only after a WBK predicate of an earlier year), store in one transaction,
and recompute the stored readiness of the units' submissions (pantauzi.store.milestones)."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from loaders import sandbox
from loaders.workbook import check_file, col_letter, open_workbook
from pantauzi.core import access
from pantauzi.core import milestones as rules
from pantauzi.core.milestones import Milestone
from pantauzi.core.problems import CellProblem, WorkbookRejected
from pantauzi.store import db
from pantauzi.store import milestones as store
from pantauzi.workbooks.milestone_template import FIELD_OF_COLUMN, HEADER, SHEET

HEADER_ROWS = 10  # where the heading row may be
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Outcome:
    saved: int
    removed: int
    recomputed: int  # stored submissions whose readiness changed


@dataclass(frozen=True)
class Located:
    """A record read from a file, and the cell of each of its fields."""

    milestone: Milestone
    cells: dict[str, str]  # field -> cell reference ('B7')


def _norm(v: Any) -> str:
    return re.sub(r"\s+", " ", str(v)).strip().lower()


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    t = str(v).strip()
    return t or None


def _year(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)) and float(v).is_integer():
        return int(v)
    t = _text(v)
    return int(t) if t and re.fullmatch(r"\d{4}(\.0+)?", t) and t[:4].isdigit() else None


def _date(v: Any) -> tuple[dt.date | None, bool]:
    """-> (date, readable). A date cell, or text 'DD-MM-YYYY' / 'YYYY-MM-DD'."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None, True
    if isinstance(v, dt.datetime):
        return v.date(), True
    if isinstance(v, dt.date):
        return v, True
    t = str(v).strip()
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(t, pattern).date(), True
        except ValueError:
            continue
    return None, False


def read_file(path: str | Path, label: str | None = None) -> list[Located]:
    """The records of a filled template (checked here, parsed in a capped child process)."""
    path = Path(path)
    label = label or path.name
    if not sandbox.inside():
        check_file(path, label)
    return sandbox.run(_read_file, path, label, label=label)


def _read_file(path: Path, label: str) -> list[Located]:
    wb = open_workbook(path, label)
    names = wb.sheet_names
    sheet = next((n for n in names if _norm(n) == _norm(SHEET)), names[0] if names else None)
    rows = wb.rows(sheet) if sheet else []
    wanted = {_norm(h): FIELD_OF_COLUMN[h] for h in HEADER}
    at = next((i for i, r in enumerate(rows[:HEADER_ROWS]) if _norm(r[0] if r else "") == "kode unit"), None)
    if sheet is None or at is None:
        msg = f"bukan templat tonggak ZI PantauZI: tidak ada lembar '{SHEET}' dengan kolom " + ", ".join(HEADER)
        raise WorkbookRejected(label, [CellProblem(label, sheet, None, msg)])
    cols = {wanted[_norm(v)]: c for c, v in enumerate(rows[at]) if _norm(v) in wanted}
    missing = [h for h in HEADER[:3] if FIELD_OF_COLUMN[h] not in cols]
    if missing:
        msg = "kolom wajib tidak ada: " + ", ".join(missing)
        raise WorkbookRejected(label, [CellProblem(label, sheet, f"A{at + 1}", msg)])
    out: list[Located] = []
    problems: list[CellProblem] = []
    body = rows[at + 1 :]
    if len(body) > MAX_ROWS:
        msg = f"lebih dari {MAX_ROWS} baris; bagi menjadi beberapa berkas"
        raise WorkbookRejected(label, [CellProblem(label, sheet, None, msg)])
    for i, row in enumerate(body, start=at + 2):
        value = {f: (row[c] if c < len(row) else None) for f, c in cols.items()}
        if all(_text(v) is None for v in value.values()):
            continue
        cells = {f: f"{col_letter(c)}{i}" for f, c in cols.items()}
        unit, kind, year = _text(value["unit"]), _text(value.get("kind")), _year(value.get("year"))
        date, readable = _date(value.get("date"))
        for f, ok, msg in (
            ("unit", unit is not None, "kode unit kosong"),
            ("kind", kind is not None, "tonggak kosong"),
            ("year", year is not None, f"tahun '{_text(value.get('year')) or ''}' bukan tahun empat angka"),
            ("date", readable, f"tanggal '{_text(value.get('date'))}' tidak terbaca; tulis DD-MM-YYYY"),
        ):
            if not ok:
                problems.append(CellProblem(label, sheet, cells[f], msg))
        if unit is None or kind is None or year is None or not readable:
            continue
        m = Milestone(unit, kind.lower(), year, date, _text(value.get("decree")), _text(value.get("note")))
        out.append(Located(m, cells))
    if problems:
        raise WorkbookRejected(label, problems)
    if not out:
        raise WorkbookRejected(label, [CellProblem(label, sheet, None, "templat tidak berisi satu baris tonggak pun")])
    return out


def save(
    con: duckdb.DuckDBPyConnection,
    rows: list[Located] | list[Milestone],
    removed: list[tuple[str, str, int]] | None = None,
    by: str = "",
    label: str = "formulir",
    sheet: str | None = None,
) -> Outcome:
    """Validate and store `rows` (replacing the same unit/kind/year) and drop `removed`, in one
    transaction with the readiness of the units' submissions. Raises WorkbookRejected (Indonesian, by
    cell for a file, by field for the form); then nothing is written."""
    removed = removed or []
    located = [r if isinstance(r, Located) else Located(r, {}) for r in rows]
    ms = [r.milestone for r in located]
    units = sorted({m.unit for m in ms} | {u for u, _, _ in removed})
    with db.transaction(con) as cur:
        found = rules.problems(ms, store.unit_codes(cur, units), store.of_units(cur, units), removed)
        if found:
            raise WorkbookRejected(label, [_problem(p, located, label, sheet) for p in found])
        store.write(cur, ms, removed, f"Predikat ZI: {by or 'admin'} ({label})", label, by or None)
        changed = store.refresh_readiness(cur, units)
    return Outcome(len(ms), len(removed), changed)


def _problem(p: rules.Problem, located: list[Located], label: str, sheet: str | None) -> CellProblem:
    if p.row < 0:
        return CellProblem(label, None, None, p.message)
    cell = located[p.row].cells.get(p.field)
    if cell is None:  # the form: name the field
        return CellProblem(label, None, None, f"{rules.FIELD_LABELS[p.field]}: {p.message}")
    return CellProblem(label, sheet or SHEET, cell, p.message)


def _admin(user: access.User, label: str) -> None:
    if user.role != "admin":
        msg = f"pengguna '{user.username or 'tamu'}' tidak berwenang mencatat tonggak ZI (hanya admin)"
        raise WorkbookRejected(label, [CellProblem(label, None, None, msg)])


def save_for(
    con: duckdb.DuckDBPyConnection,
    user: access.User,
    rows: list[Milestone],
    removed: list[tuple[str, str, int]],
    label: str = "formulir",
) -> Outcome:
    """`save` for a signed-in admin (the right is checked here, not only by the page)."""
    _admin(user, label)
    return save(con, rows, removed, by=user.username or "admin", label=label)


def ingest_upload(con: duckdb.DuckDBPyConnection, user: access.User, content: bytes, file_name: str) -> Outcome:
    """An uploaded template's bytes, for a signed-in admin: read in a capped child, stored in one transaction."""
    _admin(user, file_name)
    with tempfile.TemporaryDirectory(prefix="pantauzi-tonggak-") as tmp:
        path = Path(tmp) / "tonggak.xlsx"
        path.write_bytes(content)
        rows = read_file(path, file_name)
    return save(con, rows, by=user.username or "admin", label=file_name)


def ingest_file(con: duckdb.DuckDBPyConnection, path: str | Path, by: str = "", label: str | None = None) -> Outcome:
    """Read a filled milestones template and store it (one transaction)."""
    label = label or Path(path).name
    return save(con, read_file(path, label), by=by, label=label)
