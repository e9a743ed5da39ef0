"""Ingest benchmark, measured in one run on the same generated workbooks.

    .venv/bin/python -m benchmarks.ingest [--workbooks 500] [--naive-sample 100]

The workbooks are the official LKE template as evaluators fill it in Excel (the real anonymized
workbook, other answers; see benchmarks/workbooks.py). Prints, for the same files:
- a naive ``pandas.read_excel(engine="openpyxl")`` read of the LKE sheet (read only, one process),
- the same read with calamine (what our loader starts from),
- our whole score-and-store path: ``python -m loaders ingest-dir`` over every workbook (validation,
  scoring, comparison with the cached values, DuckDB storage, process start-up included),
as workbooks/second, the ratios, the ingest-dir wall time and the peak memory of its process tree,
and PASS/FAIL per target (>= 10x naive, >= 1x the calamine read, 500 workbooks < 20 s).
The machine may be shared, so it also prints the CPU time each side used (workbooks per CPU-second:
less sensitive to other processes than wall time) and the load average before and after.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd

from benchmarks.workbooks import write_like_real
from loaders.reference_tables import load_directory
from pantauzi.core import config
from pantauzi.store import db
from pantauzi.workbooks import lke_demo

UNITS = [f"BENCH-{i:04d}" for i in range(200)]


def make_workbooks(folder: Path, n: int) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        rng = random.Random(i)
        unit, year, stage = UNITS[i % len(UNITS)], 2021 + (i // len(UNITS)) % 5, ("self", "tpi")[i % 2]
        rel = f"{unit}/{year}-{stage}-{i}.xlsx"
        write_like_real(folder / rel, lke_demo.answers_for(rng, rng.uniform(0.4, 0.98)))
        rows.append({"file": rel, "unit": unit, "year": str(year), "stage": stage})
    with open(folder / "manifest.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "unit", "year", "stage"])
        w.writeheader()
        w.writerows(rows)
    return rows


def prepare_db(path: Path) -> None:
    con = db.connect(path)
    load_directory(con, config.demo_dir(), demo=True)
    con.executemany(
        "INSERT INTO units (code, name, instansi_code, region_code, unit_type) "
        "VALUES (?, ?, 'pemkot-81.71', '81.71', 'dinas')",
        [[u, f"Unit uji {u}"] for u in UNITS],
    )
    con.close()


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (from /proc), in KiB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def children_cpu() -> float:
    """CPU seconds (user + system) of the waited-for child processes so far, their children included."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_measured(cmd: list[str]) -> tuple[subprocess.CompletedProcess, float, int]:
    """Run `cmd`; -> (result, wall seconds, peak RSS of its process tree in KiB, sampled every 20 ms)."""
    peak = 0
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out: dict[str, str] = {}
    reader = threading.Thread(target=lambda: out.update(zip(("out", "err"), proc.communicate())))
    reader.start()
    while proc.poll() is None:
        peak = max(peak, tree_rss_kib(proc.pid))
        time.sleep(0.02)
    reader.join()
    wall = time.perf_counter() - t
    return subprocess.CompletedProcess(cmd, proc.returncode, out.get("out", ""), out.get("err", "")), wall, peak


def rate(files: list[Path], read) -> tuple[float, float]:
    """-> (workbooks per second, workbooks per CPU-second of this process)."""
    t, c = time.perf_counter(), time.process_time()
    for f in files:
        read(f)
    return len(files) / (time.perf_counter() - t), len(files) / (time.process_time() - c)


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workbooks", type=int, default=500)
    ap.add_argument(
        "--naive-sample", type=int, default=100, help="how many of the same workbooks the slow naive read is timed on"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lke"
        t = time.perf_counter()
        rows = make_workbooks(folder, args.workbooks)
        print(
            f"generated {len(rows)} workbooks (real LKE template, other answers) in "
            f"{time.perf_counter() - t:.1f} s; {os.cpu_count()} cores; load average {load()}"
        )
        sample = [folder / r["file"] for r in rows[: args.naive_sample]]
        naive, naive_cpu = rate(sample, lambda f: pd.read_excel(f, sheet_name="LKE ZI", engine="openpyxl", header=None))
        calamine, _ = rate(sample, lambda f: pd.read_excel(f, sheet_name="LKE ZI", engine="calamine", header=None))
        full = Path(tmp) / "full.duckdb"
        prepare_db(full)
        cpu = children_cpu()
        done, wall, peak = run_measured(
            [sys.executable, "-m", "loaders", "ingest-dir", str(folder), "--db", str(full), "--no-progress"]
        )
        ours, ours_cpu = len(rows) / wall, len(rows) / (children_cpu() - cpu)
        report(done, len(rows), len(sample), naive, naive_cpu, calamine, ours, ours_cpu, wall, peak)
        again, wall2, _ = run_measured(
            [sys.executable, "-m", "loaders", "ingest-dir", str(folder), "--db", str(full), "--no-progress"]
        )
        print(
            f"second ingest-dir over the same folder: {wall2:.1f} s; "
            f"{again.stdout.strip().splitlines()[-1] if again.stdout.strip() else again.stderr[-300:]}"
        )
        print(f"load average at the end: {load()}")


def report(
    done: subprocess.CompletedProcess,
    n: int,
    sampled: int,
    naive: float,
    naive_cpu: float,
    calamine: float,
    ours: float,
    ours_cpu: float,
    wall: float,
    peak: int,
) -> None:
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    print(
        f"naive pandas.read_excel(openpyxl), read only : {naive:8.1f} workbooks/s "
        f"({sampled} workbooks; {naive_cpu:.1f} per CPU-second)"
    )
    print(f"pandas.read_excel(calamine), read only       : {calamine:8.1f} workbooks/s ({calamine / naive:.1f}x naive)")
    print(
        f"PantauZI ingest-dir, score and store         : {ours:8.1f} workbooks/s "
        f"({n} workbooks, process start-up included; {ours_cpu:.1f} per CPU-second, all its processes)"
    )
    print(
        f"ratio ours / naive                           : {ours / naive:8.1f}x   (per CPU-second "
        f"{ours_cpu / naive_cpu:.1f}x)"
    )
    print(f"ratio ours / pandas-calamine read            : {ours / calamine:8.1f}x")
    print(
        f"ingest-dir {n} workbooks: {wall:.1f} s wall, exit {done.returncode}, "
        f"peak RSS of its process tree {peak / 1024:.0f} MiB; {last}"
    )
    for line in targets(n, naive, calamine, ours, wall, done.returncode):
        print(line)


def targets(n: int, naive: float, calamine: float, ours: float, wall: float, rc: int) -> list[str]:
    """Issue 22 §4: >= 10x the naive openpyxl read (the old 15x moved with each machine's openpyxl),
    >= 1x a pandas calamine read of the same files, 500 workbooks in < 20 s (scored and stored)."""

    def line(ok: bool, text: str) -> str:
        return f"{'PASS' if ok else 'FAIL'} {text}"

    out = [
        line(ours / naive >= 10, f"ingest >= 10x naive openpyxl read: {ours / naive:.1f}x"),
        line(ours / calamine >= 1, f"ingest >= 1x pandas.read_excel(engine='calamine'): {ours / calamine:.2f}x"),
    ]
    if n >= 500:
        out.append(line(rc == 0 and wall * 500 / n < 20, f"500 workbooks < 20 s: {wall * 500 / n:.1f} s"))
    else:
        out.append(f"(500 workbooks < 20 s: not measured, {n} workbooks in this run)")
    return out


if __name__ == "__main__":
    main()
