"""Issue 19 point 19: the ZI milestones Excel template (pantauzi.workbooks.milestone_template) and its
loader (loaders.milestones): a filled template loads in one transaction; bad cells are named in
Indonesian and nothing is stored."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from loaders import milestones as loader
from pantauzi.core.milestones import Milestone
from pantauzi.core.problems import WorkbookRejected
from pantauzi.store import db
from pantauzi.workbooks.milestone_template import write_template

# the template is parsed in a capped child process (loaders.sandbox): not in the fast tier
pytestmark = pytest.mark.slow
UNIT = "81.71-DPMPTSP"


@pytest.fixture
def con(demo_db, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_db, path)
    c = db.connect(path)
    yield c
    c.close()


def _filled(path, rows, prefill=()):
    write_template(path, list(prefill))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Tonggak ZI", "Petunjuk"]
    ws = wb["Tonggak ZI"]
    assert [c.value for c in ws[1]] == ["Kode Unit", "Tonggak", "Tahun", "Tanggal", "Nomor SK", "Catatan"]
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_a_filled_template_loads_and_recomputes_readiness(con, tmp_path):
    old = Milestone(UNIT, "pencanangan", 2022, dt.date(2022, 9, 21), None, "=piagam")  # pre-filled as text
    path = _filled(
        tmp_path / "t.xlsx",
        [
            [UNIT, "wbk", 2025, dt.datetime(2025, 12, 10), "SK MenPANRB 1234/2025", "dari templat"],
            [UNIT, "WBBM", "2026", None, "SK 7/2026"],
        ],
        prefill=[old],
    )
    out = loader.ingest_file(con, path, by="adi")
    assert (out.saved, out.removed) == (3, 0) and out.recomputed >= 1
    rows = con.execute(
        "SELECT kind, year, date, decree, note FROM zi_milestones WHERE unit_code = ? ORDER BY year, kind", [UNIT]
    ).fetchall()
    assert rows == [
        ("pencanangan", 2022, dt.date(2022, 9, 21), None, "=piagam"),  # written as text, never a formula
        ("wbk", 2025, dt.date(2025, 12, 10), "SK MenPANRB 1234/2025", "dari templat"),
        ("wbbm", 2026, None, "SK 7/2026", None),
    ]
    assert con.execute("SELECT max(kind) FROM imports WHERE kind = 'tonggak' AND loaded_by = 'adi'").fetchall() == [
        ("tonggak",)
    ]


def test_bad_cells_are_named_and_nothing_is_stored(con, tmp_path):
    before = con.execute("SELECT count(*) FROM zi_milestones").fetchall()
    path = _filled(
        tmp_path / "salah.xlsx",
        [
            [UNIT, "wbk", 2025, None, "SK 1/2025"],
            ["99.99-TIDAKADA", "wbk", 2024],
            [UNIT, "predikat", 2024],
            [UNIT, "wbbm", 2025, None, "SK 2/2025"],  # the same year as its WBK
            [UNIT, "dicabut", 2040],
        ],
    )
    with pytest.raises(WorkbookRejected) as exc:
        loader.ingest_file(con, path)
    cells = {p.cell for p in exc.value.problems}
    assert cells == {"A3", "B4", "B5", "C6"}, exc.value.render()
    text = exc.value.render()
    assert "lembar 'Tonggak ZI'" in text and "tidak dikenal" in text and "memerlukan predikat WBK" in text
    assert con.execute("SELECT count(*) FROM zi_milestones").fetchall() == before
    # unreadable cells are named before anything is checked against the store
    path = _filled(tmp_path / "tak-terbaca.xlsx", [[UNIT, "wbk", "dua ribu"], [UNIT, "wbk", 2024, "besok"]])
    with pytest.raises(WorkbookRejected) as exc:
        loader.ingest_file(con, path)
    assert {p.cell for p in exc.value.problems} == {"C2", "D3"}


def test_not_a_milestones_template(con, tmp_path):
    path = tmp_path / "lain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Nama", "Nilai"])
    wb.save(path)
    with pytest.raises(WorkbookRejected) as exc:
        loader.ingest_file(con, path)
    assert "bukan templat tonggak ZI" in exc.value.render()
