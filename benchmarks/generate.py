"""A synthetic national PantauZI database, written through the loaders' own storage path.

    .venv/bin/python -m benchmarks.generate --units 25000 --years 2019-2025 --db /tmp/national.duckdb
    (--db postgresql://... fills an empty PostgreSQL database instead)

38 provinsi and 514 kab/kota (benchmarks/regions.py), pemda OPDs and vertical units (kejati/kejari,
kanwil, KPP, polres, pengadilan …), each unit evaluated every year from its (synthetic) pencanangan:
a self-assessment, usually a TPI review, sometimes a TPN review. Answers come from
``pantauzi.workbooks.lke_demo.answers_for`` (a latent maturity per unit and year), scores from ``pantauzi.scoring``
in worker processes, and every submission is stored by ``loaders.ingest.store`` in batched
transactions, so the derived tables (sub-area/node, area, total, readiness) are exactly what an
upload would write. No workbook exists: each submission stores a ~100-byte text placeholder instead
of the 70 KB xlsx (the version list's download returns that text). Units are marked ``is_demo`` so
the app shows its "Data contoh" banner.

Every pemda (provinsi, kabupaten, kota) also gets Ombudsman RI ratings for each assessed year (its
service OPDs too) and KPK MCP scores for each year's own areas: written as PantauZI's own CSV templates
and loaded by ``loaders.ratings.ingest_ratings``, validation and all, as an uploaded file would be.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from benchmarks.regions import Unit, pick_units, regions
from loaders.ingest import store
from loaders.lke import Answer, LkeResult
from loaders.prepare import Prepared, flatten
from loaders.ratings import ingest_ratings
from loaders.reference_tables import upsert
from pantauzi.core import ratings, refdata, scoring
from pantauzi.store import db
from pantauzi.workbooks import lke_demo, lke_template, ratings_demo
from pantauzi.workbooks.rating_template import COLUMNS

LOADED_BY = "generator"
TPI_SHARE = 0.9  # most unit-years get a TPI review
TPN_SHARE = 0.35  # TPN reviews units the TPI found close to WBK
INCOMPLETE_SHARE = 0.01
PEMDA_KINDS = ("pemprov", "pemkab", "pemkot")
OMBUDSMAN_OPD = ("DPMPTSP", "DUKCAPIL", "DINKES", "RSUD")  # service units the Ombudsman rates on their own
NOT_IN_SAMPLE = 0.03  # a pemda outside a year's Ombudsman sample: 'tidak dinilai', never 0


def _evidence(unit: str, year: int, qid: int) -> tuple[str, str | None]:
    """The unit's evidence text and link for one answer, or ('', None): a share of 50-99 % per unit-year,
    from a checksum (no random draw, so the generated answers and scores stay as they were); every
    third evidence has an https link. The TPI stage shows the unit's own evidence."""
    h = zlib.crc32(f"{unit}-{year}".encode())
    if ((h >> 3) + qid * 37) % 100 >= 50 + h % 50:
        return "", None
    link = f"https://bukti.example.invalid/{unit}/{year}/{qid}" if qid % 3 == 0 else None
    return f"Dokumen bukti dukung butir {qid}", link


def _answers(
    m: refdata.Methodology, raw: dict, unit: str = "", year: int = 0
) -> tuple[tuple[Answer, ...], dict[int, float | None]]:
    values = lke_template.normalized_values(m, raw)
    out = []
    for q in m.questions:
        evidence, link = _evidence(unit, year, q.id) if raw.get(q.id) is not None else ("", None)
        out.append(Answer(q.id, f"K{q.legacy_row}", raw.get(q.id), values[q.id], "", evidence, link=link))
    return tuple(out), values


def _stage(unit: str, year: int, stage: str, raw: dict, seed: int) -> Prepared:
    """Score one stage's answers and flatten them exactly as the loader flattens a workbook."""
    m = refdata.for_layout("legacy")  # what the loader uses for every legacy workbook, whatever the year
    answers, values = _answers(m, raw, unit, year)
    s = scoring.score(m, values)
    file = f"sintetis/{unit}/{year}-{stage}.txt"
    content = (
        f"PantauZI synthetic submission {unit} {year} {stage} (benchmarks.generate, seed {seed}); "
        f"answers {hashlib.sha256(repr(sorted(raw.items())).encode()).hexdigest()[:16]}\n"
    ).encode()
    warnings = tuple(p for p in s.problems if p.severity == "warning")
    res = LkeResult(file, "LKE ZI", "legacy", stage, m, s, answers, None, (), warnings)
    return flatten(res, unit, year, hashlib.sha256(content).hexdigest(), content, keep_result=False)


