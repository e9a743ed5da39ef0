"""What a person waits for: every page of the real app in a headless browser, one view at a time.

    .venv/bin/python -m benchmarks.serve --db /tmp/national.duckdb [--repeats 3] [--json] [--profile]

Starts `streamlit run dashboard.py` (the real app, no sign-in: the public pages) and, in the same run,
`streamlit run benchmarks/reference_app.py` (a minimal app of the same widget shape: a sidebar of five
selectboxes and a slider, four metrics, two plotly charts, two small tables). One headless Chromium
page opens one URL after another, so the browser never competes with the server at the same moment.

Pages: every link of the app's navigation (read from the sidebar, so a new page joins by itself),
nationally, for one provinsi, one kab/kota and one OPD (from the URL, as a shared link opens them).
A *cold* view opens a filter this server has not served to that page before (another provinsi,
kab/kota, OPD, or nationally another year range/stage); a *warm* view opens the same URL again.
Each view is a new browser session (a new Streamlit session), as when a link is opened.

Server CPU per view: utime + stime of the server process (/proc/<pid>/stat, all its threads) from
before the navigation until the process has been idle for 150 ms after the page was complete (so the
websocket messages sent after the script and the previous session's clean-up are counted).

Page complete: the app's script is not running (stApp data-test-script-state = notRunning), no
running indicator (stStatusWidget) is shown, the page title (h1) is drawn, no element is still a
placeholder (stSkeleton: the frontend draws those until an element's data is in), every st.plotly_chart has
drawn its SVG and every st.dataframe its canvas, and all of this still holds 200 ms later (a rerun in
between restarts the wait). The time is from the start of the navigation to the first moment of that.

Ratios are to the reference app's median measured in the same run: on a busy machine both slow down,
the ratio much less. Targets (issue 22 §2, 25 000 units, 2 cores): warm CPU per view <= 1,5x the
reference and cold <= 3x for every page and scope (medians), page complete p95 < 2 s per page.
``--pages N`` / ``--scopes`` measure only the first N pages / some scopes (the navigation found is
printed whole). ``--profile`` instead (no timing: the profiler's overhead would distort it) starts a
server whose every script run pyinstrument records (benchmarks/profiled_server.py), opens each page
nationally cold and warm, and prints per page the project functions and the library calls where its
script time went (an HTML profile per page in --profile-dir).
``--memory N`` instead opens N sessions that each visit every page (nationally and for one provinsi),
closes them, and does the same again (the first round fills the shared caches, the second shows the
sessions' own memory); prints the server's RSS per round: peak, after the sessions, and after Streamlit
dropped the disconnected sessions (server.disconnectedSessionTTL).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks.ingest import tree_rss_kib
from benchmarks.load import ARGS, ROOT, PeakRss, _chromium, start_app, stop_app

TICK = os.sysconf("SC_CLK_TCK")
SCOPES = ("nasional", "provinsi", "kabkota", "opd")
COMPLETE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (!document.querySelector('[data-testid="stMain"] h1')) return false;
  if (document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]')) return false;
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    if (!c.querySelector('.main-svg')) return false;
  for (const d of document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]'))
    if (!d.querySelector('canvas')) return false;
  return true;
}"""
NAV = """() => [...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
  .map(a => [a.innerText.trim(), new URL(a.href).pathname])"""


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


