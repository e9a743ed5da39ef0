"""The upload flow without Streamlit: preview a file (nothing written), save it for an allowed user, restore.

Every write re-checks the user's right to the unit here, not only in the page, so a page that is
reached some other way still cannot store anything for a user who may not.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from loaders import portalrb_json
from loaders.ingest import IngestOutcome, check_target, restore_submission, store
from loaders.jobs import workbook_metadata
from loaders.lke import LkeResult, identity
from loaders.prepare import Prepared, flatten, stages_in
from pantauzi.core import access, fmt
from pantauzi.core.filters import Filter
from pantauzi.core.problems import CellProblem, WorkbookRejected
from pantauzi.core.vocab import Layout
from pantauzi.store import db, submissions

SEVERITY = {"error": "Galat (menolak berkas)", "warning": "Peringatan"}
FOLDER_PREFIX = "pantauzi-unggah-"
VANISHED = (
    "salinan sementara berkas ini sudah dihapus (sesi terlalu lama tidak aktif atau sudah dibersihkan); "
    "unggah ulang berkasnya"
)


@dataclass
class Preview:
    """One uploaded file scored in memory: what would be stored, and every problem found."""

    file: str
    digest: str
    path: Path  # a temporary copy of the uploaded bytes in the session's private folder
    results: list[LkeResult] = field(default_factory=list)
    errors: list[CellProblem] = field(default_factory=list)
    detected: dict[str, str] = field(default_factory=dict)  # unit / year / stage the workbook states

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.results)

    @property
    def layout(self) -> Layout | None:
        """The workbook's layout (None when it was rejected before one was read)."""
        return self.results[0].layout if self.results else None


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", Path(name).name)[:120] or "berkas.xlsx"


def private_folder() -> Path:
    """A new folder for one session's upload copies that only this server's user may enter (mode 700)."""
    path = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    os.chmod(path, 0o700)  # mkdtemp's own mode; said again so no umask or platform can widen it
    return path


def touch(folder: Path) -> None:
    """Mark a session's folder as in use (the age `sweep_folders` goes by)."""
    try:
        os.utime(folder)
    except OSError:
        pass  # already swept: the next preview makes a new one


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def sweep_folders(
    max_age: float, keep: Collection[Path] = (), now: float | None = None, root: Path | None = None
) -> list[Path]:
    """Remove the private upload folders untouched for more than `max_age` seconds: Streamlit does not say
    when a session ends. Only this user's own directories with PantauZI's prefix; never through a link."""
    root = root or Path(tempfile.gettempdir())
    now = time.time() if now is None else now
    kept = {Path(k) for k in keep}
    removed = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(FOLDER_PREFIX) or Path(entry.path) in kept:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not entry.is_dir(follow_symlinks=False) or info.st_uid != os.getuid():
                continue
        except OSError:
            continue
        if now - info.st_mtime > max_age:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def preview(content: bytes, file_name: str, folder: Path | None = None) -> Preview:
    """Score an uploaded file's bytes; refusals become `errors`, nothing touches the database.
    The copy goes to `folder` (the session's private folder), else to a new private folder."""
    digest = hashlib.sha256(content).hexdigest()
    folder = folder or private_folder()
    path = folder / f"{digest[:16]}-{_safe_name(file_name)}"
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
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
    try:  # the copy may have been swept since the preview: say so in Indonesian, no server path
        content = p.path.read_bytes()
    except OSError:
        raise WorkbookRejected(p.file, [CellProblem(p.file, None, None, VANISHED)]) from None
    if p.layout != portalrb_json.LAYOUT:  # the workbook's own 'Kode Unit' / 'Tahun' / 'Tahap' cells agree
        problems = identity.mismatches(identity.stated(p.path), p.file, unit, year, stage)
        if problems:
            raise WorkbookRejected(p.file, problems)
    results = [r for r in p.results if stage is None or r.stage == stage]
    if p.layout == portalrb_json.LAYOUT:
        if str(year) != p.detected.get("year") or not results:
            what = f"tahun {p.detected.get('year')}" if str(year) != p.detected.get("year") else f"tahap '{stage}'"
            raise WorkbookRejected(p.file, [CellProblem(p.file, None, None, f"berkas JSON hanya memuat {what}")])
    elif stage is not None and not results:  # a legacy file is scored as 'self' until told otherwise
        results = stages_in(p.path, p.file, stage)
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
