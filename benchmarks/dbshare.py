"""What holding the DuckDB file only while a query runs (pantauzi.store.db.Store) costs a page.

    .venv/bin/python -m benchmarks.dbshare --db data/pantauzi.duckdb [--repeat 5]

Two measurements, each with the connection held for the process (the app before: one connection
for the process's life) and opened per use (now: the file is free between two reads for a loader
or a report process):
- one query (the data version every page rerun asks first): held cursor vs open, query, close;
- every chart page through AppTest from dashboard.py: a cold run (empty st.cache_data: every read
  goes to the database) and a warm rerun (cached reads: only the data version is read).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from pantauzi.core import config
from pantauzi.store import db, lookups

APP = str(config.ROOT / "dashboard.py")
PAGES = ["ringkasan", "area_perubahan", "ombudsman", "mcp", "profil_opd"]


class HeldStore(db.Store):
    """The app as before: the file opened once and kept open."""

    def _close_if_unused(self) -> None:
        pass


def one_query(path: str, n: int) -> tuple[float, float]:
    con = db.connect(path, read_only=True)
    for _ in range(3):
        lookups.data_version(con.cursor())
    t = time.perf_counter()
    for _ in range(n):
        with db.cursor(con) as cur:
            lookups.data_version(cur)
    held = (time.perf_counter() - t) / n * 1000
    con.close()
    store = db.Store(path)
    with store.use() as cur:
        lookups.data_version(cur)
    t = time.perf_counter()
    for _ in range(n):
        with store.use() as cur:
            lookups.data_version(cur)
    return held, (time.perf_counter() - t) / n * 1000


def pages(path: str, repeat: int, held: bool) -> dict[str, tuple[float, float, int]]:
    """page -> (cold ms, warm ms, opens per cold run), medians over `repeat` runs."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import ui.data

    out: dict[str, tuple[float, float, int]] = {}
    for page in PAGES:
        cold: list[float] = []
        warm: list[float] = []
        opens: list[int] = []
        for _ in range(repeat + 1):
            st.cache_data.clear()
            store = HeldStore(path) if held else db.Store(path)
            ui.data._store = lambda target, store=store: store  # type: ignore[assignment]
            at = AppTest.from_file(APP, default_timeout=300)
            at.run()  # the default page (and the sidebar's reads)
            st.cache_data.clear()
            before = store.opens
            t = time.perf_counter()
            at.switch_page(f"app_pages/{page}.py").run()
            cold.append((time.perf_counter() - t) * 1000)
            opens.append(store.opens - before)
            t = time.perf_counter()
            at.run()
            warm.append((time.perf_counter() - t) * 1000)
            assert not at.exception, [e.message for e in at.exception]
        # the first round warms imports up: not counted
        out[page] = (statistics.median(cold[1:]), statistics.median(warm[1:]), int(statistics.median(opens[1:])))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.dbshare", description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args(argv)
    import os

    os.environ["PANTAUZI_DB"] = str(Path(args.db).resolve())
    os.environ.pop("PANTAUZI_DATABASE_URL", None)
    held, opened = one_query(args.db, args.queries)
    print(f"{args.db} ({Path(args.db).stat().st_size / 2**20:.0f} MiB)")
    print(f"one query (data version): held {held:.2f} ms, open+query+close {opened:.2f} ms")
    a = pages(args.db, args.repeat, held=True)
    b = pages(args.db, args.repeat, held=False)
    print(f"{'page':<16} {'cold held':>10} {'cold open':>10} {'opens':>6} {'warm held':>10} {'warm open':>10}")
    for page in PAGES:
        print(f"{page:<16} {a[page][0]:10.0f} {b[page][0]:10.0f} {b[page][2]:6d} {a[page][1]:10.0f} {b[page][1]:10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