# ---------------------------------------------------------------- the filters a view opens
def scope_params(db_path: Path, n: int) -> dict[str, list[dict[str, str]]]:
    """`n` distinct query strings per scope: the largest provinsi / kab/kota first, OPDs with an LKE
    in the newest year; nationally another year range or stage each time."""
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        lo, hi = con.execute("SELECT min(year), max(year) FROM lke_submissions").fetchone() or (None, None)
        prov = [
            r[0]
            for r in con.execute(
                "SELECT split_part(region_code, '.', 1) p, count(*) c FROM units GROUP BY p ORDER BY c DESC, p"
            ).fetchall()
        ]
        kab = [
            r[0]
            for r in con.execute(
                "SELECT region_code, count(*) c FROM units WHERE region_code LIKE '%.%' "
                "GROUP BY region_code ORDER BY c DESC, region_code"
            ).fetchall()
        ]
        opd = con.execute(
            "SELECT u.code, u.region_code, u.instansi_code FROM units u WHERE u.code IN "
            "(SELECT unit_code FROM lke_submissions WHERE year = ?) ORDER BY hash(u.code) LIMIT ?",
            [hi, n],
        ).fetchall()
    finally:
        con.close()
    national: list[dict[str, str]] = []
    if lo is not None:
        for tahap in ("akhir", "tpi", "self"):
            for b in range(hi, lo - 1, -1):
                for a in range(lo, b + 1):
                    q = {"tahun_dari": str(a)} if a != lo else {}
                    q |= {"tahun_sampai": str(b)} if b != hi else {}
                    national.append({**q, **({"tahap": tahap} if tahap != "akhir" else {})})
    out = {
        "nasional": national[:n],
        "provinsi": [{"provinsi": p} for p in prov[:n]],
        "kabkota": [{"provinsi": k.split(".")[0], "kabkota": k} for k in kab[:n]],
        "opd": [
            {
                "provinsi": r.split(".")[0],
                **({"kabkota": r} if "." in r else {}),
                "instansi": i,
                "unit": u,
            }
            for u, r, i in opd
        ],
    }
    for scope, got in out.items():
        if not got:
            raise SystemExit(f"the database has no {scope} filter to open")
    return out


REFERENCE_PARAMS = {
    "nasional": lambda i: {"v": str(i)} if i else {},
    "provinsi": lambda i: {"provinsi": f"provinsi-{i:02d}"},
    "kabkota": lambda i: {"provinsi": f"provinsi-{i:02d}", "kabkota": f"kabkota-{i:02d}"},
    "opd": lambda i: {"provinsi": f"provinsi-{i:02d}", "instansi": f"instansi-{i:02d}", "unit": f"unit-{i:02d}"},
}


# ---------------------------------------------------------------- one view
@dataclass
class Views:
    cpu: dict[str, list[float]] = field(default_factory=lambda: {"cold": [], "warm": []})
    complete: list[float] = field(default_factory=list)


async def settle(pid: int, quiet: float = 0.15, limit: float = 3.0) -> float:
    """The server's CPU seconds once it has used none for `quiet` seconds (at most `limit` s)."""
    end, last = time.perf_counter() + limit, cpu_seconds(pid)
    while time.perf_counter() < end:
        await asyncio.sleep(quiet)
        now = cpu_seconds(pid)
        if now == last:
            return now
        last = now
    return last


async def view(page: Any, pid: int, url: str, timeout: float = 180) -> tuple[float, float]:
    """Open `url`; -> (server CPU seconds, seconds to page complete)."""
    await settle(pid)
    cpu0 = cpu_seconds(pid)
    t0 = time.perf_counter()
    await page.goto(url, timeout=timeout * 1000, wait_until="commit")
    while True:
        await page.wait_for_function(COMPLETE, timeout=timeout * 1000, polling=25)
        done = time.perf_counter() - t0
        await asyncio.sleep(0.2)
        if await page.evaluate(COMPLETE):
            break
    if await page.locator('[data-testid="stException"]').count():
        text = await page.locator('[data-testid="stException"]').first.inner_text()
        raise RuntimeError(f"{url}: the page shows an exception: {text[:500]}")
    return await settle(pid) - cpu0, done


def query(params: dict[str, str]) -> str:
    return "?" + urlencode(params) if params else ""


@dataclass
class Run:
    """What one server was asked: its pages (None: discover them), scopes, views per page and scope."""

    params: dict[str, list[dict[str, str]]]
    repeats: int
    scopes: tuple[str, ...] = SCOPES
    pages: list[tuple[str, str]] | None = None
    limit: int | None = None
    nav: list[tuple[str, str]] = field(default_factory=list)
    got: dict[tuple[str, str], Views] = field(default_factory=dict)
    reused: int = 0
    peak_kib: int = 0