def _choice_leaves(m: refdata.Methodology) -> list[str]:
    """Sub-areas answered by choices only (the counts behind % items stay: the TPI review needs them)."""
    return [
        n.id
        for n in m.nodes
        if n.level == "sub_area"
        and m.questions_of(n.id)
        and not m.percent_items_of(n.id)
        and all(q.type != "JUMLAH" for q in m.questions_of(n.id))
    ]


def unit_history(job: tuple[Unit, int, int, int, int]) -> tuple[list[Prepared], list[tuple]]:
    """Worker: every stage of every year of one unit, and its ZI milestones (pencanangan, WBK, WBBM)."""
    u, start, first, last, seed = job
    rng = random.Random(f"{seed}-{u.code}")
    m = refdata.for_layout("legacy")
    traits = lke_demo.traits_for(rng, m)
    base = min(0.85, max(0.15, rng.gauss(0.42 + u.bias, 0.12)))
    growth = rng.uniform(0.0, 0.07)
    items: list[Prepared] = []
    milestones = [(u.code, "pencanangan", start, None, "sintetis", LOADED_BY)]
    wbk = wbbm = None
    for year in range(max(start, first), last + 1):
        maturity = min(0.98, max(0.05, base + growth * (year - start) + rng.gauss(0, 0.03)))
        own = lke_demo.answers_for(rng, maturity, traits)
        if rng.random() < INCOMPLETE_SHARE:  # a sub-area left empty: stored, never recommended
            leaf = rng.choice(_choice_leaves(m))
            own = {q: v for q, v in own.items() if m.question(q).node != leaf}
        items.append(_stage(u.code, year, "self", own, seed))
        if rng.random() >= TPI_SHARE:
            continue
        tpi = lke_demo.tpi_review(rng, own)
        items.append(_stage(u.code, year, "tpi", tpi, seed))
        if items[-1].total < 70 or rng.random() >= TPN_SHARE:
            continue
        items.append(_stage(u.code, year, "tpn", lke_demo.tpi_review(rng, tpi, 0.06), seed))
        holds = wbk is not None and wbk < year
        level = items[-1].readiness[holds][0]
        if wbk is None and level in ("wbk", "wbbm"):
            wbk = year
            milestones.append((u.code, "wbk", year, None, "sintetis: TPN", LOADED_BY))
        elif holds and wbbm is None and level == "wbbm":
            wbbm = year
            milestones.append((u.code, "wbbm", year, None, "sintetis: TPN", LOADED_BY))
    return items, milestones


def _reference(con, inst: list[tuple], units: list[Unit]) -> None:
    regs = pd.DataFrame(regions(), columns=["code", "name", "level", "parent_code"])
    with db.transaction(con) as cur:
        upsert(cur, "regions", regs)
        upsert(cur, "instansi", pd.DataFrame(inst, columns=["code", "name", "kind", "region_code"]))
        upsert(
            cur,
            "units",
            pd.DataFrame(
                {
                    "code": [u.code for u in units],
                    "name": [u.name for u in units],
                    "instansi_code": [u.instansi for u in units],
                    "region_code": [u.region for u in units],
                    "unit_type": [u.unit_type for u in units],
                    "is_demo": [True] * len(units),
                }
            ),
        )


def _flush(con, items: list[Prepared], milestones: list[tuple]) -> None:
    """One transaction: the batch's milestones (readiness reads them), then every submission via store."""
    if not items:
        return
    ms = pd.DataFrame(milestones, columns=["unit_code", "kind", "year", "date", "note", "source"])
    ms["date"] = pd.to_datetime(ms["date"]).dt.date
    with db.transaction(con) as cur:
        upsert(cur, "zi_milestones", ms)
        store(cur, items, LOADED_BY)
    items.clear()
    milestones.clear()


def _rating_rows(
    inst: list[tuple], units: list[Unit], first: int, last: int, seed: int
) -> tuple[list[dict], list[dict]]:
    """Template rows: Ombudsman for every pemda and its service OPDs, MCP for every pemda."""
    rng = random.Random(f"{seed}-ratings")
    pemda = sorted({region for _, _, kind, region in inst if kind in PEMDA_KINDS})
    service: dict[str, list[str]] = {}
    for u in units:
        if u.instansi.split("-")[0] in PEMDA_KINDS and u.code.split("-", 1)[1] in OMBUDSMAN_OPD:
            service.setdefault(u.region, []).append(u.code)
    omb_years = [y for y in range(first, last + 1) if ratings.ombudsman_method(y)]
    omb: list[dict] = []
    for code in pemda:
        base, trend = rng.uniform(45, 88), rng.uniform(0.0, 2.5)
        for year in omb_years:
            if rng.random() < NOT_IN_SAMPLE:
                continue
            score = round(min(99.5, max(20, base + (year - first) * trend + rng.gauss(0, 4))), 2)
            omb += ratings_demo.ombudsman_synthetic("pemda", code, "", year, score, rng)
        for unit in service.get(code, []):
            start = base + rng.gauss(0, 8)
            for year in (y for y in omb_years if y >= 2021):  # OPD opini: from the 2021 methodology on
                score = round(min(99, max(15, start + (year - 2021) * rng.uniform(0, 4) + rng.gauss(0, 5))), 2)
                omb += ratings_demo.ombudsman_synthetic("opd", code, unit, year, score, rng)
    mcp_years = [y for y in range(first, last + 1) if ratings.mcp_areas(y)]
    mcp = [row for code in pemda for row in ratings_demo.mcp_synthetic(code, mcp_years, rng)]
    return omb, mcp


