"""Bulk ingest of a folder of LKE workbooks: manifest or workbook metadata, continue past bad files."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
from tqdm import tqdm

from loaders.jobs import Job, Row, Scorer, planned
from loaders.prepare import STAGES, Prepared, sha256_of, target_problem
from pantauzi.core.problems import CellProblem
from pantauzi.store import db
from pantauzi.store.wbk import first_wbk as read_first_wbk

# a connection held for the whole run, or a db.Store opened per batch: then the file is free between
# batches, for the app's page reads and a report (DuckDB lets one process write, or several read)
Target = duckdb.DuckDBPyConnection | db.Store


@contextmanager
def _session(con: Target, write: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    if isinstance(con, db.Store):
        with con.use(write) as cur:
            yield cur
    else:
        yield con


@dataclass
class Known:
    """What the database already holds, read once per run: units, and the files of current versions."""

    units: dict[str, tuple[int | None, int | None]]  # code -> (valid_from, valid_to)
    current: dict[tuple[str, int, str], list[tuple[str, float]]]  # (unit, year, sha256) -> [(stage, total)]
    first_wbk: dict[str, int]  # unit -> year of its first WBK predicate
    unit_years: set[tuple[str, int]]  # (unit, year) with a current version

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> Known:
        units = {r[0]: (r[1], r[2]) for r in con.execute("SELECT code, valid_from, valid_to FROM units").fetchall()}
        current: dict[tuple[str, int, str], list[tuple[str, float]]] = {}
        for unit, year, digest, stage, total in con.execute(
            "SELECT s.unit_code, s.year, s.sha256, s.stage, x.total FROM lke_submissions s "
            "JOIN lke_scores x ON x.submission_id = s.id WHERE s.is_current"
        ).fetchall():
            current.setdefault((unit, year, digest), []).append((stage, total))
        first_wbk = read_first_wbk(con)
        return cls(units, current, first_wbk, {(u, y) for u, y, _ in current})


def _precheck(known: Known, job: Job) -> list[Row] | None:
    """Rows for a job settled without scoring (missing, unknown target, already stored), else None."""
    if job.refused:
        return [Row(job.rel, "rejected", job.unit or "", job.year, job.stage or "", reason=job.refused)]
    if not job.path.exists():
        return [Row(job.rel, "rejected", reason="berkas yang disebut di manifest.csv tidak ditemukan")]
    if not job.unit or job.year is None:
        return [
            Row(
                job.rel,
                "rejected",
                reason="kode unit/tahun tidak diketahui: tambahkan baris file,unit,year,stage di manifest.csv",
            )
        ]
    problem = target_problem(known.units.get(job.unit), job.unit, job.year, job.stage)
    if problem:
        return [
            Row(
                job.rel,
                "rejected",
                job.unit,
                job.year,
                job.stage or "",
                reason=CellProblem(job.rel, None, None, problem).render(),
            )
        ]
    if (job.unit, job.year) not in known.unit_years:
        return None  # no current version to compare with: no need to read the file here
    # the same bytes are already the current version: unchanged, no need to score them again
    stored = known.current.get((job.unit, job.year, sha256_of(job.path)), [])
    stages = [(s, t) for s, t in stored if job.stage in (None, s)]
    if stages:
        return [Row(job.rel, "unchanged", job.unit, job.year, s, t) for s, t in sorted(stages, key=_stage_order)]
    return None


def _stage_order(item: tuple[str, float]) -> int:
    return STAGES.index(item[0]) if item[0] in STAGES else len(STAGES)


def _store_group(
    con: duckdb.DuckDBPyConnection,
    group: list[tuple[int, Job, list[Prepared]]],
    rows: dict[int, list[Row]],
    loaded_by: str,
) -> None:
    # imported at the first store, not with this module: pyarrow's import then runs while the
    # workers score their first files instead of before they get any
    from loaders.ingest import store

    with db.transaction(con) as cur:
        outcomes = iter(store(cur, [p for _, _, items in group for p in items], loaded_by))
    for i, job, items in group:
        rows[i] = [Row(job.rel, o.status, o.unit, o.year, o.stage, o.total) for o in (next(outcomes) for _ in items)]


def _flush(
    target: Target,
    batch: list[tuple[int, Job, list[Prepared]]],
    rows: dict[int, list[Row]],
    loaded_by: str,
) -> None:
    """Store a batch in one transaction; if the database refuses it, store file by file. A db.Store
    is opened for the batch and closed after it (a busy file is waited for: db.DatabaseBusy)."""
    if not batch:
        return
    with _session(target, True) as con, _bulk_settings(con):
        _flush_open(con, batch, rows, loaded_by)
    batch.clear()


def _flush_open(
    con: duckdb.DuckDBPyConnection,
    batch: list[tuple[int, Job, list[Prepared]]],
    rows: dict[int, list[Row]],
    loaded_by: str,
) -> None:
    try:
        _store_group(con, batch, rows, loaded_by)
    except (duckdb.Error, ValueError):
        for item in batch:
            try:
                _store_group(con, [item], rows, loaded_by)
            except (duckdb.Error, ValueError) as exc:
                i, job, _ = item
                rows[i] = [
                    Row(
                        job.rel,
                        "rejected",
                        job.unit or "",
                        job.year,
                        job.stage or "",
                        reason=f"basis data menolak penyimpanan: {_refusal(exc)}",
                    )
                ]


def _refusal(exc: Exception) -> str:
    return db.explain(exc) if isinstance(exc, duckdb.Error) else str(exc)


def ingest_dir(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    progress: bool = True,
    workers: int | None = None,
    batch_size: int = 128,
    loaded_by: str = "ingest-dir",
    manifest_only: bool = False,
) -> list[Row]:
    """Score files on every core, store them in batched transactions; bad files never stop the run."""
    with planned(folder, workers, manifest_only) as (jobs, scorer):
        return ingest_jobs(con, jobs, scorer, progress, batch_size, loaded_by)


def _todo(target: Target, jobs: list[Job], rows: dict[int, list[Row]]) -> list[tuple[int, Job]]:
    """The jobs that need scoring (each with its unit's WBK predicate); settled ones go into `rows`."""
    with _session(target, False) as con:
        known = Known.read(con)
    todo: list[tuple[int, Job]] = []
    for i, job in enumerate(jobs):
        settled = _precheck(known, job)
        if settled:
            rows[i] = settled
        else:
            wbk = known.first_wbk.get(job.unit or "")
            todo.append((i, replace(job, holds_wbk=wbk is not None and wbk < (job.year or 0))))
    return todo


def ingest_jobs(
    con: Target,
    jobs: list[Job],
    scorer: Scorer,
    progress: bool = True,
    batch_size: int = 128,
    loaded_by: str = "ingest-dir",
) -> list[Row]:
    """Score planned jobs (in the scorer's processes if it has them) and store them in batched
    transactions. `con` a db.Store: the file is opened per batch and free in between."""
    rows: dict[int, list[Row]] = {}
    todo = _todo(con, jobs, rows)
    results = scorer.results(todo)
    pending: list[tuple[int, Job, list[Prepared]]] = []
    bar = tqdm(
        total=len(jobs), initial=len(rows), desc="Memuat workbook", unit="berkas", file=sys.stderr, disable=not progress
    )
    with _collect_after():
        for n, ((i, job), res) in enumerate(zip(todo, results), 1):
            if isinstance(res, Row):
                rows[i] = [res]
            else:
                pending.append((i, job, res))
                # near the end, quarter batches: less is left to store once the last file is scored
                if len(pending) >= (batch_size if len(todo) - n > batch_size else max(1, batch_size // 4)):
                    _flush(con, pending, rows, loaded_by)
            bar.update(1)
        _flush(con, pending, rows, loaded_by)
    bar.close()
    return [r for i in sorted(rows) for r in rows[i]]


@contextmanager
def _collect_after() -> Iterator[None]:
    """No automatic garbage collection during the run: the results waiting for the next batch are a
    few hundred thousand small objects, which every collection traversed again (about 0,2 s of this
    process per 500 workbooks). They hold no reference cycles; collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _bulk_settings(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB settings for the length of a bulk run, put back afterwards:
    - one DuckDB thread: the other cores are scoring, and DuckDB's parallelism only adds
      synchronisation to a batch's small inserts (about a third less CPU per batch here);
    - let the WAL grow (up to 1 GB) instead of checkpointing each time it passes 16 MB: every
      checkpoint rewrites the row groups the next batches keep filling. The database is still
      checkpointed when it is closed (or by the next write after the run)."""
    old = con.execute("SELECT current_setting('threads'), current_setting('checkpoint_threshold')").fetchall()[0]
    con.execute("SET threads = 1")
    con.execute("SET checkpoint_threshold = '1GB'")
    try:
        yield
    finally:
        con.execute(f"SET threads = {int(old[0])}")
        con.execute(f"SET checkpoint_threshold = '{old[1]}'")


def summary(rows: list[Row]) -> str:
    """One line per file and a count per status, in Indonesian (dimuat, tidak berubah, diganti, ditolak)."""
    from pantauzi.core import fmt
    from pantauzi.core.vocab import import_status_word as word

    lines = [f"{'berkas':<48} {'status':<13} {'unit':<20} {'tahun':>5} {'tahap':<5} {'nilai':>7}  alasan"]
    for r in rows:
        total = fmt.num(r.total) if r.total is not None else ""
        status = word(r.status)
        lines.append(
            f"{r.file[:48]:<48} {status:<13} {r.unit[:20]:<20} {r.year or '':>5} {r.stage:<5} {total:>7}  {r.reason}"
        )
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("loaded", "unchanged", "replaced", "rejected")}
    lines.append("Ringkasan: " + ", ".join(f"{word(k)} {v}" for k, v in counts.items()))
    return "\n".join(lines)