async def measure(url: str, pid: int, run: Run) -> None:
    """Every page (discovered from the navigation when `run.pages` is None) x scope: `repeats` cold
    views, each followed by a warm one. A page gets filters no other page of this server used."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=_chromium(), headless=True, args=ARGS)
        try:
            page = await (await browser.new_context(viewport={"width": 1440, "height": 900})).new_page()
            await view(page, pid, url + "/")  # start-up, imports, first connection: not counted
            if run.pages is None:
                run.nav = [(t, path) for t, path in await page.evaluate(NAV)] or [("app", "/")]
                run.pages = run.nav[: run.limit]
            run.got = {(t, s): Views() for t, _ in run.pages for s in run.scopes}
            for i in range(run.repeats):
                for scope in run.scopes:
                    for k, (title, path) in enumerate(run.pages):
                        options = run.params[scope]
                        run.reused += k * run.repeats + i >= len(options)
                        target = url + path + query(options[(k * run.repeats + i) % len(options)])
                        for kind in ("cold", "warm"):
                            cpu, complete = await view(page, pid, target)
                            run.got[title, scope].cpu[kind].append(cpu)
                            run.got[title, scope].complete.append(complete)
        finally:
            await browser.close()


# ---------------------------------------------------------------- the run
# The reference app as the issue measured it: Streamlit's own settings where this repository's config
# (.streamlit/config.toml, read by both servers) changes what a view costs. runner.postScriptGC=false
# (a full garbage collection after every script run: ~60 % of a minimal app's view) is the app's tuning,
# not the yardstick's; the reference is also measured with the app's settings and printed beside.
STREAMLIT_DEFAULTS = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"}


def run_app(db_path: Path, script: str, run: Run, module: str = "streamlit", env: dict[str, str] | None = None) -> Run:
    proc, url = start_app(db_path, script=script, module=module, env=env)
    rss = PeakRss(proc.pid)
    try:
        asyncio.run(measure(url, proc.pid, run))
    finally:
        run.peak_kib = rss.stop()
        stop_app(proc)
    return run


def summarize(run: Run, ref: dict[str, float]) -> list[dict]:
    rows = []
    for title, _ in run.pages or []:
        for scope in (*run.scopes, "all"):
            scopes = run.scopes if scope == "all" else (scope,)
            cold = [x for s in scopes for x in run.got[title, s].cpu["cold"]]
            warm = [x for s in scopes for x in run.got[title, s].cpu["warm"]]
            complete = [x for s in scopes for x in run.got[title, s].complete]
            rows.append(
                {
                    "page": title,
                    "scope": scope,
                    "views": len(cold) + len(warm),
                    "cold_cpu_ms_p50": pct(cold, 50) * 1000,
                    "cold_cpu_ms_p95": pct(cold, 95) * 1000,
                    "warm_cpu_ms_p50": pct(warm, 50) * 1000,
                    "warm_cpu_ms_p95": pct(warm, 95) * 1000,
                    "complete_s_p50": pct(complete, 50),
                    "complete_s_p95": pct(complete, 95),
                    "cold_x_ref": pct(cold, 50) / ref["cold"] if ref["cold"] else float("nan"),
                    "warm_x_ref": pct(warm, 50) / ref["warm"] if ref["warm"] else float("nan"),
                    "samples": {"cold_cpu_s": cold, "warm_cpu_s": warm, "complete_s": complete},
                }
            )
    return rows


def targets(rows: list[dict]) -> list[tuple[str, bool, str]]:
    by_scope = [r for r in rows if r["scope"] != "all"]
    every = [r for r in rows if r["scope"] == "all"]
    worst_warm = max(by_scope, key=lambda r: r["warm_x_ref"])
    worst_cold = max(by_scope, key=lambda r: r["cold_x_ref"])
    worst_p95 = max(every, key=lambda r: r["complete_s_p95"])
    return [
        (
            "warm server CPU per view <= 1,5x reference (median, every page and scope)",
            worst_warm["warm_x_ref"] <= 1.5,
            f"worst {worst_warm['page']} / {worst_warm['scope']} {worst_warm['warm_x_ref']:.2f}x",
        ),
        (
            "cold server CPU per view <= 3x reference (median, every page and scope)",
            worst_cold["cold_x_ref"] <= 3,
            f"worst {worst_cold['page']} / {worst_cold['scope']} {worst_cold['cold_x_ref']:.2f}x",
        ),
        (
            "browser page complete p95 < 2 s (every page, single user)",
            worst_p95["complete_s_p95"] < 2,
            f"worst {worst_p95['page']} {worst_p95['complete_s_p95']:.2f} s",
        ),
    ]


def print_table(rows: list[dict], ref_row: dict, machine: dict, tuned_row: dict | None = None) -> None:
    print(
        f"benchmarks.serve {machine['date']} on {machine['cores']} cores ({machine['cpu']}); load average "
        f"before {machine['load_before']}, after {machine['load_after']}; {machine['db']}; "
        f"{machine['repeats']} cold + {machine['repeats']} warm views per page and scope"
    )
    print(
        "server CPU per view in ms (utime+stime of the server process), page complete in s (headless "
        "Chromium), x ref = median / the reference app's median in this run (the reference with Streamlit's "
        "default settings, as the issue measured it; 'Referensi, app config': the same app with this "
        "repository's .streamlit/config.toml, x its own ratio to the reference)"
    )
    head = (
        f"{'page':<22} {'scope':<9} {'cold p50':>8} {'p95':>6} {'x ref':>6}  {'warm p50':>8} {'p95':>6} "
        f"{'x ref':>6}  {'complete p50':>12} {'p95':>6}"
    )
    print(head)
    for r in [ref_row, *([tuned_row] if tuned_row else []), *rows]:
        print(
            f"{r['page'][:22]:<22} {r['scope']:<9} {r['cold_cpu_ms_p50']:8.0f} {r['cold_cpu_ms_p95']:6.0f} "
            f"{r['cold_x_ref']:5.2f}x  {r['warm_cpu_ms_p50']:8.0f} {r['warm_cpu_ms_p95']:6.0f} "
            f"{r['warm_x_ref']:5.2f}x  {r['complete_s_p50']:12.2f} {r['complete_s_p95']:6.2f}"
        )
    if machine["cold_views_reusing_a_filter"]:
        print(f"note: the database has too few filters: {machine['cold_views_reusing_a_filter']} cold views reused one")
    print(f"pages in the navigation: {', '.join(machine['navigation'])}")
    print(
        f"server peak RSS: app {machine['app_peak_rss_mib']:.0f} MiB, reference {machine['ref_peak_rss_mib']:.0f} MiB"
    )


def machine_info(db_path: Path, repeats: int) -> dict[str, Any]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor(),
    )
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "db": str(db_path),
        "repeats": repeats,
        "load_before": load_average(),
    }


# ---------------------------------------------------------------- --profile
def profile(
    db_path: Path, params: dict[str, list[dict[str, str]]], folder: Path, top: int, limit: int | None = None
) -> dict[str, Any]:
    """Every page nationally, cold then warm, on a server whose script runs pyinstrument records."""
    from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer
    from pyinstrument.session import Session

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PANTAUZI_PROFILE_DIR"] = tmp
        try:
            proc, url = start_app(db_path, module="benchmarks.profiled_server")
        finally:
            del os.environ["PANTAUZI_PROFILE_DIR"]
        try:
            asyncio.run(measure(url, proc.pid, Run(params, 1, scopes=("nasional",), limit=limit)))
        finally:
            stop_app(proc)
        runs: dict[str, list[Any]] = {}
        for f in sorted(Path(tmp).glob("*.pyisession")):
            runs.setdefault(f.stem.split("-", 1)[1], []).append(Session.load(f))
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for title, sessions in runs.items():  # the last run of a page: its warm view, the one before: cold
        for kind, session in (("warm", sessions[-1]), ("cold", sessions[-2 if len(sessions) > 1 else -1])):
            (folder / f"{title}-{kind}.html").write_text(HTMLRenderer().render(session))
            (folder / f"{title}-{kind}.txt").write_text(ConsoleRenderer(unicode=True).render(session))
        out[title] = hotspots(sessions[-1], top) | {"cold_run_s": sessions[-2].duration if len(sessions) > 1 else None}
    return out


def hotspots(session: Any, top: int) -> dict[str, Any]:
    """Cumulative time per project function and self time per library function, over all runs."""
    ours: dict[str, float] = {}
    lib: dict[str, float] = {}
    root = session.root_frame()
    total = root.time if root else 0.0

    def walk(frame: Any, seen: frozenset[str]) -> None:
        path = frame.file_path or ""
        name = f"{frame.function} ({Path(path).name}:{frame.line_no})"
        is_ours = path.startswith(str(ROOT)) and "/.venv/" not in path and "site-packages" not in path
        if not path or path.endswith("profiled_server.py"):
            pass  # pyinstrument's root, the profiler's own wrappers
        elif is_ours and name not in seen:
            ours[name] = ours.get(name, 0.0) + frame.time
            seen = seen | {name}
        if path and not is_ours and frame.total_self_time:
            pkg = path.split("site-packages/")[-1].split("/")[0] if "site-packages/" in path else Path(path).name
            key = f"{pkg}: {frame.function}"
            lib[key] = lib.get(key, 0.0) + frame.total_self_time
        for child in frame.children:
            walk(child, seen)

    if root:
        walk(root, frozenset())
    return {
        "runs_s": total,
        "ours": sorted(ours.items(), key=lambda kv: -kv[1])[:top],
        "library_self": sorted(lib.items(), key=lambda kv: -kv[1])[:top],
    }


def print_profile(prof: dict[str, Any], folder: Path, machine: dict[str, Any]) -> None:
    print(
        f"benchmarks.serve --profile {machine['date']}, load average {machine['load_before']} -> "
        f"{machine['load_after']}: pyinstrument in the script thread, every page nationally, one cold and "
        f"one warm view; HTML per page in {folder}"
    )
    for title, h in prof.items():
        cold = f", its cold view {h['cold_run_s'] * 1000:.0f} ms" if h["cold_run_s"] else ""
        print(f"\n{title}: warm view {h['runs_s'] * 1000:.0f} ms in the script run{cold}; the warm run:")
        for name, t in h["ours"]:
            print(f"  {t * 1000:7.0f} ms  {name}")
        print("  library self time:")
        for name, t in h["library_self"]:
            print(f"  {t * 1000:7.0f} ms  {name}")


# ---------------------------------------------------------------- --memory
async def _memory_round(
    url: str, pages: list[str], n: int, params: dict[str, list[dict[str, str]]], at_once: int
) -> None:
    """N browser sessions, `at_once` at a time, each visiting every page nationally and for one provinsi."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=_chromium(), headless=True, args=ARGS)
        try:

            async def one(i: int) -> None:
                ctx = await browser.new_context(viewport={"width": 1440, "height": 900})
                page = await ctx.new_page()
                for q in ({}, params["provinsi"][i % len(params["provinsi"])]):
                    for path in pages:
                        await page.goto(url + path + query(q), timeout=180000)
                        await page.wait_for_function(COMPLETE, timeout=180000, polling=50)
                await ctx.close()

            for start in range(0, n, at_once):
                await asyncio.gather(*[one(i) for i in range(start, min(n, start + at_once))])
        finally:
            await browser.close()


