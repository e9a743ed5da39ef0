"""Bulk ingest of a folder of LKE workbooks: manifest or workbook metadata, continue past bad files."""
from __future__ import annotations

import csv
import multiprocessing as mp
import os
import re
import sys
import types
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
from tqdm import tqdm

from loaders.ingest import STAGES, Prepared, prepare, sha256_of, store, target_problem
from loaders.workbook import open_workbook
from pantauzi import db
from pantauzi.problems import CellProblem, WorkbookRejected

EXTENSIONS = (".xlsx", ".xlsm")
META_LABELS = {"kode unit": "unit", "unit": "unit", "tahun": "year", "tahun penilaian": "year",
               "tahap": "stage", "tahap penilaian": "stage"}


@dataclass(frozen=True)
class Job:
    path: Path
    rel: str
    unit: str | None
    year: int | None
    stage: str | None
    holds_wbk: bool | None = None  # filled from the milestones before scoring


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


def plan(folder: Path, manifest_only: bool = False) -> list[Job]:
    manifest = read_manifest(folder)
    jobs: list[Job] = []
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in EXTENSIONS and p.is_file()
                   and (not manifest_only or p.relative_to(folder).as_posix() in manifest))
    for p in files:
        rel = p.relative_to(folder).as_posix()
        meta = manifest.get(rel) or workbook_metadata(p)
        year = meta.get("year")
        jobs.append(Job(p, rel, meta.get("unit") or None,
                        int(year) if year and str(year).strip().isdigit() else None,
                        (meta.get("stage") or None)))
    listed = {j.rel for j in jobs}
    for rel, r in manifest.items():
        if rel not in listed:
            jobs.append(Job(folder / rel, rel, r.get("unit"), None, None))
    return jobs


def _prepare(job: Job) -> list[Prepared] | Row:
    """Worker side: score one file (no database). A refusal becomes a 'rejected' row."""
    try:
        return prepare(job.path, job.unit, job.year, job.stage, label=job.rel, keep_result=False,
                       holds_wbk=job.holds_wbk)
    except WorkbookRejected as exc:
        return _rejected(job, exc)


def _rejected(job: Job, exc: WorkbookRejected) -> Row:
    first = exc.problems[0].render() if exc.problems else str(exc)
    more = f" (+{len(exc.problems) - 1} kesalahan lain)" if len(exc.problems) > 1 else ""
    return Row(job.rel, "rejected", job.unit or "", job.year, job.stage or "", reason=first + more)


@dataclass
class Known:
    """What the database already holds, read once per run: units, and the files of current versions."""
    units: dict[str, tuple]
    current: dict[tuple[str, int, str], list[tuple[str, float]]]  # (unit, year, sha256) -> [(stage, total)]
    first_wbk: dict[str, int]                                     # unit -> year of its first WBK predicate

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> Known:
        units = {r[0]: (r[1], r[2]) for r in con.execute("SELECT code, valid_from, valid_to FROM units").fetchall()}
        current: dict[tuple[str, int, str], list[tuple[str, float]]] = {}
        for unit, year, digest, stage, total in con.execute(
                "SELECT s.unit_code, s.year, s.sha256, s.stage, x.total FROM lke_submissions s "
                "JOIN lke_scores x ON x.submission_id = s.id WHERE s.is_current").fetchall():
            current.setdefault((unit, year, digest), []).append((stage, total))
        first_wbk = dict(con.execute("SELECT unit_code, min(year) FROM zi_milestones WHERE kind = 'wbk' "
                                     "GROUP BY unit_code").fetchall())
        return cls(units, current, first_wbk)


def _precheck(known: Known, job: Job) -> list[Row] | None:
    """Rows for a job settled without scoring (missing, unknown target, already stored), else None."""
    if not job.path.exists():
        return [Row(job.rel, "rejected", reason="berkas yang disebut di manifest.csv tidak ditemukan")]
    if not job.unit or job.year is None:
        return [Row(job.rel, "rejected", reason="kode unit/tahun tidak diketahui: tambahkan baris "
                                                "file,unit,year,stage di manifest.csv")]
    problem = target_problem(known.units.get(job.unit), job.unit, job.year, job.stage)
    if problem:
        return [Row(job.rel, "rejected", job.unit, job.year, job.stage or "",
                    reason=CellProblem(job.rel, None, None, problem).render())]
    # the same bytes are already the current version: unchanged, no need to score them again
    stored = known.current.get((job.unit, job.year, sha256_of(job.path)), [])
    stages = [(s, t) for s, t in stored if job.stage in (None, s)]
    if stages:
        return [Row(job.rel, "unchanged", job.unit, job.year, s, t) for s, t in sorted(stages, key=_stage_order)]
    return None


