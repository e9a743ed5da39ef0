"""The app serving, `ingest-dir` of 300 workbooks and `reports rekap` at once on one DuckDB file."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import urllib.request

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from pantauzi.store import db
from tests.browser.conftest import start_app
from tests.lke_helpers import ROOT, real_copy

pytestmark = pytest.mark.slow  # a streamlit server, ingest-dir and reports in processes of their own

YEAR = 2021  # the demo has 13 of its 18 units in 2021: the run adds the other 5


def units_with_scores(path, year: int) -> int:
    con = db.connect(path, read_only=True)
    try:
        return int(db.scalar(con, "SELECT count(DISTINCT unit_code) FROM lke_current WHERE year = ?", [year]))
    finally:
        con.close()


def folder_of_300(tmp_path, path) -> tuple:
    """300 workbooks (three answer variants, byte copies) for every unit x 2021-2026 x stage until 300."""
    con = db.connect(path, read_only=True)
    units = [r[0] for r in con.execute("SELECT code FROM units ORDER BY code").fetchall()]
    con.close()
    variants = [real_copy(tmp_path, {"K9": k}, name=f"v{k}.xlsx") for k in "ABC"]
    folder = tmp_path / "kiriman"
    folder.mkdir()
    lines = ["file,unit,year,stage"]
    targets = itertools.product(range(2021, 2027), ("self", "tpi", "tpn"), units)
    for i, (year, stage, unit) in enumerate(itertools.islice(targets, 300)):
        name = f"{unit}/{year}-{stage}.xlsx"
        (folder / unit).mkdir(exist_ok=True)
        shutil.copy(variants[i % 3], folder / name)
        lines.append(f"{name},{unit},{year},{stage}")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n")
    return folder, units


def healthy(url: str) -> bool:
    try:
        return urllib.request.urlopen(url + "/_stcore/health", timeout=30).read() == b"ok"
    except OSError:
        return False


def readiness_total(at: AppTest) -> int:
    """Units counted by the Ringkasan page's readiness metrics (Siap WBBM + Siap WBK + Belum siap)."""
    values = {m.label: m.value for m in at.metric}
    return sum(int(values[k]) for k in ("Siap WBBM", "Siap WBK", "Belum siap"))


def test_app_ingest_dir_and_rekap_at_once(demo_db, tmp_path, monkeypatch):
    path = tmp_path / "bersama.duckdb"
    shutil.copy(demo_db, path)
    folder, units = folder_of_300(tmp_path, path)
    before = units_with_scores(path, YEAR)
    assert before < len(units)
    monkeypatch.setenv("PANTAUZI_DB", str(path))
    monkeypatch.setenv(db.WAIT_ENV, "120")  # a slow shared machine: waits are long, never errors
    at = AppTest.from_file("../../dashboard.py", default_timeout=180)
    at.query_params.update({"tahun_dari": str(YEAR), "tahun_sampai": str(YEAR)})
    at.run()
    assert not at.exception
    assert readiness_total(at) == before  # this page holds the file only while it reads

    proc, url = start_app(path)
    try:
        env = {**os.environ, db.WAIT_ENV: "120"}
        ingest = subprocess.Popen(
            [sys.executable, "-m", "loaders", "ingest-dir", str(folder), "--db", str(path), "--no-progress"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        reports: list[subprocess.CompletedProcess] = []
        while ingest.poll() is None or not reports:
            # the app's health, a page rerun (reads the file) and a report, again and again during the run
            assert healthy(url)
            at.run()
            assert not at.exception, [e.message for e in at.exception]
            out = tmp_path / f"rekap-{len(reports)}.xlsx"
            reports.append(
                subprocess.run(
                    [sys.executable, "-m", "reports", "rekap", "--db", str(path), "--out", str(out)],
                    cwd=ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=600,
                )
            )
            assert reports[-1].returncode == 0, reports[-1].stderr
            assert out.stat().st_size > 0
        stdout, stderr = ingest.communicate(timeout=600)
        assert ingest.returncode == 0, stderr + stdout[-3000:]
        counts = stdout.strip().splitlines()[-1]
        assert "ditolak 0" in counts and "dimuat 0" not in counts, counts
        assert healthy(url)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    after = units_with_scores(path, YEAR)
    assert after == len(units) > before
    at.run()  # the next rerun: a new data version, so the cached reads are read again
    assert not at.exception
    assert readiness_total(at) == after
    con = db.connect(path, read_only=True)
    try:
        assert db.scalar(con, "SELECT count(*) FROM imports WHERE loaded_by = 'ingest-dir'") == 300
    finally:
        con.close()
    assert openpyxl.load_workbook(tmp_path / "rekap-0.xlsx", read_only=True).sheetnames
