"""Check an .xlsx archive before any sheet is parsed: each ZIP member's own size and ratio, and each
worksheet's extent, streamed from its XML (declared ``<dimension>``, the largest row and column that a
``<row r>`` or ``<c r>`` actually names, how many cells it holds).

Pure Python, streaming in chunks: memory stays a few MB whatever the file holds, and a scan stops as
soon as a sheet passes a limit. The native reader (calamine) allocates the whole rectangle up to the
farthest cell, so a single cell at XFD1048576 asks it for hundreds of GB; such a sheet is never
handed to it. (It does not trust the declared ``<dimension>``: that is reported, not refused.)

Also reads the first rows of a sheet as text (``head_rows``) for the workbook metadata, without
materialising the sheet.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MIB = 1024 * 1024
CHUNK = 1 << 20


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class SheetLimits:
    """What an LKE sheet may hold (the real template: 222 rows, 17 columns, 3 652 cells)."""

    max_rows: int
    max_cols: int
    max_cells: int
    part_bytes: int  # one ZIP member, uncompressed
    part_ratio: int  # one ZIP member's uncompressed/compressed, for members above 1 MB

    @classmethod
    def from_env(cls) -> SheetLimits:
        return cls(
            _env_int("PANTAUZI_SHEET_MAX_ROWS", 20_000),
            _env_int("PANTAUZI_SHEET_MAX_COLS", 256),
            _env_int("PANTAUZI_SHEET_MAX_CELLS", 1_000_000),
            _env_int("PANTAUZI_PART_MAX_MB", 64) * MIB,
            _env_int("PANTAUZI_PART_MAX_RATIO", 100),
        )


@dataclass(frozen=True)
class SheetScan:
    """One worksheet as streamed from its XML part; `problem` (Indonesian) if it must not be parsed."""

    name: str
    part: str
    declared: str | None
    rows: int  # the largest row and column named, counted only from the limits' order of magnitude
    cols: int  # (the real LKE sheet: 0 and 0); what the limits are checked on
    cells: int
    far_cell: str | None
    problem: str | None = None


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_DIM = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"')


@lru_cache(maxsize=8)
def _far_refs(max_rows: int, max_cols: int) -> re.Pattern[bytes]:
    """The r attribute of <row r="7"> and <c r="K7"> (no other worksheet element has one), matched
    only when it could pass the limits: as many column letters as the limit's, or as many row digits
    (leading zeros skipped). Ordinary references cost the regex engine a prefix test and no object,
    so the real LKE sheet is scanned in well under a millisecond; the few matches are checked exactly."""
    letters = len(col_letters(max_cols))
    digits = len(str(max_rows))
    return re.compile(rb' r="(?=[A-Z]{%d}|[A-Z]{0,4}0*[1-9]\d{%d})([A-Z]{0,4})0*(\d{1,9})"' % (letters, digits - 1))


def col_number(letters: str) -> int:
    """Excel letters -> 1-based column number."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) in workbook order, from workbook.xml and its relationships."""
    book = zf.read("xl/workbook.xml")
    try:
        rels_xml = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        rels_xml = b""
    rels: dict[str, str] = {}
    for m in _REL.finditer(rels_xml):
        attrs = dict(_ATTR.findall(m.group(0)))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        rid = attrs.get(b"Id", b"").decode("utf-8", "replace")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        rels[rid] = part
    out: list[tuple[str, str]] = []
    for m in _SHEET.finditer(book):
        attrs = {k.split(b":")[-1] if k != b"name" else k: v for k, v in _ATTR.findall(m.group(0))}
        name = _unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
        rid = attrs.get(b"id", b"").decode("utf-8", "replace")
        if rid in rels:
            out.append((name, rels[rid]))
    return out


def _member_problem(info: zipfile.ZipInfo, limits: SheetLimits) -> str | None:
    if info.file_size > limits.part_bytes:
        return (
            f"bagian arsip '{info.filename}' berukuran {info.file_size / MIB:.0f} MB setelah diekstrak, "
            f"melebihi batas {limits.part_bytes / MIB:.0f} MB per bagian"
        )
    ratio = info.file_size / max(1, info.compress_size)
    if info.file_size > MIB and ratio > limits.part_ratio:
        return (
            f"bagian arsip '{info.filename}' memampat {ratio:.0f}× ({info.compress_size / MIB:.1f} MB menjadi "
            f"{info.file_size / MIB:.0f} MB), melebihi batas {limits.part_ratio}× (ciri bom ZIP)"
        )
    return None


