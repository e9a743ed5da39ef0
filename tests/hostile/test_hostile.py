"""Issue 18 §1, §2: no workbook takes the process down. Each hostile file (built here from the real
workbook) is refused with an Indonesian message naming the file (or scored, with a warning, when only a
sheet beside the LKE sheet is hostile), on every path: ingest, upload preview, `loaders score`,
`ingest-dir`; nothing is stored; this process's memory barely grows."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loaders import upload
from loaders.ingest import ingest_lke
from loaders.reference_tables import load_directory
from pantauzi.core.problems import WorkbookRejected
from pantauzi.store import db
from tests.hostile import builders
from tests.lke_helpers import REAL, ROOT

UNIT, YEAR = "81.71-DPMPTSP", 2024
BASE_TOTAL = 95.63260073260074

# name -> (builder, refused?, words every message holds)
CASES = {
    "far-XFD1048576-lke": (lambda t: builders.far_cell(t, "LKE ZI", "XFD1048576"), True, ["'LKE ZI'", "XFD1048576"]),
    "far-ZZ100000-lke": (lambda t: builders.far_cell(t, "LKE ZI", "ZZ100000"), True, ["'LKE ZI'", "ZZ100000"]),
    # beside an LKE sheet found by its name: never parsed, not even scanned
    "far-XFD1048576-utama": (lambda t: builders.far_cell(t, "Utama", "XFD1048576"), False, []),
    "far-XFD1048576-ctt": (lambda t: builders.far_cell(t, "Ctt Eval", "XFD1048576"), False, []),
    # before a renamed LKE sheet: scanned, left unread with a warning naming the sheet and the cell
    "far-XFD1048576-utama-renamed-lke": (
        builders.far_cell_before_renamed_lke,
        False,
        ["lembar 'Utama', sel XFD1048576: lembar ini tidak dibaca"],
    ),
    "part-bomb": (builders.part_bomb, True, ["sheet9.xml", "batas 64 MB per bagian"]),
    "damaged-utama": (builders.damaged_sheet, False, []),
    "damaged-lke": (lambda t: builders.damaged_sheet(t, "LKE ZI"), True, ["'LKE ZI'", "rusak"]),
}
REFUSED = [k for k, v in CASES.items() if v[1]]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("hostile")
    return {name: build(tmp) for name, (build, _, _) in CASES.items()}


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile-db") / "base.duckdb"
    con = db.connect(path)
    load_directory(con, ROOT / "data" / "demo", demo=True)
    ingest_lke(con, REAL, UNIT, 2023, "self")
    con.close()
    return path


@pytest.fixture()
def con(base_db, tmp_path):
    path = tmp_path / "t.duckdb"
    shutil.copyfile(base_db, path)
    c = db.connect(path)
    yield c
    c.close()


def counts(con) -> dict[str, int]:
    tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables}


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.mark.parametrize("case", list(CASES))
def test_ingest_refuses_or_scores_and_stores_nothing_when_refused(con, files, case):
    _, refused, words = CASES[case]
    path = files[case]
    before = counts(con)
    if refused:
        with pytest.raises(WorkbookRejected) as exc:
            ingest_lke(con, path, UNIT, YEAR, "self")
        text = exc.value.render()
        assert f"Berkas '{path.name}' ditolak" in text and all(w in text for w in words), text
        assert counts(con) == before
    else:
        [out] = ingest_lke(con, path, UNIT, YEAR, "self")
        assert out.status == "loaded" and out.total == pytest.approx(BASE_TOTAL)
        shown = " ".join(w.render() for w in out.result.warnings)
        assert all(w in shown for w in words), shown
        assert counts(con)["lke_submissions"] == before["lke_submissions"] + 1


@pytest.mark.parametrize("case", list(CASES))
def test_upload_preview_never_raises(files, case, tmp_path):
    _, refused, words = CASES[case]
    path = files[case]
    p = upload.preview(path.read_bytes(), path.name, tmp_path)
    assert p.ok is (not refused)
    if refused:
        text = " ".join(e.render() for e in p.errors)
        assert f"berkas '{path.name}'" in text and all(w in text for w in words), text
    else:
        assert p.results[0].score.total == pytest.approx(BASE_TOTAL)


@pytest.mark.parametrize("case", ["far-XFD1048576-lke", "far-XFD1048576-utama", "damaged-utama", "part-bomb"])
def test_score_command_never_dies(files, case):
    """Before: exit 134 (the reader's abort) for the far cell. Now: 2 with the message, or 0 and JSON."""
    _, refused, words = CASES[case]
    path = files[case]
    out = subprocess.run(
        [sys.executable, "-m", "loaders", "score", str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    if refused:
        assert out.returncode == 2, out.stderr[-2000:]
        assert f"Berkas '{path.name}' ditolak" in out.stderr and all(w in out.stderr for w in words)
    else:
        assert out.returncode == 0, out.stderr[-2000:]
        assert '"total": 95.63' in out.stdout


def test_worst_hostile_files_are_refused_fast_and_this_process_barely_grows(files, tmp_path):
    """The issue's bound: each refused in <= 2 s with the server's RSS growing < 100 MB. Time is
    asserted with a 3x margin (6 s) for this shared 2-core machine; the figures are printed."""
    upload.preview(REAL.read_bytes(), "pemanasan.xlsx", tmp_path)  # the forkserver starts once per process
    start = peak_rss_mb()
    rows = []
    for case in REFUSED:
        path = files[case]
        t = time.perf_counter()
        p = upload.preview(path.read_bytes(), path.name, tmp_path)
        took = time.perf_counter() - t
        assert not p.ok
        rows.append((case, took, peak_rss_mb() - start))
    for case, took, grown in rows:
        print(f"\nhostile {case:<24} refused in {took:5.2f} s, peak RSS of this process +{grown:5.1f} MB")
    assert max(t for _, t, _ in rows) < 6.0
    assert max(g for _, _, g in rows) < 100


def run_cli(*args: str, env: dict[str, str] | None = None):
    import os

    return subprocess.run(
        [sys.executable, "-m", "loaders", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def folder_with(tmp: Path, hostile: dict[str, Path], good: int = 10) -> Path:
    """`good` (<= 16) copies of the real workbook (years 2021..2028, stage self then tpi) and the hostile
    files, listed in manifest.csv."""
    folder = tmp / "kiriman"
    folder.mkdir()
    lines = ["file,unit,year,stage"]
    for i in range(good):
        shutil.copyfile(REAL, folder / f"baik{i}.xlsx")
        lines.append(f"baik{i}.xlsx,81-KEJATI,{2021 + i % 8},{'self' if i < 8 else 'tpi'}")
    for n, (name, path) in enumerate(hostile.items()):
        shutil.copyfile(path, folder / f"{name}.xlsx")
        lines.append(f"{name}.xlsx,81.71-KEJARI,{2021 + n},self")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n")
    return folder


def demo_store(tmp: Path) -> Path:
    path = tmp / "d.duckdb"
    con = db.connect(path)
    load_directory(con, ROOT / "data" / "demo", demo=True)
    con.close()
    return path


def test_ingest_dir_stores_every_good_file_beside_hostile_ones(files, tmp_path):
    """Before: the damaged non-LKE sheet stopped the run ('Gagal memproses: XmlError'), nothing stored."""
    hostile = {k: files[k] for k in ("damaged-utama", "damaged-lke", "far-XFD1048576-lke", "part-bomb")}
    folder = folder_with(tmp_path, hostile)
    (folder / "tanpa-manifest.xlsx").write_bytes(files["damaged-utama"].read_bytes())
    store = demo_store(tmp_path)
    out = run_cli("ingest-dir", str(folder), "--db", str(store), "--no-progress", "--workers", "2")
    assert out.returncode == 1, out.stderr[-3000:]
    assert "Ringkasan: dimuat 11, tidak berubah 0, diganti 0, ditolak 4" in out.stdout, out.stdout + out.stderr
    con = db.connect(store)
    assert con.execute("SELECT count(*) FROM lke_submissions").fetchall()[0][0] == 11
    con.close()


def test_ingest_dir_replaces_a_dead_worker_and_goes_on(files, tmp_path):
    """The pre-parse limits raised so far that the far cell reaches the reader: the worker holding it
    aborts (memory cap), the pool breaks; that file is rejected, a new pool scores the rest.
    Before: BrokenProcessPool and no summary."""
    folder = folder_with(tmp_path, {"jauh": files["far-XFD1048576-lke"]}, good=12)
    store = demo_store(tmp_path)
    limits = {
        "PANTAUZI_SHEET_MAX_ROWS": "2000000",
        "PANTAUZI_SHEET_MAX_COLS": "20000",
        "PANTAUZI_PARSE_MEMORY_MB": "600",
    }
    out = run_cli("ingest-dir", str(folder), "--db", str(store), "--no-progress", "--workers", "2", env=limits)
    assert "Ringkasan: dimuat 12, tidak berubah 0, diganti 0, ditolak 1" in out.stdout, out.stdout + out.stderr[-3000:]
    line = next(x for x in out.stdout.splitlines() if x.startswith("jauh.xlsx"))
    assert "berhenti tidak wajar" in line or "batas memori" in line
    assert out.returncode == 1


@pytest.mark.parametrize("case", ["far-XFD1048576-lke", "part-bomb"])
def test_ombudsman_and_mcp_loaders_refuse_hostile_files(con, files, case):
    from loaders.ratings import ingest_ratings

    path = files[case]
    before = counts(con)
    for kind in ("ombudsman", "mcp"):
        with pytest.raises(WorkbookRejected) as exc:
            ingest_ratings(con, kind, path)
        assert f"Berkas '{path.name}' ditolak" in exc.value.render()
    assert counts(con) == before
