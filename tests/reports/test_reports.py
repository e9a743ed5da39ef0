"""Reports: the Excel recap holds the query functions' numbers, the CLI refuses bad requests with exit 2.
The PDF Laporan ZI is tested in tests/reports/test_laporan.py, the one-page Ringkasan ZI in
tests/reports/test_wilayah.py, the pages' report buttons in tests/pages/test_report_buttons.py."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from python_calamine import CalamineWorkbook

from pantauzi.core.filters import Filter
from pantauzi.store import db, lke_queries
from tests.lke_helpers import ROOT

# each test runs `python -m reports` in a subprocess: not in the fast tier
pytestmark = pytest.mark.slow


@pytest.fixture()
def copy_db(demo_db, tmp_path):
    """The CLI runs in another process: it needs a file no in-process connection (AppTest) holds."""
    path = tmp_path / "demo-copy.duckdb"
    shutil.copyfile(demo_db, path)
    return path


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "reports", *args], cwd=ROOT, capture_output=True, text=True, timeout=180
    )


def sheet(path, name):
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()
    return rows[0], rows[1:]


def test_rekap_numbers_equal_the_query_functions(copy_db, tmp_path):
    out = tmp_path / "rekap.xlsx"
    done = run("rekap", "--db", str(copy_db), "--provinsi", "81", "--tahun", "2024", "--out", str(out))
    assert done.returncode == 0, done.stderr
    names = CalamineWorkbook.from_path(str(out)).sheet_names
    assert names == ["Keterangan", "Ringkasan", "Area Perubahan", "Ombudsman", "KPK MCP"]
    _, about = sheet(out, "Keterangan")
    flat = [str(c) for r in about for c in r]
    assert "Maluku" in flat and "2024–2024" in flat and any("Data contoh" in c for c in flat)
    head, rows = sheet(out, "Ringkasan")
    con = db.connect(copy_db)
    try:
        want = lke_queries.unit_totals(con, Filter(provinsi="81", tahun_dari=2024, tahun_sampai=2024))
        areas = lke_queries.area_scores(con, Filter(provinsi="81", tahun_dari=2024, tahun_sampai=2024))
    finally:
        con.close()
    got = {r[head.index("Kode unit")]: r[head.index("Nilai total")] for r in rows}
    assert got == pytest.approx(dict(zip(want["unit"], want["total"])))
    assert all(isinstance(v, float) for v in got.values())  # numbers stay numbers
    ahead, arows = sheet(out, "Area Perubahan")
    assert sum(r[ahead.index("Nilai")] for r in arows) == pytest.approx(areas["score"].sum())


def test_rekap_styles(copy_db, tmp_path):
    import openpyxl

    out = tmp_path / "r.xlsx"
    assert run("rekap", "--db", str(copy_db), "--kabkota", "81.71", "--out", str(out)).returncode == 0
    ws = openpyxl.load_workbook(out)["Ringkasan"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    col = [c.value for c in ws[1]].index("Nilai total") + 1
    assert ws.cell(2, col).number_format == "#,##0.00"
    ready = [c.value for c in ws[1]].index("Kesiapan") + 1
    fills = {ws.cell(r, ready).value: ws.cell(r, ready).fill.fgColor.rgb for r in range(2, ws.max_row + 1)}
    assert len(set(fills.values())) == len(fills)  # one colour per readiness


def test_bad_requests_exit_2(copy_db, tmp_path):
    for args, words in (
        (["opd", "--unit", "TIDAK-ADA", "--year", "2024"], "tidak dikenal"),
        (["opd", "--unit", "81.71-DPMPTSP", "--year", "2019"], "belum punya nilai LKE tahun 2019"),
        (["rekap", "--provinsi", "99"], "tidak dikenal"),
        (["rekap", "--tahun", "2010"], "Tidak ada nilai"),
    ):
        done = run(*args, "--db", str(copy_db), "--out", str(tmp_path / "x"))
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr, done.stderr


# the PDF Laporan ZI (text, total, pages as PNG): tests/reports/test_laporan.py