async def _navigation(url: str) -> list[str]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=_chromium(), headless=True, args=ARGS)
        try:
            first = await (await browser.new_context()).new_page()
            await first.goto(url + "/")
            await first.wait_for_function(COMPLETE, timeout=180000, polling=50)
            return [path for _, path in await first.evaluate(NAV)]
        finally:
            await browser.close()


def memory(db_path: Path, n: int, params: dict[str, list[dict[str, str]]], at_once: int, ttl: int) -> dict:
    """Two rounds of the same N sessions on one server. The first fills the shared caches (page data,
    figures: bounded by their max_entries and server.maxCacheDataSize, kept for the next visitor); the
    second asks the same views again, so what it adds is the sessions' own memory. After each round the
    sessions have closed and `ttl` + 15 s have passed (Streamlit drops a closed session after the TTL)."""
    proc, url = start_app(db_path)
    rss = PeakRss(proc.pid)
    out: dict[str, Any] = {"sessions": n, "ttl_s": ttl, "rounds": []}
    try:
        pages = asyncio.run(_navigation(url))
        time.sleep(ttl + 15)
        out["before_mib"] = tree_rss_kib(proc.pid) / 1024  # start-up and one page, its session dropped
        for _ in range(2):
            round_peak = PeakRss(proc.pid)
            t = time.perf_counter()
            asyncio.run(_memory_round(url, pages, n, params, at_once))
            wall = time.perf_counter() - t
            after = tree_rss_kib(proc.pid) / 1024
            time.sleep(ttl + 15)
            out["rounds"].append(
                {
                    "wall_s": wall,
                    "peak_mib": round_peak.stop() / 1024,
                    "after_sessions_mib": after,
                    "after_ttl_mib": tree_rss_kib(proc.pid) / 1024,
                }
            )
    finally:
        out["peak_mib"] = rss.stop() / 1024
        stop_app(proc)
    out["pages"] = len(pages)
    return out


