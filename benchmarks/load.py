"""Load test: N concurrent headless Chromium sessions against one ``streamlit run`` process, or through
nginx in front of R replicas (deploy/, the deployment of `make serve`).

    .venv/bin/python -m benchmarks.load --db /tmp/national.duckdb [--sessions 1,5,20]
    .venv/bin/python -m benchmarks.load --db /tmp/national.duckdb --through-proxy --replicas 1,2

For each N a fresh server is started (cold caches) and N browser contexts open at once; each visits
Ringkasan and Area Perubahan nationally, then Ringkasan for one provinsi (a different one per
session, so not every visit is served from the shared cache). A visit is complete when the script
has finished, the title is shown and a Plotly chart is drawn. Prints p50/p95/max of the visit times,
the wall time per N, the servers' CPU time per view (utime + stime of every replica's process tree, from
/proc), views per server-CPU-second (the figure that carries over to a bigger machine: the browsers share
this machine's cores with the servers) and the servers' peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks.ingest import tree_rss_kib

ROOT = Path(__file__).resolve().parents[1]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelector('[data-testid="stMain"] h1')
    && document.querySelectorAll(WANT).length > 0;
}"""
CHART = ".js-plotly-plot .main-svg"
BANNER = '[data-testid="stMain"] [data-testid="stDataFrame"], [data-testid="stMain"] [data-testid="stAlert"]'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(
    db_path: Path,
    auth: Path | None = None,
    script: str = "dashboard.py",
    module: str = "streamlit",
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen, str]:
    """`streamlit run dashboard.py` (or `script`, started by `python -m module`: benchmarks.serve's
    reference app and profiled server) on a free port against `db_path`; -> (process, url)."""
    port = _free_port()
    env = {
        **os.environ,
        "PANTAUZI_DB": str(db_path),
        "PANTAUZI_AUTH": str(auth or (ROOT / "tests" / "no-auth-file.yaml")),
        **(env or {}),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            module,
            "run",
            script,
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.3)
    stop_app(proc)
    raise RuntimeError("streamlit did not answer /_stcore/health within 90 s")


def stop_app(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)


class PeakRss:
    """Samples the resident memory of a process tree every 50 ms in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_kib(self.pid))
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._t.join()
        return self.peak


def _chromium() -> str:
    exe = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(exe).exists():
        raise RuntimeError("Debian chromium is not installed (apt-get install -y chromium)")
    return exe


async def _visit(page, url: str, want: str = CHART, timeout: float = 180) -> float:
    """Seconds from navigation until the page is complete (script done, title, `want` drawn)."""
    t = time.perf_counter()
    await page.goto(url, timeout=timeout * 1000)
    await page.wait_for_function(READY.replace("WANT", repr(want)), timeout=timeout * 1000, polling=50)
    if await page.locator('[data-testid="stException"]').count():
        raise RuntimeError(
            f"{url}: the page shows an exception: "
            + await page.locator('[data-testid="stException"]').first.inner_text()
        )
    return time.perf_counter() - t


async def _session(browser, url: str, provinsi: str) -> list[float]:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await ctx.new_page()
        return [
            await _visit(page, url + "/"),
            await _visit(page, url + "/area_perubahan"),
            await _visit(page, f"{url}/?provinsi={provinsi}"),
        ]
    finally:
        await ctx.close()


async def _run_sessions(url: str, n: int, provinces: list[str]) -> tuple[list[float], float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=_chromium(), headless=True, args=ARGS)
        try:
            t = time.perf_counter()
            got = await asyncio.gather(*[_session(browser, url, provinces[i % len(provinces)]) for i in range(n)])
            return [x for xs in got for x in xs], time.perf_counter() - t
        finally:
            await browser.close()


VIEWER_PAGES = {
    "Ringkasan": "/",
    "Area Perubahan": "/area_perubahan",
    "Ombudsman RI": "/ombudsman",
    "KPK MCP": "/mcp",
    "Profil OPD": "/profil_opd",
}


async def _every_page(url: str, user: str, password: str) -> list[str]:
    """Every viewer page nationally (cold deep links), then sign in as admin: Unggah Data and Pengguna."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=_chromium(), headless=True, args=ARGS)
        try:
            page = await (await browser.new_context(viewport={"width": 1400, "height": 1000})).new_page()
            for path in VIEWER_PAGES.values():
                await _visit(page, url + path)
            await page.locator('[data-testid="stSidebarNav"] a', has_text="Masuk").click()
            await page.wait_for_selector('input[aria-label="Nama pengguna"]', timeout=60000)
            await page.fill('input[aria-label="Nama pengguna"]', user)
            await page.fill('input[aria-label="Kata sandi"]', password)
            await page.locator('[data-testid="stFormSubmitButton"] button').click()
            await page.wait_for_selector('[data-testid="stSidebarNav"] a:has-text("Unggah Data")', timeout=120000)
            for name, path in (("Unggah Data", "**/unggah**"), ("Pengguna", "**/pengguna**")):
                await page.locator('[data-testid="stSidebarNav"] a', has_text=name).click()
                await page.wait_for_url(path, timeout=60000)
                await page.wait_for_function(READY.replace("WANT", repr(BANNER)), timeout=180000, polling=50)
                if await page.locator('[data-testid="stException"]').count():
                    raise RuntimeError(f"{name} shows an exception")
            return [*VIEWER_PAGES, "Unggah Data (admin)", "Pengguna (admin)"]
        finally:
            await browser.close()


