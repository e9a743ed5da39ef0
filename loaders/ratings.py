"""Ombudsman RI ratings and KPK MCP scores: PantauZI's own templates (xlsx or CSV with the same columns)
-> validated rows -> DuckDB, with the guarantees of the LKE loader: every bad cell named, nothing stored
on any error, the same file twice changes nothing, a new file replaces the rows it covers and keeps
the old ones as history.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from loaders import sandbox
from loaders.workbook import check_file, col_letter, open_workbook
from pantauzi.core import fmt, ratings
from pantauzi.core.problems import CellProblem, WorkbookRejected
from pantauzi.core.vocab import ImportStatus
from pantauzi.store import db
from pantauzi.workbooks.rating_template import COLUMNS

REQUIRED = {
    "ombudsman": ["tingkat", "kode_wilayah", "tahun", "ukuran", "nilai"],
    "mcp": ["kode_wilayah", "tahun", "area", "nilai"],
}
OWNER_COLUMNS = ["kode_wilayah", "area", "kode_unit"]
DATA_SHEET, OWNER_SHEET = "Data", "Penanggung Jawab"
YES = {"ya", "y", "true", "1", "sintetis"}


@dataclass
class Table:
    """The rows of one sheet (or CSV), each with the place of every cell for messages."""

    sheet: str | None
    rows: list[dict[str, Any]] = field(default_factory=list)
    where: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class RatingOutcome:
    status: ImportStatus  # loaded | replaced | unchanged
    kind: str
    rows: int
    replaced: int
    warnings: tuple[CellProblem, ...]


def _norm(v: Any) -> str:
    return re.sub(r"[\s_]+", "_", str(v or "").strip().lower())


def _text(v: Any) -> str | None:
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
        names = [_norm(v) for v in row]
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
    sheet = next((n for n in names if _norm(n) == _norm(DATA_SHEET)), None)
    candidates = [sheet] if sheet else [n for n in names if _norm(n) not in (_norm(OWNER_SHEET), "petunjuk")]
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
    owner_sheet = next((n for n in names if _norm(n) == _norm(OWNER_SHEET)), None)
    if kind == "mcp" and owner_sheet:
        raw = wb.rows(owner_sheet)
        if any(any(v not in (None, "") for v in r) for r in raw[1:]):
            owners = _table_from_rows(label, owner_sheet, raw, OWNER_COLUMNS, OWNER_COLUMNS, False)
    return data, owners


# ---------------------------------------------------------------- value checks
class Checker:
    """Collects every problem of a file; values come back parsed or None."""

    def __init__(self, label: str, table: Table):
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
            text = (_text(raw) or "").replace(" ", "")
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
        text = _text(raw) or ""
        if not re.fullmatch(r"\d{4}", text):
            self.error(i, "tahun", "tahun harus empat angka", raw, f"{lo}–{hi}")
            return None
        y = int(text)
        if not lo <= y <= hi:
            self.error(i, "tahun", "tahun di luar rentang yang didukung", raw, f"{lo}–{hi}")
            return None
        return y


def _known(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    with db.cursor(con) as cur:
        regions = dict(cur.execute("SELECT code, name FROM regions WHERE level IN ('provinsi', 'kabkota')").fetchall())
        units = {c: (r, n) for c, r, n in cur.execute("SELECT code, region_code, name FROM units").fetchall()}
    return regions, units


def _region(ck: Checker, i: int, regions: dict[str, str]) -> str | None:
    raw = ck.table.rows[i].get("kode_wilayah")
    code = _text(raw)
    if code and re.fullmatch(r"\d+\.0", code):
        code = code[:-2]
    if not code or code not in regions:
        ck.error(i, "kode_wilayah", "kode wilayah (Kemendagri) tidak dikenal", raw, "mis. 81 atau 81.71")
        return None
    return code


# ---------------------------------------------------------------- Ombudsman
def parse_ombudsman(
    con: duckdb.DuckDBPyConnection, table: Table, label: str
) -> tuple[list[dict[str, Any]], list[CellProblem]]:
    """One record per entity and year from rows of one measure each."""
    regions, units = _known(con)
    ck = Checker(label, table)
    records: dict[tuple[str, int], dict[str, Any]] = {}
    seen: dict[tuple[str, int, str], int] = {}
    for i, row in enumerate(table.rows):
        level = _norm(row.get("tingkat"))
        if level not in ("pemda", "opd"):
            ck.error(i, "tingkat", "tingkat tidak dikenal", row.get("tingkat"), "pemda / opd")
            continue
        region = _region(ck, i, regions)
        year = ck.year(i, 2013, 2030)
        unit = _text(row.get("kode_unit"))
        name = _text(row.get("nama_entitas"))
        measure = _norm(row.get("ukuran"))
        if unit and unit not in units:
            ck.error(i, "kode_unit", "kode unit tidak dikenal", unit, "kode unit terdaftar, atau kosong")
            continue
        if unit and region and units[unit][0] != region and not units[unit][0].startswith(region + "."):
            ck.error(i, "kode_unit", f"unit tidak berada di wilayah {region}", unit)
            continue
        if level == "opd" and not unit and not name:
            ck.error(i, "nama_entitas", "OPD tanpa kode unit harus diberi nama entitas", None, "nama OPD")
            continue
        if measure not in ratings.OMBUDSMAN_MEASURES:
            ck.error(i, "ukuran", "ukuran tidak dikenal", row.get("ukuran"), " / ".join(ratings.OMBUDSMAN_MEASURES))
            continue
        if region is None or year is None:
            continue
        method = ratings.ombudsman_method(year)
        if method is None:
            ck.error(
                i,
                "tahun",
                ratings.ombudsman_not_rated(year) or "tidak ada metodologi Ombudsman untuk tahun ini",
                year,
                "tahun dengan penilaian Ombudsman",
            )
            continue
        if measure in ratings.DIMENSIONS and measure not in method.dimensions:
            ck.error(
                i,
                "ukuran",
                f"dimensi '{measure}' tidak dinilai dalam metodologi {year}",
                measure,
                " / ".join(method.dimensions) or "tidak ada dimensi",
            )
            continue
        if level == "pemda":
            key, shown = region, regions[region]
        else:
            key = unit or f"{region}|{name}"
            shown = name or (units[unit][1] if unit else "")  # an OPD without a name has a unit code
        dup = (key, year, measure)
        if dup in seen:
            ck.error(
                i, "ukuran", f"baris ganda: ukuran yang sama sudah ada di {table.where[seen[dup]]['ukuran']}", measure
            )
            continue
        seen[dup] = i
        rec = records.setdefault(
            (key, year),
            {
                "level": level,
                "region_code": region,
                "unit_code": unit if level == "opd" else None,
                "entity_key": key,
                "entity_name": shown,
                "year": year,
                "methodology": method.key,
                "score": None,
                "zone": None,
                "category": None,
                "published_zone": None,
                "published_category": None,
                **{f"dim_{d}": None for d in ratings.DIMENSIONS},
                "source": None,
                "synthetic": False,
                "_rows": {},
            },
        )
        rec["_rows"][measure] = i
        rec["source"] = rec["source"] or _text(row.get("sumber"))
        rec["synthetic"] = rec["synthetic"] or _norm(row.get("sintetis")) in YES
        if measure == "zona":
            z = _norm(row.get("nilai"))
            if z not in ratings.zones():
                ck.error(i, "nilai", "zona tidak dikenal", row.get("nilai"), " / ".join(ratings.zones()))
            rec["published_zone"] = z
        elif measure == "kategori":
            rec["published_category"] = _text(row.get("nilai"))
        else:
            x = ck.number(i, "nilai")
            rec["score" if measure == "nilai" else f"dim_{measure}"] = x
    out = []
    for rec in records.values():
        rows = rec.pop("_rows")
        if not {"nilai", "zona", "kategori"} & set(rows):
            ck.error(
                next(iter(rows.values())),
                "ukuran",
                "entitas ini hanya punya dimensi: tambahkan baris ukuran 'nilai', 'zona' atau 'kategori'",
            )
            continue
        method = ratings.ombudsman_method(rec["year"])  # every row's year was checked to have one
        if rec["score"] is not None and method is not None:
            band = method.band(rec["score"])
            rec["zone"], rec["category"] = band.zone, band.category
            if rec["published_zone"] and rec["published_zone"] != band.zone:
                ck.warn(
                    rows["zona"],
                    "nilai",
                    f"zona tertulis tidak sesuai nilai {fmt.num(rec['score'])} menurut "
                    f"pita tahun {rec['year']}; yang dipakai: menurut pita",
                    rec["published_zone"],
                    band.zone,
                )
        else:
            rec["zone"] = rec["published_zone"]
        out.append(rec)
    return out, ck.problems


# ---------------------------------------------------------------- MCP
def parse_mcp(
    con: duckdb.DuckDBPyConnection, table: Table, owners: Table | None, label: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[CellProblem]]:
    regions, units = _known(con)
    ck = Checker(label, table)
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, int, str], int] = {}
    for i, row in enumerate(table.rows):
        region = _region(ck, i, regions)
        year = ck.year(i, 2018, 2030)
        area = _norm(row.get("area"))
        score = ck.number(i, "nilai")
        if year is None or region is None:
            continue
        allowed = ["total"] + [a.key for a in ratings.mcp_areas(year)]
        if area not in allowed:
            ck.error(i, "area", f"area MCP tidak dikenal untuk tahun {year}", row.get("area"), " / ".join(allowed))
            continue
        if (region, year, area) in seen:
            ck.error(
                i,
                "area",
                f"baris ganda: area yang sama sudah ada di {table.where[seen[(region, year, area)]]['area']}",
                area,
            )
            continue
        seen[(region, year, area)] = i
        if score is not None:
            out.append(
                {
                    "region_code": region,
                    "year": year,
                    "area_key": area,
                    "score": score,
                    "source": _text(row.get("sumber")),
                    "synthetic": _norm(row.get("sintetis")) in YES,
                }
            )
    owner_rows: list[dict[str, Any]] = []
    problems = ck.problems
    if owners is not None:
        ok = Checker(label, owners)
        comparable = ratings.comparable_areas()
        for i, row in enumerate(owners.rows):
            region = _region(ok, i, regions)
            area = _norm(row.get("area"))
            unit = _text(row.get("kode_unit"))
            if area not in comparable:
                ok.error(i, "area", "area pembanding tidak dikenal", row.get("area"), " / ".join(comparable))
                continue
            if not unit or unit not in units:
                ok.error(i, "kode_unit", "kode unit tidak dikenal", unit, "kode unit terdaftar")
                continue
            if region and units[unit][0] != region:
                ok.error(i, "kode_unit", f"unit bukan milik pemda {region}", unit)
                continue
            if region:
                owner_rows.append(
                    {"region_code": region, "comparable_area": area, "unit_code": unit, "file_name": label}
                )
        problems = problems + ok.problems
    return out, owner_rows, problems


# ---------------------------------------------------------------- storing
TABLE_KEYS = {
    "ombudsman": ("ombudsman_ratings", ("entity_key", "year")),
    "mcp": ("mcp_scores", ("region_code", "year", "area_key")),
}


def _store(
    cur: duckdb.DuckDBPyConnection,
    kind: str,
    records: list[dict[str, Any]],
    label: str,
    digest: str,
    loaded_by: str | None,
) -> tuple[ImportStatus, int]:
    table, keys = TABLE_KEYS[kind]
    current = cur.execute(
        f"SELECT count(*) FILTER (WHERE sha256 = ?), count(*) FROM {table} WHERE is_current", [digest]
    ).fetchall()[0]
    if records and current[0] == len(records):
        return "unchanged", 0
    cur.register("_keys", pa.table({k: [r[k] for r in records] for k in keys}))
    try:
        # counted, then updated: PostgreSQL tables attached by DuckDB take no UPDATE ... RETURNING
        cond = " AND ".join(f"t.{k} = _keys.{k}" for k in keys)
        replaced = cur.execute(f"SELECT count(*) FROM {table} t JOIN _keys ON {cond} WHERE t.is_current").fetchall()[0][
            0
        ]
        if replaced:
            cur.execute(f"UPDATE {table} t SET is_current = FALSE FROM _keys WHERE t.is_current AND {cond}")
    finally:
        cur.unregister("_keys")
    status: ImportStatus = "replaced" if replaced else "loaded"
    import_id = db.next_ids(cur, "import_id_seq", 1)[0]
    cur.execute(
        "INSERT INTO imports (id, kind, file_name, sha256, status, loaded_by, message) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [import_id, kind, label, digest, status, loaded_by, f"{len(records)} baris"],
    )
    ids = db.next_ids(cur, "rating_id_seq", len(records))
    cols = [c for c in records[0]] if records else []
    data = {c: [r[c] for r in records] for c in cols}
    data.update(
        id=ids,
        file_name=[label] * len(ids),
        sha256=[digest] * len(ids),
        import_id=[import_id] * len(ids),
        is_current=[True] * len(ids),
    )
    if records:
        cur.register("_rows", pa.table(data))
        try:
            cur.execute(f"INSERT INTO {table} ({', '.join(data)}) SELECT * FROM _rows")
        finally:
            cur.unregister("_rows")
    return status, int(replaced)


def ingest_ratings(
    con: duckdb.DuckDBPyConnection, kind: str, path: str | Path, label: str | None = None, loaded_by: str | None = None
) -> RatingOutcome:
    """Validate and store an Ombudsman or MCP file. Raises WorkbookRejected; then nothing is written."""
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise WorkbookRejected(label, [CellProblem(label, None, None, "berkas tidak ditemukan")])
    data, owners = read_tables(path, label, kind)
    with db.cursor(con) as cur:
        has_regions = cur.execute("SELECT count(*) FROM regions").fetchall()[0][0] > 0
    if not has_regions:  # the Kemendagri codes ship with PantauZI: a new database gets them first
        from loaders.reference_tables import load_regions

        load_regions(con)
    if kind == "ombudsman":
        records, problems = parse_ombudsman(con, data, label)
        owner_rows: list[dict[str, Any]] = []
    else:
        records, owner_rows, problems = parse_mcp(con, data, owners, label)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise WorkbookRejected(label, errors)
    if not records:
        raise WorkbookRejected(label, [CellProblem(label, data.sheet, None, "tidak ada baris data")])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with db.transaction(con) as cur:
        status, replaced = _store(cur, kind, records, label, digest, loaded_by)
        if owner_rows and status != "unchanged":
            cur.executemany(
                "INSERT OR REPLACE INTO mcp_area_owners VALUES (?, ?, ?, ?)",
                [[o["region_code"], o["comparable_area"], o["unit_code"], o["file_name"]] for o in owner_rows],
            )
    return RatingOutcome(status, kind, len(records), replaced, tuple(p for p in problems if p.severity == "warning"))
