"""Page benchmark: every page's sections (pantauzi.pagedata, as the pages call them) for random filter
selections, against a naive pandas baseline (benchmarks/naive.py) measured in the same run.

    .venv/bin/python -m benchmarks.pages --db /tmp/national.duckdb [--selections 200] [--seed 1] [--browser]

Each selection is national, one provinsi, one kab/kota or one OPD, with a random year range and stage.
For each page the script calls the page data functions ``app_pages/*.py`` asks ``ui.data`` for at the
page's defaults, uncached, on a fresh cursor of one connection (as the app does); the naive baseline
loads the tables into pandas once (load time printed, not counted) and filters/groups there for the
same outputs. ``--check`` compares both answers for every selection (the oracle tests do the same on a
small database: tests/pages/test_pagedata_oracle.py). ``--browser`` also starts ``streamlit run`` on
the database, visits every page nationally in headless Chromium and prints the server's peak RSS
(benchmarks/load.py).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from benchmarks.naive import ADMIN, NAIVE, Naive, compare
from loaders import upload
from pantauzi import pagedata
from pantauzi.core.filters import Filter
from pantauzi.store import db, lookups, submissions
from pantauzi.store.selection import Cursor

Frames = dict[str, pd.DataFrame]


# ---------------------------------------------------------------- each page at its defaults (page data)
def sidebar(cur: Cursor, f: Filter) -> Frames:
    """The shared filter (dashboard.py) before a page: options of each level, year bounds."""
    return {
        "bounds": pd.DataFrame([lookups.year_bounds(cur)]),
        "demo": pd.DataFrame([lookups.has_demo_data(cur)]),
        **{kind: pagedata.filter_options(cur, kind, f) for kind in ("provinsi", "kabkota", "instansi", "unit")},
    }


def ringkasan(cur: Cursor, f: Filter) -> Frames:
    """app_pages/ringkasan.py at its defaults (newest year, weakest unit of the selection)."""
    years = pagedata.lke_years(cur, f)
    out = {"summary": years.summary}
    if not years.years:
        return out
    year = years.years[0]
    level = years.levels[year]
    overview = pagedata.ringkasan_overview(cur, f, year, level)
    out["groups"] = overview.groups
    if level == "unit":
        out["bars"] = overview.bars
        out["three"] = pagedata.three_signals(cur, f, year).table
    moves = pagedata.movers(cur, f, year)
    out["movers"], out["movers_table"] = moves.movers, moves.table
    out["search"] = pagedata.unit_choices(cur, f, year, None, "total").units
    unit = f.unit if f.unit in set(out["search"]["unit"]) else out["search"]["unit"].iloc[0]
    review = pagedata.unit_review(cur, f, unit, year)
    out.update(
        row=review.row,
        milestones=review.milestones,
        failed=review.failed,
        failed_table=review.failed_table,
        weakest=review.weakest,
        weakest_table=review.weakest_table,
    )
    return out


def area_perubahan(cur: Cursor, f: Filter) -> Frames:
    """app_pages/area_perubahan.py at its defaults (newest year, first unit by name)."""
    years = pagedata.lke_years(cur, f)
    out = {"summary": years.summary}
    if not years.years:
        return out
    year = years.years[0]
    level = years.levels[year]
    overview = pagedata.area_overview(cur, f, year, level)
    out["heat"], out["evidence"] = overview.heatmap, overview.evidence
    out["search"] = pagedata.unit_choices(cur, f, year, None, "label").units
    unit = f.unit if f.unit in set(out["search"]["unit"]) else out["search"]["unit"].iloc[0]
    one = pagedata.unit_areas(cur, f, unit, year, level)
    out.update(one=one.areas, this_year=one.this_year, both=one.both)
    return out


def ombudsman_level(cur: Cursor, f: Filter, level: str) -> Frames:
    """app_pages/ombudsman.py at one level (Tingkat) and its newest year."""
    summary = pagedata.ombudsman_summary(cur, f)
    out = {"summary": summary.summary}
    if level not in summary.entities:
        return out
    view = pagedata.ombudsman_view(cur, f, level, summary.years[level][0], summary.entities[level])
    if view.by_provinsi:
        out["grouped"] = view.grouped
    out["ratings"], out["table"] = view.ratings, view.table
    return out


def ombudsman(cur: Cursor, f: Filter) -> Frames:
    """app_pages/ombudsman.py at its defaults (pemda level, newest year)."""
    return ombudsman_level(cur, f, "pemda")


def mcp(cur: Cursor, f: Filter) -> Frames:
    """app_pages/mcp.py at its defaults (newest year, first pemda by name)."""
    years = pagedata.mcp_years(cur, f)
    out = {"summary": years.summary}
    if not years.years:
        return out
    view = pagedata.mcp_year(cur, f, years.years[0], years.pemda[years.years[0]])
    out["heat"], out["now"], out["table"] = view.heatmap, view.totals, view.table
    if view.names:
        region = sorted(view.names, key=lambda r: (view.names[r], r))[0]
        out["one"] = pagedata.mcp_trend(cur, f, region).totals
    return out


def profil_opd(cur: Cursor, f: Filter) -> Frames:
    """app_pages/profil_opd.py for the selection's unit (else its first unit by name)."""
    options = pagedata.unit_lookup(cur, f, None, f.unit).units
    out = {"options": options}
    if options.empty:
        return out
    p = pagedata.profile(cur, f, options["code"].iloc[0])
    out.update(
        totals=p.totals,
        ombudsman=p.ombudsman,
        mcp=p.mcp,
        mcp_totals=p.mcp_totals,
        comparable=p.comparable,
        areas=p.areas,
        info=pd.DataFrame(
            [
                {
                    "unit_name": p.unit_name,
                    "instansi_name": p.instansi_name,
                    "region_name": p.region_name,
                    "pemda_opd": p.pemda_opd,
                    "mcp_areas": ",".join(p.mcp_areas),
                    "checked": ",".join(p.checked),
                }
            ]
        ),
    )
    return out


