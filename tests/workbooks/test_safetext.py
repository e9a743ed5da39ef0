"""Every workbook PantauZI writes (LKE templates of both layouts, the rating templates) and every CSV it
offers holds no formula it did not mean: text that looks like one stays text, numbers stay numbers."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from loaders.lke import score_file
from loaders.ratings import ingest_ratings
from loaders.reference_tables import load_directory
from pantauzi.core import ratings, refdata
from pantauzi.store import db
from pantauzi.workbooks import lke_template, safetext
from pantauzi.workbooks.rating_template import write_template
from tests.lke_helpers import ROOT

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


def formula_cells(path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [
        f"{ws.title}!{c.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


def all_values(path) -> list:
    wb = openpyxl.load_workbook(path)
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_cell_keeps_the_text_and_makes_it_text(tmp_path, value):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = value
    ws["A2"] = -3.5
    ws["A3"] = "Kota Ambon"
    ws["A4"] = "=SUM(A2:A2)"  # a formula PantauZI means to write
    safetext.save(wb, tmp_path / "t.xlsx", {ws.title: {"A4"}})
    back = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert back["A1"].value == value.replace("\r", "\n")  # XML reads a stored CR as LF
    assert back["A1"].data_type == "s" and back["A1"].quotePrefix
    assert back["A2"].value == -3.5 and back["A2"].data_type == "n"  # a negative number stays a number
    assert back["A3"].data_type == "s" and not back["A3"].quotePrefix
    assert back["A4"].data_type == "f"  # the intended one stays


def test_without_harden_openpyxl_would_write_a_formula(tmp_path):
    """What the rule protects against (so the tests above can fail)."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = HOSTILE[0]
    wb.save(tmp_path / "raw.xlsx")
    assert formula_cells(tmp_path / "raw.xlsx") == ["Sheet!A1"]


def test_lke_templates_hold_no_formula_even_with_hostile_notes_and_answers(tmp_path):
    m = refdata.for_layout("legacy")
    q = [x for x in m.questions if m.answer_types[x.type]["kind"] == "choice"][:2]
    notes = {q[0].id: HOSTILE[0], q[1].id: "@SUM(1)"}
    paths = [
        lke_template.blank_legacy(tmp_path / "blank-legacy.xlsx"),
        lke_template.blank_portalrb(tmp_path / "blank-portalrb.xlsx"),
        lke_template.write_legacy(tmp_path / "legacy.xlsx", {q[0].id: "=1+1"}, notes=notes),
        lke_template.write_portalrb(
            tmp_path / "portalrb.xlsx",
            {x.id: "=1+1" for x in refdata.for_layout("portalrb").questions[:1]},
            notes={refdata.for_layout("portalrb").questions[0].id: "-cmd"},
        ),
    ]
    for path in paths:
        assert formula_cells(path) == [], path.name
    values = all_values(paths[2])
    assert HOSTILE[0] in values and "@SUM(1)" in values and "=1+1" in values  # kept as text, unchanged
    # the blank template still reads back through the loader exactly as before (labels like '- Jumlah …')
    res = score_file(paths[0])
    assert res.score.answered == 0


def test_rating_templates_round_trip_hostile_text_through_the_loader(tmp_path):
    rows = [
        {
            "tingkat": "opd",
            "kode_wilayah": "81.71",
            "nama_entitas": "=cmd|' /C calc'!A0",
            "tahun": 2024,
            "ukuran": "nilai",
            "nilai": 72.5,
            "sumber": '=HYPERLINK("http://x","klik")',
            "sintetis": "Tidak",
        }
    ]
    omb = write_template("ombudsman", tmp_path / "omb.xlsx", rows)
    mcp = write_template(
        "mcp",
        tmp_path / "mcp.xlsx",
        [{"kode_wilayah": "81.71", "tahun": 2024, "area": "total", "nilai": 70, "sumber": "+62 811", "sintetis": "Ya"}],
        owners=[{"kode_wilayah": "81.71", "area": next(iter(ratings.comparable_areas())), "kode_unit": "=1"}],
    )
    blank = [write_template(k, tmp_path / f"blank-{k}.xlsx") for k in ("ombudsman", "mcp")]
    for path in [omb, mcp, *blank]:
        assert formula_cells(path) == [], path.name
    con = db.connect(tmp_path / "r.duckdb")
    try:
        load_directory(con, ROOT / "data" / "demo", demo=True)
        assert ingest_ratings(con, "ombudsman", omb).status == "loaded"
        got = con.execute("SELECT entity_name, source FROM ombudsman_ratings").fetchall()
    finally:
        con.close()
    assert got == [("=cmd|' /C calc'!A0", '=HYPERLINK("http://x","klik")')]  # the value itself unchanged


def test_csv_fields_get_an_apostrophe_and_numbers_stay_numbers():
    from ui import downloads

    df = pd.DataFrame(
        {
            "Unit": [*HOSTILE, "Kota Ambon", None],
            "Nilai": [-3.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, float("nan")],
        }
    )
    data = downloads.csv_bytes(df)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Unit", "Nilai"]
    units = [r[0] for r in rows[1:]]
    assert units[: len(HOSTILE)] == ["'" + h for h in HOSTILE]
    assert units[len(HOSTILE) :] == ["Kota Ambon", ""]
    assert [r[1] for r in rows[1:]][:2] == ["-3.5", "1.0"] and rows[-1][1] == ""
    assert not any(u[:1] in safetext.RISKY_START for u in units)
    assert safetext.csv_field(-3) == -3 and safetext.csv_field("-") == "'-"
