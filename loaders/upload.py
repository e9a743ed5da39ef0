"""The upload flow without Streamlit: preview a file (nothing written), save it for an allowed user, restore.

Every write re-checks the user's right to the unit here, not only in the page, so a page that is
reached some other way still cannot store anything for a user who may not.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from loaders import portalrb_json
from loaders.ingest import IngestOutcome, check_target, restore_submission, store
from loaders.jobs import workbook_metadata
from loaders.lke import LkeResult
from loaders.prepare import Prepared, flatten, stages_in
from pantauzi.core import access, fmt
from pantauzi.core.filters import Filter
from pantauzi.core.problems import CellProblem, WorkbookRejected
from pantauzi.store import db, submissions

SEVERITY = {"error": "Galat (menolak berkas)", "warning": "Peringatan"}


@dataclass
class Preview:
    """One uploaded file scored in memory: what would be stored, and every problem found."""

    file: str
    digest: str
    path: Path  # a private temporary copy of the uploaded bytes
    results: list[LkeResult] = field(default_factory=list)
    errors: list[CellProblem] = field(default_factory=list)
    detected: dict[str, str] = field(default_factory=dict)  # unit / year / stage the workbook states

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.results)

    @property
    def layout(self) -> str:
        return self.results[0].layout if self.results else ""


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", Path(name).name)[:120] or "berkas.xlsx"


def preview(content: bytes, file_name: str, folder: Path | None = None) -> Preview:
    """Score an uploaded file's bytes; refusals become `errors`, nothing touches the database."""
    digest = hashlib.sha256(content).hexdigest()
    folder = folder or Path(tempfile.gettempdir()) / "pantauzi-unggah"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest[:16]}-{_safe_name(file_name)}"
    if not path.exists():
        path.write_bytes(content)
    p = Preview(file_name, digest, path)
    if file_name.lower().endswith(".json"):
        return _preview_json(p, content)
    p.detected = workbook_metadata(path)
    try:
        p.results = stages_in(path, file_name, None)
    except WorkbookRejected as exc:
        p.errors = exc.problems
    return p


def _preview_json(p: Preview, content: bytes) -> Preview:
    """A jawaban-unit JSON (PortalRB's format): scored by the methodology of the year it states."""
    try:
        data = portalrb_json.read(content, p.file)
        p.detected = portalrb_json.detected(data)
        if "year" not in p.detected:
            raise WorkbookRejected(
                p.file, [CellProblem(p.file, portalrb_json.SHEET, "tahun", "JSON jawaban-unit wajib memuat 'tahun'")]
            )
        p.results = portalrb_json.score(data, int(p.detected["year"]), p.file)
    except WorkbookRejected as exc:
        p.errors = exc.problems
    return p


def problem_table(problems: list[CellProblem]) -> pd.DataFrame:
    """Problems as rows a person can act on (Indonesian headers)."""
    return pd.DataFrame(
        [
            {
                "Berkas": p.file,
                "Lembar": p.sheet or "",
                "Sel": p.cell or "",
                "Masalah": p.message,
                "Ditemukan": _shown(p.found),
                "Seharusnya": _shown(p.expected),
                "Tingkat": SEVERITY.get(p.severity, p.severity),
            }
            for p in problems
        ],
        columns=["Berkas", "Lembar", "Sel", "Masalah", "Ditemukan", "Seharusnya", "Tingkat"],
    )


def _shown(text: str | None) -> str:
    """'12.0' (a whole number read as a float) -> '12'; anything else exactly as found."""
    if text is None:
        return ""
    return text[:-2] if re.fullmatch(r"-?\d+\.0", text) else text


def difference_table(res: LkeResult) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Sel": d.cell,
                "Nilai di workbook": ""
                if d.workbook is None
                else (fmt.num(d.workbook) if isinstance(d.workbook, float) else str(d.workbook)),
                "Nilai menurut aturan": fmt.num(d.recomputed),
                "Keterangan": d.what.removeprefix("typed:"),
            }
            for d in res.differences
        ],
        columns=["Sel", "Nilai di workbook", "Nilai menurut aturan", "Keterangan"],
    )