def session_ttl() -> int:
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    return int(cfg.get("server", {}).get("disconnectedSessionTTL", 120))


# ---------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.serve", description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeats", type=int, default=3, help="cold (and as many warm) views per page and scope")
    ap.add_argument("--pages", type=int, help="measure only the navigation's first N pages")
    ap.add_argument("--scopes", default=",".join(SCOPES), help="comma-separated subset of " + ",".join(SCOPES))
    ap.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="PATH",
        help="one JSON document (every sample): on stdout instead of the table, or written to PATH",
    )
    ap.add_argument("--profile", action="store_true", help="only: where each page's server time goes")
    ap.add_argument("--profile-dir", default=str(ROOT / "artifacts" / "profile"))
    ap.add_argument("--top", type=int, default=12, help="lines per page in the profile")
    ap.add_argument("--memory", type=int, metavar="N", help="only: RSS after N sessions visited every page")
    ap.add_argument("--at-once", type=int, default=5, help="--memory: sessions open at the same time")
    args = ap.parse_args(argv)
    db_path = Path(args.db)
    machine = machine_info(db_path, args.repeats)
    if args.memory:
        params = scope_params(db_path, args.memory)
        got = memory(db_path, args.memory, params, args.at_once, session_ttl())
        machine["load_after"] = load_average()
        first, second = got["rounds"]
        added = second["peak_mib"] - first["after_ttl_mib"]  # the second round's sessions, caches warm
        returned = second["peak_mib"] - second["after_ttl_mib"]
        ok = got["peak_mib"] < 1024 and returned >= added / 2

        def show() -> None:
            print(
                f"{got['sessions']} sessions ({args.at_once} at a time) each visited {got['pages']} pages nationally "
                f"and for one provinsi, twice over (load average {machine['load_before']} -> {machine['load_after']}); "
                f"server RSS in MiB, 'dropped' = {got['ttl_s'] + 15} s after the sessions closed "
                f"(disconnectedSessionTTL {got['ttl_s']} s)"
            )
            print(f"  before the sessions: {got['before_mib']:.0f}")
            for name, r in zip(
                ("first round (fills the shared caches)", "second round (the same views)"), got["rounds"]
            ):
                print(
                    f"  {name}: {r['wall_s']:.0f} s, peak {r['peak_mib']:.0f}, closed {r['after_sessions_mib']:.0f}, "
                    f"dropped {r['after_ttl_mib']:.0f}"
                )
            print(f"{'PASS' if got['peak_mib'] < 1024 else 'FAIL'} peak RSS < 1 GB: {got['peak_mib']:.0f} MiB")
            print(
                f"{'PASS' if returned >= added / 2 else 'FAIL'} memory returns when the sessions end (at least half "
                f"of what the second round's sessions added): {returned:.0f} of {added:.0f} MiB"
            )

        emit(args.json, {"machine": machine, "memory": got}, show)
        return 0 if ok else 1
    scopes = tuple(x for x in args.scopes.split(",") if x)
    if not scopes or set(scopes) - set(SCOPES):
        ap.error(f"--scopes: a comma-separated subset of {','.join(SCOPES)}")
    # the views need distinct filters: pages x repeats per scope
    params = scope_params(db_path, 16 * args.repeats)
    if args.profile:
        prof = profile(db_path, params, Path(args.profile_dir), args.top, args.pages)
        machine["load_after"] = load_average()
        emit(
            args.json,
            {"machine": machine, "profile": prof},
            lambda: print_profile(prof, Path(args.profile_dir), machine),
        )
        return 0
    ref_params = {s: [REFERENCE_PARAMS[s](i) for i in range(16 * args.repeats)] for s in SCOPES}
    ref_run = run_app(
        db_path,
        "benchmarks/reference_app.py",
        Run(ref_params, args.repeats, scopes, [("Referensi", "/")]),
        env=STREAMLIT_DEFAULTS,
    )
    tuned_run = run_app(
        db_path, "benchmarks/reference_app.py", Run(ref_params, args.repeats, scopes, [("Referensi, app config", "/")])
    )
    app = run_app(db_path, "dashboard.py", Run(params, args.repeats, scopes, limit=args.pages))

    def medians(run: Run) -> dict[str, float]:
        views = list(run.got.values())
        return {k: pct([x for v in views for x in v.cpu[k]], 50) for k in ("cold", "warm")}

    ref, tuned = medians(ref_run), medians(tuned_run)
    ref_row = next(r for r in summarize(ref_run, ref) if r["scope"] == "all")
    tuned_row = next(r for r in summarize(tuned_run, ref) if r["scope"] == "all")
    rows = summarize(app, ref)
    for r in rows:  # the same medians over the reference with the app's own settings (printed, not a target)
        r["cold_x_tuned_ref"] = r["cold_cpu_ms_p50"] / 1000 / tuned["cold"] if tuned["cold"] else float("nan")
        r["warm_x_tuned_ref"] = r["warm_cpu_ms_p50"] / 1000 / tuned["warm"] if tuned["warm"] else float("nan")
    machine |= {
        "load_after": load_average(),
        "navigation": [t for t, _ in app.nav],
        "cold_views_reusing_a_filter": app.reused,
        "app_peak_rss_mib": app.peak_kib / 1024,
        "ref_peak_rss_mib": ref_run.peak_kib / 1024,
        "reference_settings": "Streamlit defaults ("
        + ", ".join(f"{k}={v}" for k, v in STREAMLIT_DEFAULTS.items())
        + ")",
    }
    checks = targets(rows)
    doc = {
        "machine": machine,
        "reference": ref_row,
        "reference_app_config": tuned_row,
        "pages": rows,
        "targets": [{"target": t, "pass": ok, "detail": d} for t, ok, d in checks],
    }

    def show_table() -> None:
        print_table(rows, ref_row, machine, tuned_row)
        for t, ok, d in checks:
            print(f"{'PASS' if ok else 'FAIL'} {t}: {d}")
        by_scope = [r for r in rows if r["scope"] != "all"]
        warm = max(r["warm_x_tuned_ref"] for r in by_scope)
        cold = max(r["cold_x_tuned_ref"] for r in by_scope)
        print(f"against the reference with the app's settings (not a target): worst warm {warm:.2f}x, cold {cold:.2f}x")

    emit(args.json, doc, show_table)
    return 0


def emit(target: str | None, doc: dict[str, Any], show: Callable[[], None]) -> None:
    """The table (`show`), or the JSON document on stdout (--json), or both (--json PATH)."""
    text = json.dumps(doc, indent=1, default=float)
    if target == "-":
        print(text)
        return
    if target:
        Path(target).write_text(text)
    show()


if __name__ == "__main__":
    sys.exit(main())
