"""The current selection's data as CSV or Parquet, at every level the store holds (docs/exports.md).

Both formats start with what the rows are: the level, the filter (its codes and its names), the data
source, when the file was made and how many rows it holds. In CSV these are leading lines that start
with `#` (UTF-8 with BOM, comma-separated, `.` as the decimal point, booleans `true`/`false`, dates
ISO 8601: a machine format, not a locale one); in Parquet they are the file's key-value metadata
(`pantauzi.*`). Numbers are numbers in both. A CSV text that a spreadsheet would run as a formula
(leading = + - @ tab CR) gets an apostrophe, as everywhere else (pantauzi.workbooks.safetext)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import IO, Any, Final

import pyarrow as pa
import pyarrow.parquet as pq

from pantauzi.core import vocab
from pantauzi.core.filters import Filter
from pantauzi.store import export_queries, lookups, selection
from pantauzi.workbooks import safetext

LEVELS: Final[dict[str, str]] = {
    "total": "Nilai total per pengajuan",
    "area": "Nilai per area perubahan",
    "subarea": "Nilai per sub-area",
    "jawaban": "Jawaban per pertanyaan (dengan catatan dan bukti)",
    "ombudsman": "Penilaian Kepatuhan Ombudsman RI",
    "mcp": "Nilai KPK MCP",
}
FORMATS: Final = ("csv", "parquet")
LKE_SOURCE = (
    "Workbook LKE ZI yang dimuat ke PantauZI; nilai dihitung ulang dari jawaban menurut PermenPANRB "
    "(bukan nilai tersimpan di workbook)"
)
SOURCES: Final[dict[str, str]] = {
    **dict.fromkeys(("total", "area", "subarea", "jawaban"), LKE_SOURCE),
    "ombudsman": "Penilaian Kepatuhan Ombudsman RI yang dimuat ke PantauZI (sumber per baris: kolom source)",
    "mcp": "Monitoring Centre for Prevention (MCP) KPK yang dimuat ke PantauZI (sumber per baris: kolom source)",
}
DEMO_NOTE = "DATA CONTOH (sintetis, untuk peragaan; bukan hasil penilaian sebenarnya)"
UI_MAX_ROWS = 500_000  # a download button holds the file in memory; beyond this, the command line
COMMENT = "# "


class TooLarge(ValueError):
    """The selection holds more rows than one download may carry."""

    def __init__(self, rows: int, limit: int) -> None:
        super().__init__(rows, limit)
        self.rows, self.limit = rows, limit


@dataclass(frozen=True)
class Header:
    """What an export holds: written as '#' lines (CSV) or key-value metadata (Parquet)."""

    level: str
    selection: Filter
    filter_text: tuple[tuple[str, str], ...]  # (label, value as a person reads it)
    source: str
    demo: bool
    generated_at: str  # ISO 8601 with time zone
    rows: int

    def lines(self) -> list[str]:
        """The CSV's leading lines (without '#'): one field each, no separator inside."""
        out = [
            f"PantauZI ekspor data: {LEVELS[self.level]} ({self.level})",
            "Filter: " + "; ".join(f"{k} = {v}" for k, v in self.filter_text),
            "Filter (kode): " + " ".join(f"{k}={'-' if v is None else v}" for k, v in asdict(self.selection).items()),
            f"Sumber data: {self.source}" + (f". {DEMO_NOTE}" if self.demo else ""),
            f"Dibuat: {self.generated_at}",
            f"Baris data: {self.rows}",
        ]
        return [_one_field(x) for x in out]

    def metadata(self) -> dict[bytes, bytes]:
        items = {
            "level": self.level,
            "level_label": LEVELS[self.level],
            "filter": json.dumps(asdict(self.selection), ensure_ascii=False),
            "filter_text": json.dumps(dict(self.filter_text), ensure_ascii=False),
            "source": self.source,
            "demo_data": "true" if self.demo else "false",
            "generated_at": self.generated_at,
            "rows": str(self.rows),
        }
        return {f"pantauzi.{k}".encode(): v.encode("utf-8") for k, v in items.items()}


def _one_field(text: str) -> str:
    """A header line that a spreadsheet shows as one text cell: no separator, quote or line break in it
    (so no part of it can start a cell of its own, let alone a formula)."""
    return " ".join(text.replace(",", " ").replace(";", " ·").replace('"', "'").split())