def check_allowed(con: duckdb.DuckDBPyConnection, user: access.User, unit: str) -> None:
    """Raise WorkbookRejected unless `user` may store submissions for `unit`."""
    with db.cursor(con) as cur:
        row = db.one(cur, "SELECT region_code, instansi_code FROM units WHERE code = ?", [unit])
    if row is None:
        raise WorkbookRejected("", [CellProblem("", None, None, f"kode unit '{unit}' tidak dikenal")])
    if not access.may_upload(user, row[0], row[1]):
        raise WorkbookRejected(
            "",
            [
                CellProblem(
                    "", None, None, f"pengguna '{user.username or 'tamu'}' tidak berwenang mengunggah untuk unit ini"
                )
            ],
        )


def save(
    con: duckdb.DuckDBPyConnection, user: access.User, p: Preview, unit: str, year: int, stage: str | None
) -> list[IngestOutcome]:
    """Store a previewed file in one transaction. The same bytes again are 'unchanged'."""
    if not p.ok:
        raise WorkbookRejected(p.file, p.errors or [CellProblem(p.file, None, None, "berkas belum dinilai")])
    check_allowed(con, user, unit)
    check_target(con, p.file, unit, year, stage)
    results = [r for r in p.results if stage is None or r.stage == stage]
    if p.layout == portalrb_json.LAYOUT:
        if str(year) != p.detected.get("year") or not results:
            what = f"tahun {p.detected.get('year')}" if str(year) != p.detected.get("year") else f"tahap '{stage}'"
            raise WorkbookRejected(p.file, [CellProblem(p.file, None, None, f"berkas JSON hanya memuat {what}")])
    elif stage is not None and not results:  # a legacy file is scored as 'self' until told otherwise
        results = stages_in(p.path, p.file, stage)
    content = p.path.read_bytes()
    if hashlib.sha256(content).hexdigest() != p.digest:
        raise WorkbookRejected(p.file, [CellProblem(p.file, None, None, "salinan sementara berubah; unggah ulang")])
    items: list[Prepared] = [flatten(r, unit, year, p.digest, content) for r in results]
    with db.transaction(con) as cur:
        return store(cur, items, user.username or "tamu")


def restore(con: duckdb.DuckDBPyConnection, user: access.User, submission_id: int) -> int:
    with db.cursor(con) as cur:
        unit = db.scalar(cur, "SELECT unit_code FROM lke_submissions WHERE id = ?", [submission_id])
    if unit is None:
        raise WorkbookRejected("", [CellProblem("", None, None, f"versi #{submission_id} tidak ditemukan")])
    check_allowed(con, user, unit)
    return restore_submission(con, submission_id, user.username or "tamu")


def allowed_units(con: duckdb.DuckDBPyConnection, user: access.User) -> pd.DataFrame:
    df = submissions.upload_units(con)
    keep = [access.may_upload(user, r, i) for r, i in zip(df["region_code"], df["instansi_code"])]
    return df[keep].reset_index(drop=True)


def offered_units(units: pd.DataFrame, f: Filter, limit: int, keep: tuple[str, ...] = ()) -> tuple[pd.DataFrame, bool]:
    """The units an upload picker offers: all the user may upload for, up to `limit`; beyond that
    those in the sidebar's selection, none if that is still too many, and always the `keep` ones (the
    unit a workbook names). -> (units, whether the list was narrowed)"""
    if len(units) <= limit:
        return units, False
    m = pd.Series(True, index=units.index)
    for code in (f.provinsi, f.kabkota):
        if code:
            m &= (units["region_code"] == code) | units["region_code"].str.startswith(code + ".")
    if f.instansi:
        m &= units["instansi_code"] == f.instansi
    if f.unit:
        m &= units["unit"] == f.unit
    picked = units[m] if int(m.sum()) <= limit else units.iloc[0:0]
    extra = units[units["unit"].isin([k for k in keep if k]) & ~units["unit"].isin(picked["unit"])]
    return pd.concat([extra, picked]), True
