"""Reports from the command line.

    python -m reports rekap --db PATH [--provinsi CODE] [--kabkota CODE] [--tahun YYYY] --out FILE.xlsx
    python -m reports opd --db PATH --unit CODE --year YYYY --out FILE.pdf
    python -m reports wilayah --db PATH (--kabkota CODE | --provinsi CODE) [--tahun YYYY] --out FILE.pdf

--db: a DuckDB file or a postgresql:// URL (read only).

Exit 0 when the file was written; 2 with an Indonesian message for a request that cannot be served
(a bad command line, an unknown database, region, unit or year, a file that cannot be written).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pantauzi.cliargs import Parser
from pantauzi.core import fmt

if TYPE_CHECKING:
    import duckdb


class Refused(Exception):
    """A request that cannot be served: its message goes to stderr, exit code 2."""


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _explain(exc: Exception) -> str:
    """DuckDB's and the OS's failures in Indonesian, never their English text."""
    import duckdb

    from pantauzi.store import db

    if isinstance(exc, duckdb.Error):
        return db.explain(exc)
    if isinstance(exc, FileNotFoundError):
        return "foldernya tidak ada"
    if isinstance(exc, PermissionError):
        return "tidak ada izin menulis di sana"
    if isinstance(exc, IsADirectoryError):
        return "itu sebuah folder"
    if isinstance(exc, OSError):
        return f"kesalahan sistem berkas (kode {exc.errno})"
    return f"{type(exc).__name__}: {exc}"


def _parser() -> Parser:
    ap = Parser(prog="python -m reports", description="Rekap Excel dan laporan PDF PantauZI")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("rekap", help="rekap Excel sebuah pilihan wilayah/tahun")
    r.add_argument("--db", required=True, help="berkas DuckDB atau postgresql://")
    r.add_argument("--provinsi")
    r.add_argument("--kabkota")
    r.add_argument("--tahun", type=int)
    r.add_argument("--out", required=True)
    o = sub.add_parser("opd", help="Laporan ZI (PDF) satu OPD dan tahun")
    o.add_argument("--db", required=True, help="berkas DuckDB atau postgresql://")
    o.add_argument("--unit", required=True)
    o.add_argument("--year", required=True, type=int)
    o.add_argument("--out", required=True)
    w = sub.add_parser("wilayah", help="Ringkasan ZI (PDF satu halaman) satu kabupaten/kota atau provinsi")
    w.add_argument("--db", required=True, help="berkas DuckDB atau postgresql://")
    where = w.add_mutually_exclusive_group(required=True)
    where.add_argument("--kabkota", help="kode kabupaten/kota, mis. 81.71")
    where.add_argument("--provinsi", help="kode provinsi, mis. 81")
    w.add_argument("--tahun", type=int, help="bawaan: tahun terakhir yang punya nilai LKE")
    w.add_argument("--out", required=True)
    return ap


def _rekap(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> bytes:
    from pantauzi.core.filters import Filter
    from pantauzi.store import db, lke_queries, lookups
    from reports import rekap

    regions = {c for c in lookups.kabkota_options(con, None)["code"]} | {
        c for c in lookups.provinsi_options(con)["code"]
    }
    for code in (args.provinsi, args.kabkota):
        if code and code not in regions:
            raise Refused(f"Kode wilayah '{code}' tidak dikenal.")
    bounds = lookups.year_bounds(con) or (2021, 2026)
    lo, hi = (args.tahun, args.tahun) if args.tahun else bounds
    f = Filter(args.provinsi, args.kabkota, None, None, lo, hi)
    if args.tahun and lke_queries.unit_totals(con, f).empty:
        raise Refused(f"Tidak ada nilai LKE tahun {args.tahun} untuk pilihan ini.")
    return rekap.build(con, f, source=db.describe(args.db))


def _opd(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> bytes:
    from reports import laporan

    try:
        return laporan.build(con, args.unit, args.year)
    except laporan.ReportError as exc:
        raise Refused(f"Laporan tidak dapat dibuat: {exc}.") from None


def _wilayah(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> bytes:
    from pantauzi.store import db
    from reports import wilayah

    try:
        with db.cursor(con) as cur:
            f, name, year = wilayah.region_filter(cur, args.provinsi, args.kabkota, args.tahun)
        return wilayah.build(con, f, year, name)
    except wilayah.RegionError as exc:
        raise Refused(f"Ringkasan tidak dapat dibuat: {exc}.") from None


# subcommand -> builder of the output file's bytes from an open read-only store
BUILDERS: dict[str, Callable[[duckdb.DuckDBPyConnection, argparse.Namespace], bytes]] = {
    "rekap": _rekap,
    "opd": _opd,
    "wilayah": _wilayah,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from pantauzi.store import db

    if not db.is_url(args.db) and not Path(args.db).is_file():
        return _fail(f"Basis data '{args.db}' tidak ditemukan.")
    try:
        con = db.connect(args.db, read_only=True)
    except db.DatabaseError as exc:
        return _fail(f"{exc}.")
    except Exception as exc:
        return _fail(f"Basis data '{db.describe(args.db)}' tidak dapat dibuka: {_explain(exc)}.")
    started = time.perf_counter()
    try:
        data = BUILDERS[args.command](con, args)
    except Refused as exc:
        return _fail(str(exc))
    except Exception as exc:  # an unexpected failure still gets a message, not a traceback
        return _fail(f"Gagal membuat laporan: {_explain(exc)}.")
    finally:
        con.close()
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        return _fail(f"Berkas '{args.out}' tidak dapat ditulis: {_explain(exc)}.")
    seconds = fmt.num(time.perf_counter() - started, 1)
    print(f"ditulis: {args.out} ({fmt.num(len(data) / 1024, 0)} KB, {seconds} detik)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