def scan_sheet(zf: zipfile.ZipFile, name: str, part: str, limits: SheetLimits) -> SheetScan:
    """Stream one worksheet part; stop at the first limit passed."""
    declared: str | None = None
    max_row = max_col = cells = 0
    far: tuple[int, int] = (0, 0)
    tail = b""
    problem: str | None = None
    with zf.open(part) as fh:
        while True:
            chunk = fh.read(CHUNK)
            data = tail + chunk
            if chunk:
                cut = data.rfind(b">") + 1
                data, tail = data[:cut], data[cut:]
                if len(tail) > CHUNK:  # one tag longer than a chunk: no worksheet writes that
                    problem = "XML lembar tidak wajar (satu tag lebih dari 1 MB)"
                    break
            if declared is None:
                m = _DIM.search(data)
                if m:
                    declared = m.group(1).decode("ascii", "replace")[:40]
            # every <c (also <col, <cfRule...: an over-count only makes the limit stricter); a prefixed
            # namespace (<x:c) as well
            cells += data.count(b"<c") + (data.count(b":c ") if b":c " in data else 0)
            refs = _far_refs(limits.max_rows, limits.max_cols).findall(data)
            if refs:
                letters, numbers = map(set, zip(*refs))  # C-level: Python sees only the distinct ones
                top = max(map(int, numbers))
                if top > max_row:
                    max_row = top
                    far = (max_row, far[1])
                widest = max(col_number(c.decode("ascii")) for c in letters)
                if widest > max_col:
                    max_col = widest
                    far = (far[0], max_col)
            if max_row > limits.max_rows or max_col > limits.max_cols or cells > limits.max_cells:
                break
            if not chunk:
                break
    far_cell = f"{col_letters(far[1] or 1)}{far[0] or 1}" if (far[0] or far[1]) else None
    if problem is None:
        if max_row > limits.max_rows:
            problem = (
                f"lembar berisi sel sampai baris {max_row:,} (batas {limits.max_rows:,} baris untuk lembar LKE)"
            ).replace(",", ".")
        elif max_col > limits.max_cols:
            problem = (
                f"lembar berisi sel sampai kolom {col_letters(max_col)} (kolom ke-{max_col}), "
                f"melebihi batas {limits.max_cols} kolom untuk lembar LKE"
            )
        elif cells > limits.max_cells:
            problem = f"lembar berisi lebih dari {limits.max_cells:,} sel, melebihi batas untuk lembar LKE".replace(
                ",", "."
            )
    return SheetScan(name, part, declared, max_row, max_col, cells, far_cell, problem)


@dataclass
class ArchiveScan:
    """The archive's verdict, its sheets (name, part) in workbook order, and the sheets scanned so far:
    a sheet is scanned when it is about to be parsed (``ensure``), or up front by ``scan(sheets=n)``."""

    path: Path
    limits: SheetLimits
    problems: list[str]  # the whole file must be refused (Indonesian)
    parts: list[tuple[str, str]]
    scanned: dict[str, SheetScan]

    @property
    def sheets(self) -> list[SheetScan]:
        return [self.scanned[n] for n, _ in self.parts if n in self.scanned]

    def sheet(self, name: str) -> SheetScan | None:
        """The sheet's scan, streaming it now if it was not scanned yet (None: no such sheet)."""
        if name not in self.scanned:
            part = next((p for n, p in self.parts if n == name), None)
            if part is None:
                return None
            with zipfile.ZipFile(self.path) as zf:
                self.scanned[name] = _scan_member(zf, name, part, self.limits)
        return self.scanned[name]


def _scan_member(zf: zipfile.ZipFile, name: str, part: str, limits: SheetLimits) -> SheetScan:
    try:
        zf.getinfo(part)
    except KeyError:
        return SheetScan(name, part, None, 0, 0, 0, None, "bagian XML lembar ini tidak ada di arsip")
    try:
        return scan_sheet(zf, name, part, limits)
    except Exception as exc:  # zlib.error, BadZipFile (CRC), EOFError...: a damaged part
        return SheetScan(name, part, None, 0, 0, 0, None, f"bagian XML lembar ini rusak ({type(exc).__name__})")


def scan(path: str | Path, limits: SheetLimits | None = None, sheets: int | None = None) -> ArchiveScan:
    """Every member's size and ratio, and the first `sheets` worksheets (None: all) streamed now; the
    others are streamed by ArchiveScan.sheet when asked for. Raises zipfile.BadZipFile."""
    with zipfile.ZipFile(path) as zf:
        return scan_open(zf, Path(path), limits, sheets)


