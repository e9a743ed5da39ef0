"""Ingest benchmark, measured in one run on the same generated workbooks.

    .venv/bin/python -m benchmarks.ingest [--workbooks 500] [--sample 60]

Prints workbooks/second for our score-and-store path and for a naive
``pandas.read_excel(engine="openpyxl")`` read of the same sheets, their ratio, and the wall time and
peak memory of ``python -m loaders ingest-dir`` over all workbooks.
"""
from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from loaders.ingest import ingest_lke
from loaders.reference_tables import load_directory
from pantauzi import config, db, demo, templates

UNITS = [f"BENCH-{i:04d}" for i in range(200)]


def make_workbooks(folder: Path, n: int) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        rng = random.Random(i)
        unit, year, stage = UNITS[i % len(UNITS)], 2021 + (i // len(UNITS)) % 5, ("self", "tpi")[i % 2]
        rel = f"{unit}/{year}-{stage}-{i}.xlsx"
        templates.write_legacy(folder / rel, demo.answers_for(rng, rng.uniform(0.4, 0.98)))
        rows.append({"file": rel, "unit": unit, "year": str(year), "stage": stage})
    with open(folder / "manifest.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "unit", "year", "stage"])
        w.writeheader()
        w.writerows(rows)
    return rows


def prepare_db(path: Path) -> None:
    con = db.connect(path)
    load_directory(con, config.demo_dir(), demo=True)
    con.executemany("INSERT INTO units (code, name, instansi_code, region_code, unit_type) "
                    "VALUES (?, ?, 'pemkot-81.71', '81.71', 'dinas')", [[u, f"Unit uji {u}"] for u in UNITS])
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workbooks", type=int, default=500)
    ap.add_argument("--sample", type=int, default=60)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lke"
        t = time.perf_counter()
        rows = make_workbooks(folder, args.workbooks)
        print(f"generated {len(rows)} workbooks in {time.perf_counter() - t:.1f} s")
        sample = rows[: args.sample]
        t = time.perf_counter()
        for r in sample:
            pd.read_excel(folder / r["file"], sheet_name="LKE ZI", engine="openpyxl", header=None)
        naive = len(sample) / (time.perf_counter() - t)
        prepare_db(Path(tmp) / "sample.duckdb")
        con = db.connect(Path(tmp) / "sample.duckdb")
        t = time.perf_counter()
        for r in sample:
            ingest_lke(con, folder / r["file"], r["unit"], int(r["year"]), r["stage"])
        ours = len(sample) / (time.perf_counter() - t)
        con.close()
        print(f"naive pandas.read_excel(openpyxl) read only : {naive:8.1f} workbooks/s")
        print(f"PantauZI score-and-store (calamine + DuckDB) : {ours:8.1f} workbooks/s")
        print(f"ratio                                        : {ours / naive:8.2f}x")
        full = Path(tmp) / "full.duckdb"
        prepare_db(full)
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "loaders", "ingest-dir", str(folder), "--db", str(full),
                              "--no-progress"], capture_output=True, text=True)
        wall = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"ingest-dir {len(rows)} workbooks: {wall:.1f} s (exit {out.returncode}), "
              f"peak RSS {peak:.0f} MiB; {out.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
