"""Bulk ingest of a folder of LKE workbooks: manifest or workbook metadata, continue past bad files."""
from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
from tqdm import tqdm

from loaders.ingest import ingest_lke
from loaders.workbook import open_workbook
from pantauzi.problems import WorkbookRejected

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


def plan(folder: Path) -> list[Job]:
    manifest = read_manifest(folder)
    jobs: list[Job] = []
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in EXTENSIONS and p.is_file())
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


def run_job(con: duckdb.DuckDBPyConnection, job: Job) -> list[Row]:
    if not job.path.exists():
        return [Row(job.rel, "rejected", reason="berkas yang disebut di manifest.csv tidak ditemukan")]
    if not job.unit or job.year is None:
        return [Row(job.rel, "rejected", reason="kode unit/tahun tidak diketahui: tambahkan baris "
                                                "file,unit,year,stage di manifest.csv")]
    try:
        outcomes = ingest_lke(con, job.path, job.unit, job.year, job.stage, label=job.rel,
                              loaded_by="ingest-dir")
    except WorkbookRejected as exc:
        first = exc.problems[0].render() if exc.problems else str(exc)
        more = f" (+{len(exc.problems) - 1} kesalahan lain)" if len(exc.problems) > 1 else ""
        return [Row(job.rel, "rejected", job.unit, job.year, job.stage or "", reason=first + more)]
    return [Row(job.rel, o.status, o.unit, o.year, o.stage, o.result.score.total) for o in outcomes]


def ingest_dir(con: duckdb.DuckDBPyConnection, folder: Path, progress: bool = True) -> list[Row]:
    jobs = plan(folder)
    rows: list[Row] = []
    for job in tqdm(jobs, desc="Memuat workbook", unit="berkas", file=sys.stderr, disable=not progress):
        rows += run_job(con, job)
    return rows


def summary(rows: list[Row]) -> str:
    lines = [f"{'berkas':<48} {'status':<10} {'unit':<20} {'tahun':>5} {'tahap':<5} {'nilai':>7}  alasan"]
    for r in rows:
        total = f"{r.total:7.2f}".replace(".", ",") if r.total is not None else ""
        lines.append(f"{r.file[:48]:<48} {r.status:<10} {r.unit[:20]:<20} {r.year or '':>5} "
                     f"{r.stage:<5} {total:>7}  {r.reason}")
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("loaded", "unchanged", "replaced", "rejected")}
    lines.append("Ringkasan: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return "\n".join(lines)
