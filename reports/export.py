"""The selection's data as CSV or Parquet from the command line (pantauzi.exports; docs/exports.md).

    python -m reports.export --db PATH --level total|area|subarea|jawaban|ombudsman|mcp
        --format csv|parquet --out FILE [--provinsi CODE] [--kabkota CODE] [--instansi CODE]
        [--unit CODE] [--tahun-dari YYYY] [--tahun-sampai YYYY] [--tahap akhir|self|tpi|tpn]

Streams in record batches: a national answers export is never held in memory, and has no row limit
(the pages' download buttons stop at pantauzi.exports.UI_MAX_ROWS). Exit 0 when the file was written
(its row count on stdout), 2 with an Indonesian message for a request that cannot be served.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pantauzi.core import fmt, vocab


def _parser() -> argparse.ArgumentParser:
    from pantauzi import exports

    ap = argparse.ArgumentParser(prog="python -m reports.export", description="ekspor data pilihan (CSV/Parquet)")
    ap.add_argument("--db", required=True)
    ap.add_argument("--level", required=True, choices=list(exports.LEVELS))
    ap.add_argument("--format", required=True, choices=list(exports.FORMATS))
    ap.add_argument("--out", required=True)
    for code in ("provinsi", "kabkota", "instansi", "unit"):
        ap.add_argument(f"--{code}")
    ap.add_argument("--tahun-dari", type=int)
    ap.add_argument("--tahun-sampai", type=int)
    ap.add_argument("--tahap", choices=list(vocab.FILTER_STAGES), default="akhir")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from pantauzi import exports
    from pantauzi.core.filters import Filter
    from pantauzi.store import db, lookups

    if not db.is_url(args.db) and not Path(args.db).is_file():
        print(f"Basis data '{args.db}' tidak ditemukan.", file=sys.stderr)
        return 2
    try:
        con = db.connect(args.db, read_only=True)
    except db.DatabaseError as exc:
        print(f"{exc}.", file=sys.stderr)
        return 2
    out = Path(args.out)
    try:
        bounds = lookups.year_bounds(con) or (Filter.tahun_dari, Filter.tahun_sampai)
        f = Filter(
            args.provinsi,
            args.kabkota,
            args.instansi,
            args.unit,
            args.tahun_dari or bounds[0],
            args.tahun_sampai or bounds[1],
            args.tahap,
        )
        tmp = out.with_name(out.name + ".sebagian")
        with open(tmp, "wb") as fh:
            rows = exports.write(con, f, args.level, args.format, fh)
        tmp.replace(out)  # a reader never sees half a file
    except OSError as exc:
        print(f"Berkas '{out}' tidak dapat ditulis (kode sistem {exc.errno}).", file=sys.stderr)
        return 2
    finally:
        con.close()
    print(f"{out}: {fmt.num(rows, 0)} baris {exports.LEVELS[args.level].lower()} ({args.format})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
