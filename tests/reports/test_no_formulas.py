"""Stored text never becomes a formula in the Excel recap: names and sources that look like formulas,
loaded through the real loaders (units.csv, an Ombudsman CSV, an MCP CSV), come back as text cells."""

from __future__ import annotations

import csv
import io
import shutil

import openpyxl
import pytest

from loaders.ratings import ingest_ratings
from loaders.reference_tables import load_directory
from pantauzi.core.filters import Filter
from pantauzi.store import db
from reports import rekap
from tests.lke_helpers import ROOT

UNIT_NAME = '=HYPERLINK("http://x")'
INSTANSI_NAME = "+cmd|' /C calc'!A0"
ENTITY = "=cmd|' /C calc'!A0"
SOURCE = '=HYPERLINK("http://contoh.invalid/bukti","klik")'
MCP_SOURCE = "@SUM(1+1)*cmd|' /C calc'!A0"
RISKY = {UNIT_NAME, INSTANSI_NAME, SOURCE, MCP_SOURCE}  # and ENTITY, shown as 'name · Kota Ambon'


def formula_cells(wb: openpyxl.Workbook) -> list[str]:
    return [
        f"{ws.title}!{c.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


def texts(wb: openpyxl.Workbook) -> set[str]:
    return {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture()
def hostile_db(demo_db, tmp_path):
    """The demo database, then a units.csv renaming a Kota Ambon unit and its instansi, an Ombudsman CSV
    and an MCP CSV whose names and sources are formulas, all through the loaders a user runs."""
    path = tmp_path / "hostile.duckdb"
    shutil.copyfile(demo_db, path)
    folder = tmp_path / "ref"
    folder.mkdir()
    demo = ROOT / "data" / "demo"
    with open(demo / "units.csv", encoding="utf-8") as fh:
        units = list(csv.DictReader(fh))
    for u in units:
        if u["code"] == "81.71-DPMPTSP":
            u["name"] = UNIT_NAME
    write_csv(folder / "units.csv", list(units[0]), [list(u.values()) for u in units])
    with open(demo / "instansi.csv", encoding="utf-8") as fh:
        inst = list(csv.DictReader(fh))
    for i in inst:
        if i["code"] == "pemkot-81.71":
            i["name"] = INSTANSI_NAME
    write_csv(folder / "instansi.csv", list(inst[0]), [list(i.values()) for i in inst])
    omb = write_csv(
        tmp_path / "ombudsman.csv",
        ["tingkat", "kode_wilayah", "kode_unit", "nama_entitas", "tahun", "ukuran", "nilai", "sumber", "sintetis"],
        [["opd", "81.71", "", ENTITY, "2024", "nilai", "72,5", SOURCE, "Tidak"]],
    )
    mcp = write_csv(
        tmp_path / "mcp.csv",
        ["kode_wilayah", "tahun", "area", "nilai", "sumber", "sintetis"],
        [["81.71", "2024", "total", "77,5", MCP_SOURCE, "Tidak"]],
    )
    con = db.connect(path)
    try:
        load_directory(con, folder)
        assert ingest_ratings(con, "ombudsman", omb).status == "loaded"
        assert ingest_ratings(con, "mcp", mcp).status in ("loaded", "replaced")  # the demo had 2024
        stored = con.execute("SELECT entity_name, source FROM ombudsman_ratings WHERE is_current").fetchall()
        assert (ENTITY, SOURCE) in stored  # the loaders keep the text exactly
        yield con
    finally:
        con.close()


def test_rekap_writes_hostile_names_as_text(hostile_db):
    data = rekap.build(hostile_db, Filter(provinsi="81", tahun_dari=2024, tahun_sampai=2024))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert formula_cells(wb) == []  # the recap means no formula at all
    found = texts(wb)
    assert RISKY <= found  # every hostile text is there, unchanged, as text
    ring = wb["Ringkasan"]
    head = [c.value for c in ring[1]]
    row = next(r for r in ring.iter_rows(min_row=2) if r[head.index("Unit")].value == UNIT_NAME)
    assert row[head.index("Unit")].data_type == "s" and row[head.index("Unit")].quotePrefix
    assert isinstance(row[head.index("Nilai total")].value, float)  # numbers stay numbers
    omb = wb["Ombudsman"]
    ohead = [c.value for c in omb[1]]
    line = next(r for r in omb.iter_rows(min_row=2) if str(r[ohead.index("Entitas")].value).startswith(ENTITY))
    assert line[ohead.index("Entitas")].data_type == "s"
    assert line[ohead.index("Sumber")].value == SOURCE and line[ohead.index("Nilai")].value == 72.5


def test_rekap_filter_text_from_the_url_is_text(hostile_db):
    """Keterangan repeats the filter, which comes from the URL: '?unit==HYPERLINK(…)' stays text."""
    f = Filter(instansi="-2+3", unit='=HYPERLINK("http://x")', tahun_dari=2024, tahun_sampai=2024)
    wb = openpyxl.load_workbook(io.BytesIO(rekap.build(hostile_db, f, source="@db")))
    assert formula_cells(wb) == []
    assert {"-2+3", '=HYPERLINK("http://x")', "@db"} <= texts(wb)