def scan_open(
    zf: zipfile.ZipFile, path: Path, limits: SheetLimits | None = None, sheets: int | None = None
) -> ArchiveScan:
    """`scan` of an archive the caller has open."""
    limits = limits or SheetLimits.from_env()
    problems: list[str] = []
    scanned: dict[str, SheetScan] = {}
    infos = zf.infolist()
    names = {i.filename for i in infos}
    parts = sheet_parts(zf) if "xl/workbook.xml" in names else []
    for info in infos:  # a member beyond its own size or ratio is a ZIP bomb: refuse the file
        problem = _member_problem(info, limits)
        if problem:
            problems.append(problem)
    if not problems:
        for name, part in parts[:sheets]:
            scanned[name] = _scan_member(zf, name, part, limits)
    return ArchiveScan(Path(path), limits, problems, parts, scanned)


# ---------------------------------------------------------------- the first rows, as text
_CELL_FULL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_V = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_T = re.compile(rb"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", re.S)


def _shared_strings(zf: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    """The shared strings with the `wanted` indices, streamed only up to the largest of them."""
    if not wanted or "xl/sharedStrings.xml" not in zf.namelist():
        return {}
    out: dict[int, str] = {}
    last = max(wanted)
    index = 0
    tail = b""
    with zf.open("xl/sharedStrings.xml") as fh:
        while index <= last:
            chunk = fh.read(CHUNK)
            data = tail + chunk
            end = data.rfind(b"</si>")
            if end < 0:
                if not chunk:
                    break
                tail = data[-4 * CHUNK :]
                continue
            cut = end + len(b"</si>")
            body, tail = data[:cut], data[cut:]
            for si in re.findall(rb"<(?:\w+:)?si\b[^>]*>(.*?)</(?:\w+:)?si>", body, re.S):
                if index in wanted:
                    out[index] = _unescape(b"".join(_T.findall(si)).decode("utf-8", "replace"))
                index += 1
            if not chunk:
                break
    return out


def head_rows(path: str | Path, sheet_part: str, n_rows: int = 8, max_bytes: int = 4 * MIB) -> list[list[str]]:
    """The first `n_rows` rows of a worksheet as text (empty string for a missing cell), read from at
    most `max_bytes` of its XML: enough for the 'Kode Unit' / 'Tahun' labels at the top of a sheet."""
    return [cells for _, cells in numbered_head_rows(path, sheet_part, n_rows, max_bytes)]


def numbered_head_rows(
    path: str | Path, sheet_part: str, n_rows: int = 8, max_bytes: int = 4 * MIB
) -> list[tuple[int, list[str]]]:
    """head_rows with each row's 1-based number (a sheet's XML leaves out empty rows)."""
    numbers: list[int] = []
    raw_rows: list[list[tuple[int, bytes, bytes]]] = []
    with zipfile.ZipFile(path) as zf:
        with zf.open(sheet_part) as fh:
            data = fh.read(max_bytes)
        start = data.find(b"<sheetData")
        if start < 0:
            return []
        body = data[start:]
        end = body.find(b"</sheetData>")
        body = body[: end if end >= 0 else None]
        for chunk in re.split(rb"<(?:\w+:)?row\b", body)[1 : n_rows + 1]:
            found_r = re.match(rb'[^>]*?\br="(\d+)"', chunk)
            numbers.append(int(found_r.group(1)) if found_r else (numbers[-1] + 1 if numbers else 1))
            cells: list[tuple[int, bytes, bytes]] = []
            pos = 0
            for m in _CELL_FULL.finditer(chunk):
                attrs = dict(_ATTR.findall(m.group(1)))
                ref = re.match(rb"([A-Za-z]+)", attrs.get(b"r", b""))
                pos = col_number(ref.group(1).decode()) if ref else pos + 1
                if pos > 64:
                    break
                cells.append((pos, attrs.get(b"t", b""), m.group(2) or b""))
            raw_rows.append(cells)
        wanted = set()
        for cells in raw_rows:
            for _, kind, inner in cells:
                v = _V.search(inner)
                if kind == b"s" and v and v.group(1).strip().isdigit():
                    wanted.add(int(v.group(1)))
        strings = _shared_strings(zf, wanted)
    out: list[tuple[int, list[str]]] = []
    for number, cells in zip(numbers, raw_rows):
        row = [""] * (max((p for p, _, _ in cells), default=0))
        for p, kind, inner in cells:
            v = _V.search(inner)
            if kind == b"s" and v and v.group(1).strip().isdigit():
                text = strings.get(int(v.group(1)), "")
            elif kind == b"inlineStr":
                text = _unescape(b"".join(_T.findall(inner)).decode("utf-8", "replace"))
            else:
                text = _unescape(v.group(1).decode("utf-8", "replace")) if v else ""
            row[p - 1] = text
        out.append((number, row))
    return out
