"""Reports from the command line.

    python -m reports rekap --db PATH [--provinsi CODE] [--kabkota CODE] [--tahun YYYY] --out FILE.xlsx
    python -m reports opd --db PATH --unit CODE --year YYYY --out FILE.pdf

--db: a DuckDB file or a postgresql:// URL (read only).

Exit 0 when the file was written; 2 with an Indonesian message for a request that cannot be served.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _explain(exc: Exception) -> str:
    """DuckDB's and the OS's failures in Indonesian, never their English text."""
    import duckdb

    from pantauzi.store import db

    if isinstance(exc, duckdb.Error):
        return db.explain(exc)
    if isinstance(exc, OSError):
        return f"kesalahan sistem berkas (kode {exc.errno})"
    return f"{type(exc).__name__}: {exc}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reports")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("rekap", help="rekap Excel sebuah pilihan wilayah/tahun")
    r.add_argument("--db", required=True)
    r.add_argument("--provinsi")
    r.add_argument("--kabkota")
    r.add_argument("--tahun", type=int)
    r.add_argument("--out", required=True)
    o = sub.add_parser("opd", help="Laporan ZI (PDF) satu OPD dan tahun")
    o.add_argument("--db", required=True)
    o.add_argument("--unit", required=True)
    o.add_argument("--year", required=True, type=int)
    o.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    from pantauzi.core.filters import Filter
    from pantauzi.store import db, lke_queries, lookups

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
        if args.command == "rekap":
            from reports import rekap

            regions = {c for c in lookups.kabkota_options(con, None)["code"]} | {
                c for c in lookups.provinsi_options(con)["code"]
            }
            for code in (args.provinsi, args.kabkota):
                if code and code not in regions:
                    return _fail(f"Kode wilayah '{code}' tidak dikenal.")
            bounds = lookups.year_bounds(con) or (2021, 2026)
            lo, hi = (args.tahun, args.tahun) if args.tahun else bounds
            f = Filter(args.provinsi, args.kabkota, None, None, lo, hi)
            if args.tahun and lke_queries.unit_totals(con, f).empty:
                return _fail(f"Tidak ada nilai LKE tahun {args.tahun} untuk pilihan ini.")
            data = rekap.build(con, f, source=db.describe(args.db))
        else:
            from reports import laporan

            try:
                data = laporan.build(con, args.unit, args.year)
            except laporan.ReportError as exc:
                return _fail(f"Laporan tidak dapat dibuat: {exc}.")
    except Exception as exc:  # an unexpected failure still gets a message, not a traceback
        return _fail(f"Gagal membuat laporan: {_explain(exc)}.")
    finally:
        con.close()
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        return _fail(f"Berkas '{args.out}' tidak dapat ditulis: {_explain(exc)}.")
    print(f"ditulis: {args.out} ({len(data) / 1024:.0f} KB, {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
