"""`python -m loaders ingest-dir`: manifest, recursion, bad files skipped, idempotent, exit codes."""
from __future__ import annotations

import subprocess
import sys

from loaders.reference_tables import load_directory
from pantauzi import db
from tests.lke_helpers import ROOT, real_copy


def run(*args):
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=ROOT, capture_output=True, text=True)


def test_ingest_dir_twice(tmp_path):
    folder = tmp_path / "kiriman"
    (folder / "2024").mkdir(parents=True)
    real_copy(folder, name="kejati.xlsx")
    real_copy(folder / "2024", {"K9": "B"}, name="kejari.xlsx")
    real_copy(folder, {"K9": "Q"}, name="salah.xlsx")
    (folder / "tanpa-manifest.xlsx").write_bytes((folder / "kejati.xlsx").read_bytes())
    (folder / "manifest.csv").write_text("file,unit,year,stage\nkejati.xlsx,81-KEJATI,2023,self\n"
                                         "2024/kejari.xlsx,81.71-KEJARI,2024,tpi\nsalah.xlsx,81-KEJATI,2022,self\n")
    dbp = tmp_path / "d.duckdb"
    con = db.connect(dbp)
    load_directory(con, ROOT / "data" / "demo", demo=True)
    con.close()
    first = run("ingest-dir", str(folder), "--db", str(dbp))
    assert first.returncode == 1, first.stderr
    assert "loaded 2" in first.stdout and "rejected 2" in first.stdout
    assert "K9" in first.stdout and "manifest.csv" in first.stdout
    second = run("ingest-dir", str(folder), "--db", str(dbp))
    assert "loaded 0, unchanged 2, replaced 0, rejected 2" in second.stdout
    con = db.connect(dbp)
    assert con.execute("SELECT count(*) FROM lke_submissions").fetchall()[0][0] == 2
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