def unggah_units(cur: Cursor, f: Filter) -> Frames:
    """app_pages/unggah.py's unit list for an admin (every unit one may upload for)."""
    return {"units": upload.allowed_units(cur, ADMIN)}


def unggah_versions(cur: Cursor, f: Filter) -> Frames:
    """app_pages/unggah.py's version history of one unit/year/stage and one stored file."""
    unit = f.unit or db.scalar(cur, "SELECT min(code) FROM units")
    hist = pagedata.versions(cur, unit, f.tahun_sampai, "self")
    out = {"versions": hist.versions, "table": hist.table}
    if hist.files:
        out["file"] = pd.DataFrame([submissions.stored_file(cur, next(iter(hist.files)))])
    return out


PAGES: dict[str, Callable[[Cursor, Filter], Frames]] = {
    "Ringkasan": ringkasan,
    "Area Perubahan": area_perubahan,
    "Ombudsman RI": ombudsman,
    "KPK MCP": mcp,
    "Profil OPD": profil_opd,
    "Unggah Data (versi)": unggah_versions,
}
# the pages that aggregate national tables: >= 5x the naive baseline at p95; every other page < 50 ms p95
AGGREGATING = ("Ringkasan", "Area Perubahan")
# measured and printed too, outside the targets: cached per filter / per session in the app
EXTRA: dict[str, Callable[[Cursor, Filter], Frames]] = {
    "Filter (sidebar)": sidebar,
    "Unggah (daftar unit)": unggah_units,
}


