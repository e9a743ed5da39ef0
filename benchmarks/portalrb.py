"""Time of each PortalRB endpoint through the real server: p50/p95 over N calls.

.venv/bin/python -m benchmarks.portalrb --db /tmp/portalrb-2000.duckdb [--calls 200] [--port 8790]

Works on a copy of the database (the original is not changed): proposes every unit of the instansi
with the most units in the latest year (WBBM where the unit holds a WBK predicate, else WBK), makes a
token, starts `streamlit run dashboard.py` on it and calls each endpoint with a real HTTP client. Prints
the client-side time (HTTP round trip on localhost) and the server-side time the access log recorded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(path: Path) -> tuple[str, int, list[str]]:
    """Propose one instansi's units and make a token: -> (token, year, units)."""
    from pantauzi import portalrb
    from pantauzi.store import db
    from pantauzi.store import portalrb_queries as q

    con = db.connect(path)
    try:
        with db.cursor(con) as cur:
            year = int(cur.execute("SELECT max(year) FROM lke_current").fetchall()[0][0])
            instansi = cur.execute(
                "SELECT instansi_code FROM lke_current WHERE year = ? GROUP BY 1 ORDER BY count(DISTINCT unit_code) "
                "DESC, 1 LIMIT 1",
                [year],
            ).fetchall()[0][0]
            units = q.candidates(cur, [instansi], year)
        units = units[units["submission_id"].notna()]
        chosen = {u: ("WBBM" if h else "WBK") for u, h in zip(units["unit"], units["holds_wbk"])}
        portalrb.save_proposal(con, instansi, year, chosen, "benchmark")
        _, token = portalrb.create_token(con, instansi, "benchmark", 1_000_000, "benchmark")
    finally:
        con.close()
    return token, year, sorted(chosen)


def start(path: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PANTAUZI_DB": str(path), "PANTAUZI_AUTH": str(ROOT / "tests" / "no-auth-file.yaml")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port), "--server.headless",
         "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                return proc
        except OSError:
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("streamlit did not start within 90 s")


def call(url: str, token: str) -> tuple[float, int, int]:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as r:
        size = len(r.read())
        status = r.status
    return (time.perf_counter() - t0) * 1000, status, size


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.portalrb")
    ap.add_argument("--db", required=True)
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--port", type=int, default=None)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="portalrb-bench-") as tmp:
        path = Path(tmp) / "bench.duckdb"
        shutil.copyfile(args.db, path)
        token, year, units = prepare(path)
        port = args.port or _free_port()
        base = f"http://127.0.0.1:{port}/api/portalrb"
        proc = start(path, port)
        results: dict[str, list[float]] = {}
        try:
            for name, make in (
                ("pengusulan/unit-wbk", lambda i: f"{base}/pengusulan/unit-wbk?tahun={year}"),
                ("pengusulan/unit-wbbm", lambda i: f"{base}/pengusulan/unit-wbbm?tahun={year}"),
                ("lke/jawaban-unit/{id}", lambda i: f"{base}/lke/jawaban-unit/{units[i % len(units)]}?tahun={year}"),
            ):
                call(make(0), token)  # warm-up, not counted
                times = []
                for i in range(args.calls):
                    ms, status, _ = call(make(i), token)
                    if status != 200:
                        raise SystemExit(f"{name}: HTTP {status}")
                    times.append(ms)
                results[name] = times
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        import duckdb

        con = duckdb.connect(str(path), read_only=True)
        server = {
            e: [float(r[0]) for r in con.execute(
                "SELECT ms FROM portalrb_access_log WHERE endpoint = ? AND status = 200 ORDER BY called_at", [e]
            ).fetchall()][1:]  # the warm-up call is not counted
            for e in ("unit-wbk", "unit-wbbm", "jawaban-unit")
        }  # fmt: skip
        con.close()
    print(f"{args.db}: {len(units)} unit diusulkan, tahun {year}, {args.calls} panggilan per endpoint")
    print(f"{'endpoint':<24} {'p50 ms':>8} {'p95 ms':>8} {'server p50':>11} {'server p95':>11}")
    for (name, times), key in zip(results.items(), ("unit-wbk", "unit-wbbm", "jawaban-unit")):
        s = server[key]
        print(f"{name:<24} {pct(times, 50):8.1f} {pct(times, 95):8.1f} {pct(s, 50):11.1f} {pct(s, 95):11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
