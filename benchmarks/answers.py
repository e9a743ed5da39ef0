"""Rincian Jawaban's page data for one unit-year on a database (default: the 25 000-unit national one),
and the evidence columns of Ringkasan / Area Perubahan nationally: p50/p95 over a sample of unit-years.

    python -m benchmarks.answers --db /tmp/rincian-national.duckdb --n 40

The database must be at migration 35 (open a copy once with pantauzi.store.db.connect); it is only read."""

from __future__ import annotations

import argparse
import random
import time

import duckdb

from pantauzi.core.filters import Filter
from pantauzi.pagedata import answers
from pantauzi.store import answer_queries


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.answers", description=__doc__.split("\n")[0])
    ap.add_argument("--db", default="/tmp/rincian-national.duckdb")
    ap.add_argument("--n", type=int, default=40, help="unit-years sampled")
    ap.add_argument("--seed", type=int, default=21)
    args = ap.parse_args(argv)
    con = duckdb.connect(args.db, read_only=True)
    units = con.execute("SELECT count(DISTINCT unit_code) FROM lke_current").fetchone()
    pairs = con.execute(
        "SELECT unit_code, year FROM lke_current WHERE stage = 'tpi' ORDER BY unit_code, year"
    ).fetchall()
    sample = random.Random(args.seed).sample(pairs, min(args.n, len(pairs)))
    answers.rincian_jawaban(con, *sample[0])  # imports and reference data once, as a warm app process
    page, filtered = [], []
    for unit, year in sample:
        t = time.perf_counter()
        view = answers.rincian_jawaban(con, unit, year)
        page.append((time.perf_counter() - t) * 1000)
        assert view is not None and view.shown > 0
        t = time.perf_counter()
        answers.rincian_jawaban(con, unit, year, frozenset({"changed", "biggest_loss"}))
        filtered.append((time.perf_counter() - t) * 1000)
    year = max(y for _, y in pairs)
    national = []
    for level in ("provinsi", "provinsi", "provinsi"):
        t = time.perf_counter()
        answer_queries.evidence_by_group(con, Filter(tahun_dari=year, tahun_sampai=year), year, level)
        national.append((time.perf_counter() - t) * 1000)
    print(f"database {args.db}: {units[0] if units else 0} units, {len(sample)} unit-years sampled")
    for name, ms in (
        ("Rincian Jawaban, one unit-year (no filter)", page),
        ("Rincian Jawaban, one unit-year (two filters)", filtered),
        (f"evidence per provinsi, national {year}", national),
    ):
        print(f"{name:<48} p50 {pct(ms, 0.5):7.1f} ms   p95 {pct(ms, 0.95):7.1f} ms   (n={len(ms)})")
    con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
