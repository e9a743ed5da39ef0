"""Simulasi benchmark: the time to compute a plan (pantauzi.core.simulation.plan, as the page's page data
calls it) for every current submission of the demo database, both targets.

    .venv/bin/python -m benchmarks.simulation [--db data/pantauzi.duckdb] [--repeat 1] [--limit N]

Prints p50/p95/max in milliseconds over all (submission, target) pairs, the methods used, and checks
that every plan it computed makes the scorer's readiness reach the target (with the survey items at
the values the plan names). The answers are read once before timing; only planning is timed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter

from pantauzi.core import refdata, simulation
from pantauzi.core.vocab import Predicate
from pantauzi.store import db, simulation_queries


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="data/pantauzi.duckdb")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None, help="only the first N submissions (a smoke run)")
    args = ap.parse_args(argv)
    ms = {m.key: m for m in refdata.methodologies()}
    with db.connect(args.db, read_only=True) as cur:
        subs = simulation_queries.current_submissions(cur, args.limit)
        cases = []
        for sid, mk, unit, year in subs:
            ans = simulation_queries.answers(cur, int(sid))
            values: dict[int, float | None] = {q.id: None for q in ms[mk].questions}
            values.update({int(q): (None if v != v else float(v)) for q, v in zip(ans["question_id"], ans["value"])})
            cases.append((ms[mk], values, simulation_queries.holds_wbk(cur, unit, int(year))))
    times: list[float] = []
    methods: Counter[str] = Counter()
    invalid = 0
    targets: tuple[Predicate, ...] = ("wbk", "wbbm")
    for _ in range(args.repeat):
        for m, values, holds in cases:
            for target in targets:
                t = time.perf_counter()
                p = simulation.plan(m, values, target, holds)
                times.append((time.perf_counter() - t) * 1000)
                methods[p.method] += 1
                if (
                    p.rows
                    and not simulation.evaluate(
                        m, simulation.apply(p, {r.qid: r.value for r in p.rows}), target, holds
                    ).meets
                ):
                    invalid += 1
    print(f"{len(cases)} submissions x {len(targets)} targets x {args.repeat}: {len(times)} plans")
    print(
        f"plan time ms: p50 {percentile(times, 0.5):.1f}  p95 {percentile(times, 0.95):.1f}  "
        f"max {max(times):.1f}  mean {statistics.mean(times):.1f}"
    )
    print("methods: " + ", ".join(f"{k} {v}" for k, v in sorted(methods.items())))
    print(f"plans not reaching their target by the scorer: {invalid}")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