# ---------------------------------------------------------------- selections, timing
def selections(con, n: int, seed: int) -> list[Filter]:
    """National, one provinsi, one kab/kota, one OPD — a quarter each — with random years and stages."""
    rng = random.Random(seed)
    lo, hi = lookups.year_bounds(db.cursor(con))
    units = con.execute(
        "SELECT u.code, u.region_code, u.instansi_code FROM units u WHERE EXISTS "
        "(SELECT 1 FROM lke_submissions s WHERE s.unit_code = u.code)"
    ).fetchall()
    out = []
    for i in range(n):
        a = rng.randint(lo, hi)
        b = rng.randint(a, hi)
        if rng.random() < 0.3:
            a, b = lo, hi
        tahap = rng.choices(["akhir", "self", "tpi"], [0.7, 0.15, 0.15])[0]
        code, region, inst = rng.choice(units)
        kind = i % 4
        prov = region.split(".")[0]
        kab = region if "." in region else None
        if kind == 0:
            out.append(Filter(None, None, None, None, a, b, tahap))
        elif kind == 1:
            out.append(Filter(prov, None, None, None, a, b, tahap))
        elif kind == 2:
            out.append(
                Filter(prov, kab, None, None, a, b, tahap) if kab else Filter(prov, None, inst, None, a, b, tahap)
            )
        else:
            out.append(Filter(prov, kab, inst, code, a, b, tahap))
    return out


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.pages", description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--selections", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--check", action="store_true", help="compare every answer with the naive baseline")
    ap.add_argument("--browser", action="store_true", help="also: peak RSS of streamlit after every page")
    args = ap.parse_args(argv)
    con = db.connect(args.db)
    sizes = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
        for t in ("units", "lke_submissions", "lke_answers")
    }
    print(
        f"database {args.db}: {sizes['units']} units, {sizes['lke_submissions']} submissions, "
        f"{sizes['lke_answers']} answer rows"
    )
    sels = selections(con, args.selections, args.seed)
    t = time.perf_counter()
    naive = Naive(con)
    print(f"naive baseline: tables loaded into pandas once in {time.perf_counter() - t:.1f} s (not counted)")
    every = {**PAGES, **EXTRA}
    ours_ms: dict[str, list[float]] = {p: [] for p in every}
    naive_ms: dict[str, list[float]] = {p: [] for p in every}
    problems: list[str] = []
    for f in sels[:4]:  # warm both paths up (imports, first query plans); not timed
        for page in every:
            with db.cursor(con) as cur:
                every[page](cur, f)
            NAIVE[page](naive, f)
    for f in sels:
        for page in every:
            t = time.perf_counter()
            with db.cursor(con) as cur:  # a cursor per page run, as ui does per query
                got = every[page](cur, f)
            ours_ms[page].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            ref = NAIVE[page](naive, f)
            naive_ms[page].append((time.perf_counter() - t) * 1000)
            if args.check:
                problems += compare(got, ref, page, f)
    print(f"\n{len(sels)} selections (national, provinsi, kab/kota, OPD; random years and stages), ms per page:")
    print(
        f"{'page':<20} {'ours p50':>9} {'ours p95':>9} {'naive p50':>10} {'naive p95':>10} {'ratio p50':>10} "
        f"{'ratio p95':>10}"
    )
    checks: list[tuple[bool, str]] = []
    for page in every:
        o50, o95 = pct(ours_ms[page], 50), pct(ours_ms[page], 95)
        n50, n95 = pct(naive_ms[page], 50), pct(naive_ms[page], 95)
        if page in EXTRA and page == next(iter(EXTRA)):
            print("outside the targets (cached per filter or per session in the app):")
        print(f"{page:<20} {o50:9.1f} {o95:9.1f} {n50:10.1f} {n95:10.1f} {n50 / o50:9.1f}x {n95 / o95:9.1f}x")
        if page in AGGREGATING:
            checks.append((n95 / o95 >= 5, f"{page}: >= 5x naive at p95 ({n95 / o95:.1f}x)"))
        elif page in PAGES:
            checks.append((o95 < 50, f"{page}: p95 < 50 ms ({o95:.1f} ms)"))
    print("targets (issue 22 §4):")
    for ok, text in checks:
        print(f"{'PASS' if ok else 'FAIL'} {text}")
    if args.check:
        print(f"answers compared with the naive baseline: {len(problems)} differences")
        for p in problems[:20]:
            print("  " + p)
    con.close()
    if args.browser:
        from benchmarks.load import rss_after_every_page

        peak, pages = rss_after_every_page(Path(args.db))
        print(
            f"streamlit run, every page visited nationally in headless Chromium ({', '.join(pages)}): "
            f"peak RSS {peak / 1024:.0f} MiB (one session; the 1 GB target: benchmarks.serve --memory 50)"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