def describe(cur: selection.Cursor, f: Filter) -> tuple[tuple[str, str], ...]:
    """The filter as a person reads it (names, not codes), as the Excel recap states it."""
    names = {
        **dict(lookups.provinsi_options(cur).values.tolist()),
        **dict(lookups.kabkota_options(cur, None).values.tolist()),
    }
    return (
        ("Provinsi", names.get(f.provinsi, f.provinsi) if f.provinsi else "Semua provinsi"),
        ("Kabupaten/Kota", names.get(f.kabkota, f.kabkota) if f.kabkota else "Semua kabupaten/kota"),
        ("Instansi", f.instansi or "Semua instansi"),
        ("OPD / unit", f.unit or "Semua OPD / unit"),
        ("Tahun", f"{f.tahun_dari}-{f.tahun_sampai}"),
        ("Tahap penilaian", vocab.STAGE_LABELS[f.tahap]),
    )


def header(cur: selection.Cursor, f: Filter, level: str, rows: int, now: dt.datetime | None = None) -> Header:
    if level not in LEVELS:
        raise ValueError(f"unknown export level {level!r}")
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    return Header(level, f, describe(cur, f), SOURCES[level], lookups.has_demo_data(cur), stamp, rows)


def _csv_value(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return safetext.csv_field(v)


def _rows(reader: pa.RecordBatchReader) -> Iterator[tuple[Any, ...]]:
    for batch in reader:
        yield from zip(*(col.to_pylist() for col in batch.columns))


def write_csv(reader: pa.RecordBatchReader, head: Header, out: IO[bytes]) -> int:
    """Stream `reader` to `out` as CSV after the '#' lines; returns the rows written."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    try:
        for line in head.lines():
            text.write(COMMENT + line + "\r\n")
        w = csv.writer(text, lineterminator="\r\n")
        w.writerow([safetext.csv_field(n) for n in reader.schema.names])
        n = 0
        for row in _rows(reader):
            w.writerow([_csv_value(v) for v in row])
            n += 1
        text.flush()
    finally:
        text.detach()  # leave `out` open for the caller
    return n


def write_parquet(reader: pa.RecordBatchReader, head: Header, out: IO[bytes]) -> int:
    """Stream `reader` to `out` as Parquet with the header as key-value metadata; returns the rows."""
    schema = reader.schema.with_metadata({**(reader.schema.metadata or {}), **head.metadata()})
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as w:
        for batch in reader:
            w.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
            n += batch.num_rows
    return n


def write(cur: selection.Cursor, f: Filter, level: str, fmt: str, out: IO[bytes], limit: int | None = None) -> int:
    """The export of `level` for filter `f` in `fmt` to `out`. Raises TooLarge beyond `limit` rows."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    rows = export_queries.count(cur, f, level)
    if limit is not None and rows > limit:
        raise TooLarge(rows, limit)
    head = header(cur, f, level, rows)
    reader = export_queries.batches(cur, f, level)
    try:
        return (write_csv if fmt == "csv" else write_parquet)(reader, head, out)
    finally:
        reader.close()


def build(cur: selection.Cursor, f: Filter, level: str, fmt: str, limit: int | None = UI_MAX_ROWS) -> tuple[bytes, int]:
    """The export as bytes (a download button's file) and its row count. Raises TooLarge beyond `limit`."""
    out = io.BytesIO()
    rows = write(cur, f, level, fmt, out, limit)
    return out.getvalue(), rows


def file_name(f: Filter, level: str, fmt: str) -> str:
    where = f.unit or f.instansi or f.kabkota or f.provinsi or "nasional"
    return f"pantauzi-{level}-{where}-{f.tahun_dari}-{f.tahun_sampai}.{fmt}"


def read_csv_header(data: bytes) -> tuple[list[str], int]:
    """An export's '#' lines and how many there are (pandas: read_csv(..., skiprows=that number))."""
    lines = data.decode("utf-8-sig").split("\r\n")
    head = [x.removeprefix(COMMENT) for x in lines if x.startswith("#")]
    k = next(i for i, x in enumerate(lines) if not x.startswith("#"))
    return head, k