def _stage_order(item: tuple[str, float]) -> int:
    return STAGES.index(item[0]) if item[0] in STAGES else len(STAGES)


def _store_group(con: duckdb.DuckDBPyConnection, group: list[tuple[int, Job, list[Prepared]]],
                 rows: dict[int, list[Row]], loaded_by: str) -> None:
    with db.transaction(con) as cur:
        outcomes = iter(store(cur, [p for _, _, items in group for p in items], loaded_by))
    for i, job, items in group:
        rows[i] = [Row(job.rel, o.status, o.unit, o.year, o.stage, o.total)
                   for o in (next(outcomes) for _ in items)]


def _flush(con: duckdb.DuckDBPyConnection, batch: list[tuple[int, Job, list[Prepared]]],
           rows: dict[int, list[Row]], loaded_by: str) -> None:
    """Store a batch in one transaction; if the database refuses it, store file by file."""
    if not batch:
        return
    try:
        _store_group(con, batch, rows, loaded_by)
    except (duckdb.Error, ValueError):
        for item in batch:
            try:
                _store_group(con, [item], rows, loaded_by)
            except (duckdb.Error, ValueError) as exc:
                i, job, _ = item
                rows[i] = [Row(job.rel, "rejected", job.unit or "", job.year, job.stage or "",
                               reason=f"basis data menolak penyimpanan: {exc}")]
    batch.clear()


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


def ingest_dir(con: duckdb.DuckDBPyConnection, folder: Path, progress: bool = True, workers: int | None = None,
               batch_size: int = 64, loaded_by: str = "ingest-dir", manifest_only: bool = False) -> list[Row]:
    """Score files on every core, store them in batched transactions; bad files never stop the run."""
    jobs = plan(folder, manifest_only)
    rows: dict[int, list[Row]] = {}
    todo: list[tuple[int, Job]] = []
    known = Known.read(con)
    for i, job in enumerate(jobs):
        settled = _precheck(known, job)
        if settled:
            rows[i] = settled
        else:
            wbk = known.first_wbk.get(job.unit or "")
            todo.append((i, replace(job, holds_wbk=wbk is not None and wbk < (job.year or 0))))
    workers = workers or min(os.cpu_count() or 1, 4)
    # spawn, not fork: the parent holds DuckDB's threads and locks
    pool = (ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"))
            if workers > 1 and len(todo) > 8 else None)
    try:
        queued = [j for _, j in todo]
        if pool:
            with _plain_main():  # the workers start here
                results = pool.map(_prepare, queued, chunksize=4)
        else:
            results = map(_prepare, queued)
        pending: list[tuple[int, Job, list[Prepared]]] = []
        bar = tqdm(total=len(jobs), initial=len(rows), desc="Memuat workbook", unit="berkas", file=sys.stderr,
                   disable=not progress)
        for (i, job), res in zip(todo, results):
            if isinstance(res, Row):
                rows[i] = [res]
            else:
                pending.append((i, job, res))
                if len(pending) >= batch_size:
                    _flush(con, pending, rows, loaded_by)
            bar.update(1)
        _flush(con, pending, rows, loaded_by)
        bar.close()
    finally:
        if pool:
            pool.shutdown()
    return [r for i in sorted(rows) for r in rows[i]]


def summary(rows: list[Row]) -> str:
    lines = [f"{'berkas':<48} {'status':<10} {'unit':<20} {'tahun':>5} {'tahap':<5} {'nilai':>7}  alasan"]
    for r in rows:
        total = f"{r.total:7.2f}".replace(".", ",") if r.total is not None else ""
        lines.append(f"{r.file[:48]:<48} {r.status:<10} {r.unit[:20]:<20} {r.year or '':>5} "
                     f"{r.stage:<5} {total:>7}  {r.reason}")
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("loaded", "unchanged", "replaced", "rejected")}
    lines.append("Ringkasan: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return "\n".join(lines)
