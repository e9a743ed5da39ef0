"""Bulk ingest jobs and the scoring worker side: what a folder holds, and scoring one file of it.

Imports nothing of the database (no DuckDB, pyarrow or pandas): the worker processes need only this
module and what scoring needs, so they start in a fraction of the time.
"""

from __future__ import annotations

import csv
import math
import multiprocessing as mp
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from loaders import sandbox
from loaders.lke import identity
from loaders.prepare import Prepared, prepare
from pantauzi.core.problems import WorkbookRejected

EXTENSIONS = (".xlsx", ".xlsm")


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
    """'Kode Unit' / 'Tahun' / 'Tahap' label-value pairs in the first rows of the first three sheets
    (loaders.lke.identity: streamed, nothing materialised; a damaged file states nothing)."""
    return {k: s.value for k, s in identity.stated(path).items()}


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


Outcome = list[Prepared] | Row  # a scored file's stages, or its 'rejected' row

_worker = False  # this process is an ingest-dir scoring worker (capped by warm_up)


def score_job(job: Job) -> Outcome:
    """Worker side: score one file (no database). A refusal becomes a 'rejected' row. In a worker the
    time cap is SIGALRM's default action: the worker dies, the parent refuses that file (Scorer)."""
    if job.unit is None or job.year is None:  # the run refuses such jobs before scoring; never guess
        return _rejected(job, sandbox.refusal(job.rel, "kode unit/tahun tidak diketahui"))
    if _worker:
        signal.alarm(math.ceil(sandbox.seconds()))
    try:
        return prepare(
            job.path, job.unit, job.year, job.stage, label=job.rel, keep_result=False, holds_wbk=job.holds_wbk
        )
    except WorkbookRejected as exc:
        return _rejected(job, exc)
    except Exception as exc:  # any reader error type: the file is refused, the run goes on
        return _rejected(job, sandbox.refusal(job.rel, f"workbook tidak dapat dibaca ({type(exc).__name__})"))
    finally:
        if _worker:
            signal.alarm(0)


def score_jobs(jobs: list[Job]) -> list[Outcome]:
    """Worker side: a chunk of jobs in one message (as ProcessPoolExecutor.map(chunksize) did)."""
    return [score_job(j) for j in jobs]


CHUNK = 4
Pending = dict[int, tuple["Future[list[Outcome]]", int]]  # job index -> (its chunk's future, place in it)


def score_isolated(job: Job) -> Outcome:
    """Score one job alone in a capped child process (after it was in flight in a worker that died)."""
    try:
        return sandbox.run(score_job, job, label=job.rel)
    except WorkbookRejected as exc:
        return _rejected(job, exc)


def _rejected(job: Job, exc: WorkbookRejected) -> Row:
    first = exc.problems[0].render() if exc.problems else str(exc)
    more = f" (+{len(exc.problems) - 1} kesalahan lain)" if len(exc.problems) > 1 else ""
    return Row(job.rel, "rejected", job.unit or "", job.year, job.stage or "", reason=first + more)


def warm_up() -> None:
    """Worker initializer: cap the worker's memory (loaders.sandbox), take SIGALRM's default action
    (the time cap), load the reference data and label anchors before the first file arrives."""
    global _worker
    from loaders import lke

    _worker = True
    sandbox.limit_this_process()
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    lke.load_reference()


_plain_main = sandbox.plain_main


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
    """A run's scoring processes (None: score each file in a capped child process), and the files
    given to them before the database was read. A worker that dies (a native abort, the memory or
    time cap) breaks the pool: the file it held is scored again alone in a capped child, which
    refuses it with the reason, and a new pool takes the rest."""

    pool: ProcessPoolExecutor | None
    ahead: dict[int, Future[list[Outcome]]] = field(default_factory=dict)
    workers: int | None = None
    fork: bool = False
    restarts: int = 0

    def score_ahead(self, jobs: list[Job], n: int) -> None:
        """Start on the first `n` jobs now: the workers are idle until the caller has imported DuckDB
        and read the database, and nearly every file of a folder needs scoring. A job that turns out
        not to (already stored, unknown unit) costs one wasted scoring at most."""
        if self.pool:
            self.ahead = {i: self.pool.submit(score_jobs, [j]) for i, j in enumerate(jobs[:n]) if not j.refused}

    def results(self, todo: list[tuple[int, Job]]) -> Iterator[list[Prepared] | Row]:
        """Each job's prepared stages or its 'rejected' row, in `todo` order ((job index, job) pairs)."""
        wanted = {i for i, _ in todo}
        for i, f in self.ahead.items():
            if i not in wanted:
                f.cancel()  # settled without scoring after all
        if self.pool is None:
            for _, job in todo:
                yield score_job(job)
            return
        futures = {i: (f, 0) for i, f in self.ahead.items() if i in wanted}
        self._submit(todo, futures)
        for n, (i, job) in enumerate(todo):
            f, k = futures.pop(i)
            try:
                res = f.result()[k]
            except BrokenProcessPool:
                res = score_isolated(job)
                self._restart(todo[n + 1 :], futures)
            yield res

    def _submit(self, todo: list[tuple[int, Job]], futures: Pending) -> None:
        """The jobs not yet given to the pool, in chunks of CHUNK (fewer messages between processes)."""
        assert self.pool is not None
        rest = [(i, job) for i, job in todo if i not in futures]
        with _plain_main():  # in case the executor replaces a worker
            for at in range(0, len(rest), CHUNK):
                chunk = rest[at : at + CHUNK]
                f = self.pool.submit(score_jobs, [job for _, job in chunk])
                for k, (i, _) in enumerate(chunk):
                    futures[i] = (f, k)

    def _restart(self, rest: list[tuple[int, Job]], futures: Pending) -> None:
        """A new pool for the jobs whose futures the broken pool failed."""
        assert self.pool is not None
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.restarts += 1
        for i, _ in rest:
            f = futures.get(i, (None, 0))[0]
            if f is not None and not (f.done() and not f.cancelled() and f.exception() is None):
                del futures[i]
        self.pool = start_pool(len(rest) + 9, self.workers, self.fork and "duckdb" not in sys.modules)
        if self.pool is None:  # cannot happen with len+9 files unless one worker: score in children
            for i, job in rest:
                if i not in futures:
                    futures[i] = (_done([score_isolated(job)]), 0)
            return
        self._submit(rest, futures)


def _done(value: list[Outcome]) -> Future[list[Outcome]]:
    f: Future[list[Outcome]] = Future()
    f.set_result(value)
    return f


@contextmanager
def planned(
    folder: Path, workers: int | None = None, manifest_only: bool = False, fork: bool = False, ahead: int = 0
) -> Iterator[tuple[list[Job], Scorer]]:
    """Plan the folder and start its scoring processes at once (and on its first `ahead` files): they
    start up while the caller imports DuckDB, opens the database and checks what it already holds."""
    jobs = plan(folder, manifest_only)
    scorer = Scorer(start_pool(len(jobs), workers, fork), workers=workers, fork=fork)
    scorer.score_ahead(jobs, ahead)
    try:
        yield jobs, scorer
    finally:
        if scorer.pool:
            scorer.pool.shutdown(cancel_futures=True)