def _ratings(con, inst: list[tuple], units: list[Unit], first: int, last: int, seed: int) -> None:
    """Load the synthetic ratings through the ratings loader, as CSV files in PantauZI's lke_template."""
    omb, mcp = _rating_rows(inst, units, first, last, seed)
    with tempfile.TemporaryDirectory() as tmp:
        for kind, rows in (("ombudsman", omb), ("mcp", mcp)):
            path = Path(tmp) / f"sintetis-{kind}.csv"
            with open(path, "w", newline="", encoding="utf-8") as fh:
                w = csv.DictWriter(fh, fieldnames=COLUMNS[kind], extrasaction="ignore")
                w.writeheader()
                w.writerows(rows)
            ingest_ratings(con, kind, path, loaded_by=LOADED_BY)


def generate(
    path: Path, n_units: int, first: int, last: int, seed: int, workers: int, batch: int, progress: bool = True
) -> dict[str, int]:
    """Build the database at `path` (replacing it once complete); -> row counts.
    A postgresql:// URL is filled in place, and only when it holds no units yet."""
    url = db.is_url(path)
    tmp = path if url else path.with_name(path.name + ".building")
    for p in () if url else (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    con = db.connect(tmp)
    if url and con.execute("SELECT count(*) FROM units").fetchall()[0][0]:
        con.close()
        raise SystemExit(f"{db.describe(path)} already holds units: generate into an empty database")
    inst, units = pick_units(n_units, seed)
    _reference(con, inst, units)
    rng = random.Random(f"{seed}-start")
    # ZI declarations spread over the years; vertical agencies tend to start earlier
    jobs = [
        (u, rng.choice(range(first - 2, last)) - (1 if u.bias > 0 and rng.random() < 0.5 else 0), first, last, seed)
        for u in units
    ]
    pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) if workers > 1 else None
    items: list[Prepared] = []
    milestones: list[tuple] = []
    try:
        results = pool.map(unit_history, jobs, chunksize=16) if pool else map(unit_history, jobs)
        with tqdm(total=len(jobs), desc="Unit sintetis", unit="unit", file=sys.stderr, disable=not progress) as bar:
            for got, ms in results:
                items += got
                milestones += ms
                if len(items) >= batch:
                    _flush(con, items, milestones)
                bar.update(1)
        _flush(con, items, milestones)
    finally:
        if pool:
            pool.shutdown()
    t = time.perf_counter()
    _ratings(con, inst, units, first, last, seed)
    if progress:
        print(f"Ombudsman RI and KPK MCP of every pemda loaded in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    con.execute("CHECKPOINT")
    counts = {
        t: int(con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0])
        for t in (
            "regions",
            "instansi",
            "units",
            "lke_submissions",
            "lke_answers",
            "lke_node_scores",
            "lke_area_scores",
            "lke_readiness",
            "zi_milestones",
            "ombudsman_ratings",
            "mcp_scores",
        )
    }
    con.close()
    if not url:
        tmp.replace(path)
        Path(str(path) + ".wal").unlink(missing_ok=True)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n")[0])
    ap.add_argument("--units", type=int, default=25000)
    ap.add_argument("--years", default="2019-2025", help="first-last evaluation year")
    ap.add_argument("--db", required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 4))
    ap.add_argument("--batch", type=int, default=3000, help="submissions per transaction")
    ap.add_argument("--no-progress", action="store_true")
    args = ap.parse_args(argv)
    first, last = (int(y) for y in args.years.split("-"))
    started = time.perf_counter()
    counts = generate(
        args.db if db.is_url(args.db) else Path(args.db),
        args.units,
        first,
        last,
        args.seed,
        args.workers,
        args.batch,
        not args.no_progress,
    )
    size = db.size_bytes(args.db) / 2**20
    print(
        f"{counts['units']} units, {counts['lke_submissions']} submissions, {counts['lke_answers']} answers, "
        f"{counts['lke_node_scores']} node scores, {counts['lke_readiness']} readiness rows in "
        f"{time.perf_counter() - started:.0f} s -> {args.db} ({size:.0f} MiB)"
    )
    print(", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
