"""Several clients of one PostgreSQL store (a real server, tests/pg_server.py): writers in two processes,
a cursor per thread of one connection, and the command lines given a postgresql:// URL."""

from __future__ import annotations

import multiprocessing as mp
import subprocess
import sys

from loaders.ingest import ingest_lke
from loaders.jobs import _plain_main
from loaders.reference_tables import load_directory
from pantauzi.core.filters import Filter
from pantauzi.store import db, lke_queries
from tests.lke_helpers import REAL, ROOT, real_copy

UNIT, YEAR = "81.71-DPMPTSP", 2024


# ---------------------------------------------------------------- several processes
def _writer(url: str, shared: str, files: list[str], barrier, results) -> None:
    """One process: the shared file at the same moment as the other process, then its own files,
    all for the same unit/year/stage."""
    statuses: list[str] = []
    try:
        con = db.connect(url)
        barrier.wait(timeout=60)
        statuses += [o.status for o in ingest_lke(con, shared, UNIT, YEAR, "self")]
        barrier.wait(timeout=60)
        for f in files:
            statuses += [o.status for o in ingest_lke(con, f, UNIT, YEAR, "self")]
        con.close()
    except Exception as exc:  # reported, not lost with the process
        barrier.abort()
        statuses.append(f"error: {type(exc).__name__}: {exc}")
    results.put(statuses)


def test_two_processes_storing_at_once_leave_one_current_version(pg, pg_url, tmp_path):
    """Both store the same file at once (it lands once: the second writer sees the first one's
    commit), then each replaces the other's versions: every store reads the current version after the
    previous writer's commit, so exactly one version stays current and none is lost."""
    shared = str(real_copy(tmp_path, {}, name="shared.xlsx"))
    combos = {1: [("B", "A"), ("C", "A"), ("B", "B"), ("C", "B")], 2: [("B", "C"), ("C", "C"), ("B", "D"), ("C", "D")]}
    mine = {
        w: [str(real_copy(tmp_path, {"K12": a, "K15": b}, name=f"{w}-{a}{b}.xlsx")) for a, b in combos[w]]
        for w in combos
    }
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(pg_url, shared, mine[w], barrier, results)) for w in (1, 2)]
    with _plain_main():  # after AppTests __main__ is a page script, which a spawned child would run again
        for p in procs:
            p.start()
    statuses = [results.get(timeout=240) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    flat = sorted(s for run in statuses for s in run)
    assert not [s for s in flat if s.startswith("error")], flat
    assert flat.count("loaded") == 1 and flat.count("unchanged") == 1 and flat.count("replaced") == 8
    rows = pg.execute(
        "SELECT count(*), count(*) FILTER (WHERE is_current), count(*) FILTER (WHERE is_final), "
        "count(DISTINCT sha256), count(DISTINCT id) FROM lke_submissions "
        "WHERE unit_code = ? AND year = ? AND stage = 'self'",
        [UNIT, YEAR],
    ).fetchall()
    assert rows == [(9, 1, 1, 9, 9)]
    imports = pg.execute("SELECT count(*), count(DISTINCT id), count(DISTINCT submission_id) FROM imports").fetchall()
    assert imports == [(9, 9, 9)]


def test_a_cursor_per_thread_reads_and_writes_on_postgres(pg, tmp_path):
    """Streamlit runs each session in its own thread: cursors of the one cached connection, many threads."""
    from concurrent.futures import ThreadPoolExecutor

    ingest_lke(pg, REAL, UNIT, YEAR, "self")
    f = Filter(unit=UNIT, tahun_dari=YEAR, tahun_sampai=YEAR, tahap="self")

    def read(_):
        with db.cursor(pg) as cur:
            return round(float(lke_queries.unit_totals(cur, f)["total"].iloc[0]), 2)

    def write(i):
        return ingest_lke(pg, real_copy(tmp_path, {"K15": "ABCD"[i % 4]}, name=f"t{i}.xlsx"), UNIT, 2023, "self")[
            0
        ].status

    with ThreadPoolExecutor(8) as pool:
        reads = list(pool.map(read, range(40)))
        writes = list(pool.map(write, range(8)))
    assert reads == [95.63] * 40
    assert sorted(writes).count("loaded") == 1 and "rejected" not in writes
    assert pg.execute(
        "SELECT count(*) FILTER (WHERE is_current) FROM lke_submissions WHERE year = 2023"
    ).fetchall() == [(1,)]


# ---------------------------------------------------------------- command lines against a URL
def test_command_lines_take_a_postgres_url(pg_url, tmp_path):
    con = db.connect(pg_url)
    load_directory(con, ROOT / "data" / "demo", demo=True)
    con.close()

    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", *a], cwd=ROOT, capture_output=True, text=True, timeout=300)

    out = run("loaders", "ingest", str(REAL), "--db", pg_url, "--unit", UNIT, "--year", str(YEAR), "--stage", "self")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("dimuat: ") and "nilai 95,63" in out.stdout
    out = run("reports", "rekap", "--db", pg_url, "--tahun", str(YEAR), "--out", str(tmp_path / "r.xlsx"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    out = run("reports", "rekap", "--db", "postgresql://postgres@127.0.0.1:1/none", "--out", str(tmp_path / "x"))
    assert out.returncode == 2 and "tidak dapat dibuka" in out.stderr