def rss_after_every_page(db_path: Path) -> tuple[int, list[str]]:
    """Peak RSS (KiB) of one streamlit process while every page is visited nationally."""
    from pantauzi.core import access

    with tempfile.TemporaryDirectory() as tmp:
        auth = Path(tmp) / "auth.yaml"
        access.add_user(auth, "bench", "Benchmark", "bench-rahasia-1", "admin", [], [])
        proc, url = start_app(db_path, auth)
        rss = PeakRss(proc.pid)
        try:
            pages = asyncio.run(_every_page(url, "bench", "bench-rahasia-1"))
        finally:
            peak = rss.stop()
            stop_app(proc)
    return peak, pages


def _provinces(db_path: Path) -> list[str]:
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT split_part(region_code, '.', 1) AS p FROM units ORDER BY p"
            ).fetchall()
        ]
    finally:
        con.close()


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    """A process and its descendants (every thread's children, from /proc)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo.extend(int(c) for c in task.read_text().split())
            except OSError:
                pass
    return found


def tree_cpu_seconds(pid: int) -> float:
    """utime + stime of a process and its live descendants, in seconds (fields 14 and 15 of /proc/<pid>/stat)."""
    total = 0.0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


class Servers:
    """One `streamlit run`, or nginx in front of `replicas` replicas (deploy.cluster.Cluster)."""

    def __init__(self, db_path: Path, through_proxy: bool, replicas: int) -> None:
        self.db_path, self.through_proxy, self.replicas = db_path, through_proxy, replicas
        self.cluster = None
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Servers:
        if self.through_proxy:
            from deploy.cluster import Cluster

            self.cluster = Cluster(str(self.db_path), replicas=self.replicas).start()
            self.url = self.cluster.url
            self.pids = self.cluster.pids()
        else:
            self.proc, self.url = start_app(self.db_path)
            self.pids = [self.proc.pid]
        return self

    def cpu(self) -> float:
        return sum(tree_cpu_seconds(p) for p in self.pids)

    def __exit__(self, *exc: object) -> None:
        if self.cluster is not None:
            self.cluster.stop()
        if self.proc is not None:
            stop_app(self.proc)


def _sizes(text: str, flag: str) -> list[int]:
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        values = []
    if not values or min(values) < 1:
        raise SystemExit(f"{flag}: bilangan bulat positif dipisah koma, mis. 1,5,20")
    return values


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--sessions", default="1,5,20", help="comma-separated N")
    ap.add_argument("--through-proxy", action="store_true", help="through nginx in front of the replicas (deploy/)")
    ap.add_argument("--replicas", default="1,2", help="comma-separated replica counts (with --through-proxy)")
    args = ap.parse_args(argv)
    db_path = Path(args.db)
    provinces = _provinces(db_path)
    sessions = _sizes(args.sessions, "--sessions")
    replica_counts = _sizes(args.replicas, "--replicas") if args.through_proxy else [1]
    print(
        f"{'R':>2} {'N':>3} {'visits':>6} {'p50 s':>7} {'p95 s':>7} {'max s':>7} {'wall s':>7} "
        f"{'CPU/view ms':>11} {'views/CPU-s':>11} {'server peak RSS':>16}"
    )
    for r in replica_counts:
        for n in sessions:
            with Servers(db_path, args.through_proxy, r) as servers:
                rss = [PeakRss(p) for p in servers.pids]
                cpu0 = servers.cpu()
                try:
                    times, wall = asyncio.run(_run_sessions(servers.url, n, provinces))
                finally:
                    cpu = servers.cpu() - cpu0
                    peak = sum(x.stop() for x in rss)
            q = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else [times[0]] * 99
            per_view = cpu / len(times)
            print(
                f"{r:>2} {n:>3} {len(times):>6} {q[49]:7.2f} {q[94]:7.2f} {max(times):7.2f} {wall:7.1f} "
                f"{per_view * 1000:11.0f} {len(times) / cpu if cpu else 0:11.2f} {peak / 1024:12.0f} MiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
