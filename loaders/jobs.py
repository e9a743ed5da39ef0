"""Bulk ingest jobs and the scoring worker side: what a folder holds, and scoring one file of it.

Imports nothing of the database (no DuckDB, pyarrow or pandas): the worker processes need only this
module and what scoring needs, so they start in a fraction of the time.
"""

from __future__ import annotations

import csv
import multiprocessing as mp
import os
import re
import sys
import threading
import types
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from loaders.prepare import Prepared, prepare
from loaders.workbook import open_workbook
from pantauzi.core.problems import WorkbookRejected

EXTENSIONS = (".xlsx", ".xlsm")
META_LABELS = {
    "kode unit": "unit",
    "unit": "unit",
    "tahun": "year",
    "tahun penilaian": "year",
    "tahap": "stage",
    "tahap penilaian": "stage",
}


@dataclass(frozen=True)
class Job:
    path: Path
    rel: str
    unit: str | None
    year: int | None
    stage: str | None
    holds_wbk: bool | None = None  # filled from the milestones before scoring
    refused: str | None = None  # why the file is not read at all (it lies outside the folder)


@dataclass(frozen=True)
class Row:
    file: str
    status: str  # loaded | unchanged | replaced | rejected
    unit: str = ""
    year: int | None = None
    stage: str = ""
    total: float | None = None
    reason: str = ""


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / "manifest.csv"
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    missing = {"file", "unit", "year"} - set(rows[0] if rows else {"file", "unit", "year"})
    if missing:
        raise ValueError(f"manifest.csv tidak memiliki kolom {', '.join(sorted(missing))}")
    return {Path(r["file"]).as_posix(): r for r in rows}


def workbook_metadata(path: Path) -> dict[str, str]:
    """'Kode Unit' / 'Tahun' / 'Tahap' label-value pairs in the first rows of any sheet."""
    found: dict[str, str] = {}
    try:
        wb = open_workbook(path)
        for name in wb.sheet_names[:3]:
            for row in wb.rows(name)[:8]:
                for label, value in zip(row, row[1:]):
                    key = META_LABELS.get(re.sub(r"[\s:]+", " ", str(label)).strip().lower())
                    if key and value not in (None, "") and key not in found:
                        found[key] = str(int(value) if isinstance(value, float) else value).strip()
    except WorkbookRejected:
        return {}
    return found


OUTSIDE_LINK = "tautan simbolik ini menunjuk ke luar folder yang dimuat ({target}); berkas tidak dibaca"
OUTSIDE_ROW = "baris manifest.csv ini menunjuk ke luar folder yang dimuat ({target}); berkas tidak dibaca"


def _outside(root: Path, path: Path) -> Path | None:
    """Where `path` really is, when that is outside `root` (a resolved folder); else None."""
    real = path.resolve()
    return None if real.is_relative_to(root) else real


def plan(folder: Path, manifest_only: bool = False) -> list[Job]:
    """The folder's workbooks (recursively) and the manifest's rows, as jobs. A symlink, or a manifest
    row, that leads outside the folder becomes a refused job: nothing outside the folder is read."""
    manifest = read_manifest(folder)
    root = folder.resolve()
    jobs: list[Job] = []
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in EXTENSIONS
        and p.is_file()
        and (not manifest_only or p.relative_to(folder).as_posix() in manifest)
    )
    for p in files:
        rel = p.relative_to(folder).as_posix()
        real = _outside(root, p)
        if real is not None:
            row = manifest.get(rel, {})
            jobs.append(Job(p, rel, row.get("unit") or None, None, None, refused=OUTSIDE_LINK.format(target=real)))
            continue
        meta = manifest.get(rel) or workbook_metadata(p)
        year = meta.get("year")
        jobs.append(
            Job(
                p,
                rel,
                meta.get("unit") or None,
                int(year) if year and str(year).strip().isdigit() else None,
                (meta.get("stage") or None),
            )
        )
    listed = {j.rel for j in jobs}
    for rel, r in manifest.items():
        if rel not in listed:
            real = _outside(root, folder / rel)
            refused = OUTSIDE_ROW.format(target=real) if real is not None else None
            jobs.append(Job(folder / rel, rel, r.get("unit"), None, None, refused=refused))
    return jobs


