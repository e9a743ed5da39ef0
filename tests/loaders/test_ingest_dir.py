"""`python -m loaders ingest-dir`: manifest, recursion, bad files skipped, idempotent, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from loaders.reference_tables import load_directory
from pantauzi.store import db
from tests.lke_helpers import ROOT, real_copy

# command lines in subprocesses and scoring in worker processes: not in the fast tier
pytestmark = pytest.mark.slow


def run(*args):
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=ROOT, capture_output=True, text=True)


def copies_with_manifest(folder, n: int, k9: str, years: int, stages: tuple[str, ...]):
    """`n` copies of the real workbook (K9 cycling through `k9`; 'Q' is refused) for 81-KEJATI, years
    2021.. cycling over `years`, stages in blocks of `years` files, listed in manifest.csv."""
    folder.mkdir()
    lines = ["file,unit,year,stage"]
    for i in range(n):
        real_copy(folder, {"K9": k9[i % len(k9)]}, name=f"f{i}.xlsx")
        lines.append(f"f{i}.xlsx,81-KEJATI,{2021 + i % years},{stages[i // years]}")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n")
    return folder


def test_ingest_dir_twice(tmp_path):
    folder = tmp_path / "kiriman"
    (folder / "2024").mkdir(parents=True)
    real_copy(folder, name="kejati.xlsx")
    real_copy(folder / "2024", {"K9": "B"}, name="kejari.xlsx")
    real_copy(folder, {"K9": "Q"}, name="salah.xlsx")
    (folder / "tanpa-manifest.xlsx").write_bytes((folder / "kejati.xlsx").read_bytes())
    (folder / "manifest.csv").write_text(
        "file,unit,year,stage\nkejati.xlsx,81-KEJATI,2023,self\n"
        "2024/kejari.xlsx,81.71-KEJARI,2024,tpi\nsalah.xlsx,81-KEJATI,2022,self\n"
    )
    dbp = tmp_path / "d.duckdb"
    con = db.connect(dbp)
    load_directory(con, ROOT / "data" / "demo", demo=True)
    con.close()
    first = run("ingest-dir", str(folder), "--db", str(dbp))
    assert first.returncode == 1, first.stderr
    assert "dimuat 2" in first.stdout and "ditolak 2" in first.stdout
    assert "K9" in first.stdout and "manifest.csv" in first.stdout
    con = db.connect(dbp)
    before = table_counts(con)
    con.close()
    second = run("ingest-dir", str(folder), "--db", str(dbp))
    assert "dimuat 0, tidak berubah 2, diganti 0, ditolak 2" in second.stdout
    con = db.connect(dbp)
    assert con.execute("SELECT count(*) FROM lke_submissions").fetchall()[0][0] == 2
    assert table_counts(con) == before  # the second run changes nothing, not even the import log
    con.close()


def table_counts(con):
    tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables}


def test_one_batch_with_two_versions_of_the_same_submission(tmp_path):
    """Many files in a folder (scored in worker processes, stored in batches): the later file of the
    same unit/year/stage replaces the earlier one, and exactly one version stays current."""
    from loaders.bulk import ingest_dir

    folder = tmp_path / "banyak"
    folder.mkdir()
    lines = ["file,unit,year,stage"]
    for i, answer in enumerate("ABCABCABCA"):
        real_copy(folder, {"K9": answer, "K10": "Ya" if i % 2 else "Tidak"}, name=f"v{i}.xlsx")
        lines.append(f"v{i}.xlsx,81-KEJATI,{2021 + i // 2},self")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n")
    con = db.connect(tmp_path / "b.duckdb")
    load_directory(con, ROOT / "data" / "demo", demo=True)
    rows = ingest_dir(con, folder, progress=False, workers=2, batch_size=64)
    assert [r.status for r in rows] == ["loaded", "replaced"] * 5
    current = con.execute(
        "SELECT year, count(*) FILTER (WHERE is_current), count(*) FROM lke_submissions GROUP BY year ORDER BY year"
    ).fetchall()
    assert current == [(y, 1, 2) for y in range(2021, 2026)]
    # the current version is the later file, with its own score
    files = con.execute("SELECT file_name FROM lke_submissions WHERE is_current ORDER BY year").fetchall()
    assert [f[0] for f in files] == [f"v{i}.xlsx" for i in (1, 3, 5, 7, 9)]
    con.close()


def test_ingest_dir_exit_codes(tmp_path):
    assert run("ingest-dir", str(tmp_path / "tidak-ada"), "--db", str(tmp_path / "x.duckdb")).returncode == 2
    folder = tmp_path / "ok"
    folder.mkdir()
    real_copy(folder, name="a.xlsx")
    (folder / "manifest.csv").write_text("file,unit,year,stage\na.xlsx,81-KEJATI,2023,self\n")
    dbp = tmp_path / "ok.duckdb"
    con = db.connect(dbp)
    load_directory(con, ROOT / "data" / "demo", demo=True)
    con.close()
    assert run("ingest-dir", str(folder), "--db", str(dbp)).returncode == 0


def test_workers_never_rerun_the_parents_main_script(tmp_path, monkeypatch):
    """Under Streamlit/AppTest `__main__` is a page script; spawned workers must not execute it again."""
    import types

    from loaders.bulk import ingest_dir

    script = tmp_path / "halaman.py"
    script.write_text("raise SystemExit('skrip utama dijalankan ulang di proses pekerja')\n")
    fake = types.ModuleType("__main__")
    fake.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", fake)
    folder = copies_with_manifest(tmp_path / "sepuluh", 10, "ABC", 5, ("self", "tpi"))
    con = db.connect(tmp_path / "m.duckdb")
    load_directory(con, ROOT / "data" / "demo", demo=True)
    rows = ingest_dir(con, folder, progress=False, workers=2)
    con.close()
    assert [r.status for r in rows] == ["loaded"] * 10
    assert sys.modules["__main__"] is fake


def test_cli_scores_in_forked_workers(tmp_path):
    """More than 8 files: the command line forks its scoring processes before it imports DuckDB;
    every file is scored and stored, a bad one is reported, and a re-run changes nothing."""
    folder = copies_with_manifest(tmp_path / "dua-belas", 12, "ABCQ", 4, ("self", "tpi", "tpn"))
    dbp = tmp_path / "f.duckdb"
    con = db.connect(dbp)
    load_directory(con, ROOT / "data" / "demo", demo=True)
    con.close()
    first = run("ingest-dir", str(folder), "--db", str(dbp), "--no-progress")
    assert first.returncode == 1, first.stderr
    assert "dimuat 9, tidak berubah 0, diganti 0, ditolak 3" in first.stdout
    assert first.stdout.count("K9") == 3  # the 'Q' answers, each with its cell
    second = run("ingest-dir", str(folder), "--db", str(dbp), "--no-progress")
    assert "dimuat 0, tidak berubah 9, diganti 0, ditolak 3" in second.stdout