def score_job(job: Job) -> list[Prepared] | Row:
    """Worker side: score one file (no database). A refusal becomes a 'rejected' row."""
    try:
        return prepare(
            job.path, job.unit, job.year, job.stage, label=job.rel, keep_result=False, holds_wbk=job.holds_wbk
        )
    except WorkbookRejected as exc:
        return _rejected(job, exc)


def _rejected(job: Job, exc: WorkbookRejected) -> Row:
    first = exc.problems[0].render() if exc.problems else str(exc)
    more = f" (+{len(exc.problems) - 1} kesalahan lain)" if len(exc.problems) > 1 else ""
    return Row(job.rel, "rejected", job.unit or "", job.year, job.stage or "", reason=first + more)


def warm_up() -> None:
    """Worker initializer: load the reference data and label anchors before the first file arrives."""
    from loaders import lke

    lke.load_reference()


@contextmanager
def _plain_main() -> Iterator[None]:
    """Start spawned workers without re-running the parent's main script in them: under Streamlit
    (or AppTest) `__main__` is the page script, which a spawned child would execute again."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def start_pool(files: int, workers: int | None = None, fork: bool = False) -> ProcessPoolExecutor | None:
    """Scoring processes for a folder of `files` workbooks, started now (None: one process is enough).
    `fork`: the caller has not imported DuckDB yet (the command line), so the workers may be forked,
    inheriting the loaded modules instead of starting a new interpreter each."""
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers <= 1 or files <= 8:
        return None
    # spawn unless told otherwise: the parent holds (or will hold) DuckDB's threads and locks
    method = "fork" if fork and "duckdb" not in sys.modules and threading.active_count() == 1 else "spawn"
    pool = ProcessPoolExecutor(workers, mp_context=mp.get_context(method), initializer=warm_up)
    with _plain_main():
        for _ in range(workers):  # the executor starts a process per submitted task while none is idle
            pool.submit(int)
    return pool


@dataclass
class Scorer:
    """A run's scoring processes (None: score in this process), and the files given to them before
    the database was read."""

    pool: ProcessPoolExecutor | None
    ahead: dict[int, Future] = field(default_factory=dict)

    def score_ahead(self, jobs: list[Job], n: int) -> None:
        """Start on the first `n` jobs now: the workers are idle until the caller has imported DuckDB
        and read the database, and nearly every file of a folder needs scoring. A job that turns out
        not to (already stored, unknown unit) costs one wasted scoring at most."""
        if self.pool:
            self.ahead = {i: self.pool.submit(score_job, j) for i, j in enumerate(jobs[:n]) if not j.refused}

    def results(self, todo: list[tuple[int, Job]]) -> Iterator[list[Prepared] | Row]:
        """Each job's prepared stages or its 'rejected' row, in `todo` order ((job index, job) pairs)."""
        wanted = {i for i, _ in todo}
        for i, f in self.ahead.items():
            if i not in wanted:
                f.cancel()  # settled without scoring after all
        rest = [j for i, j in todo if i not in self.ahead]
        if self.pool is None:
            later: Iterator = map(score_job, rest)
        else:
            with _plain_main():  # in case the executor replaces a worker
                later = self.pool.map(score_job, rest, chunksize=4)
        for i, _ in todo:
            yield self.ahead[i].result() if i in self.ahead else next(later)


@contextmanager
def planned(
    folder: Path, workers: int | None = None, manifest_only: bool = False, fork: bool = False, ahead: int = 0
) -> Iterator[tuple[list[Job], Scorer]]:
    """Plan the folder and start its scoring processes at once (and on its first `ahead` files): they
    start up while the caller imports DuckDB, opens the database and checks what it already holds."""
    jobs = plan(folder, manifest_only)
    scorer = Scorer(start_pool(len(jobs), workers, fork))
    scorer.score_ahead(jobs, ahead)
    try:
        yield jobs, scorer
    finally:
        if scorer.pool:
            scorer.pool.shutdown(cancel_futures=True)
