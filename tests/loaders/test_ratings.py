"""Ombudsman RI and KPK MCP loaders: xlsx and CSV, each methodology year, bad files, history, the command line.
The queries against pandas are in tests/store/test_rating_queries.py, the pages in tests/pages/test_rating_pages.py."""

from __future__ import annotations

import subprocess
import sys

import pytest

from loaders.ratings import ingest_ratings
from loaders.reference_tables import load_directory
from pantauzi.core import signals
from pantauzi.core.problems import WorkbookRejected
from pantauzi.store import db, rating_queries
from pantauzi.workbooks.rating_template import write_template
from tests.lke_helpers import ROOT

DEMO = ROOT / "data" / "demo" / "ratings"


@pytest.fixture()
def con(tmp_path):
    c = db.connect(tmp_path / "r.duckdb")
    load_directory(c, ROOT / "data" / "demo", demo=True)
    yield c
    c.close()


def counts(con) -> dict[str, int]:
    return {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
        for t in ("ombudsman_ratings", "mcp_scores", "mcp_area_owners", "imports")
    }


def omb(tmp_path, rows, name="omb.xlsx"):
    return write_template("ombudsman", tmp_path / name, rows)


def row(**kw):
    base = {
        "tingkat": "pemda",
        "kode_wilayah": "81.71",
        "tahun": 2023,
        "ukuran": "nilai",
        "nilai": 89.03,
        "sumber": "uji",
        "sintetis": "Tidak",
    }
    return {**base, **kw}


@pytest.mark.parametrize(
    "year, score, zone, category, method",
    [
        (2019, 80.99, "kuning", None, "survei_kepatuhan"),  # bands 81 / 51
        (2019, 81, "hijau", None, "survei_kepatuhan"),
        (2021, 50.99, "merah", None, "penilaian_kepatuhan"),
        (2022, 87.99, "hijau", "B", "opini_kepatuhan"),  # A 88, B 78, C 54, D 32
        (2023, 53.99, "merah", "D", "opini_kepatuhan"),
        (2024, 31.5, "merah", "E", "opini_kepatuhan"),
        (2025, 81.2, "hijau", "B", "opini_maladministrasi"),  # [U] bands as data
    ],
)
def test_each_methodology_year_derives_its_band(con, tmp_path, year, score, zone, category, method):
    out = ingest_ratings(con, "ombudsman", omb(tmp_path, [row(tahun=year, nilai=score)]))
    assert out.status == "loaded"
    got = con.execute("SELECT zone, category, methodology FROM ombudsman_ratings").fetchall()
    assert got == [(zone, category, method)]


def test_published_zone_against_the_bands_is_a_warning_and_the_band_wins(con, tmp_path):
    path = omb(tmp_path, [row(tahun=2024, nilai=72.44), row(tahun=2024, ukuran="zona", nilai="hijau")])
    out = ingest_ratings(con, "ombudsman", path)
    assert len(out.warnings) == 1 and out.warnings[0].cell == "G3" and "kuning" in out.warnings[0].render()
    assert con.execute("SELECT zone, published_zone FROM ombudsman_ratings").fetchall() == [("kuning", "hijau")]


def test_zone_only_opd_and_dimensions(con, tmp_path):
    path = omb(
        tmp_path,
        [
            row(tahun=2022, ukuran="zona", nilai="kuning"),
            row(tingkat="opd", kode_unit="81.71-DPMPTSP", tahun=2023, nilai=84.0),
            row(tingkat="opd", kode_unit="81.71-DPMPTSP", tahun=2023, ukuran="proses", nilai="81,5"),
            row(tingkat="opd", nama_entitas="Dinas Sosial", tahun=2023, nilai=75.16),
        ],
    )
    ingest_ratings(con, "ombudsman", path)
    got = con.execute(
        "SELECT level, entity_key, score, zone, dim_proses FROM ombudsman_ratings ORDER BY ALL"
    ).fetchall()
    assert got == [
        ("opd", "81.71-DPMPTSP", 84.0, "hijau", 81.5),
        ("opd", "81.71|Dinas Sosial", 75.16, "kuning", None),
        ("pemda", "81.71", None, "kuning", None),
    ]


@pytest.mark.parametrize(
    "edit, cell, words",
    [
        ({"tahun": 2020}, "E2", "2020"),  # no survey that year: never a 0
        ({"nilai": 101}, "G2", "di luar rentang"),
        ({"nilai": "sembilan"}, "G2", "angka"),
        ({"kode_wilayah": "99.99"}, "B2", "tidak dikenal"),
        ({"tingkat": "kementerian"}, "A2", "tingkat"),
        ({"ukuran": "kepatuhan"}, "F2", "ukuran tidak dikenal"),
        ({"ukuran": "proses", "tahun": 2021}, "F2", "dimensi"),  # no dimensions before 2022
        ({"tingkat": "opd", "kode_unit": "81.71-TIDAKADA"}, "C2", "kode unit"),
        ({"tingkat": "opd", "kode_unit": "36.71-KEJARI"}, "C2", "wilayah"),
    ],
)
def test_bad_ombudsman_cells_refuse_the_file_and_store_nothing(con, tmp_path, edit, cell, words):
    before = counts(con)
    with pytest.raises(WorkbookRejected) as err:
        ingest_ratings(con, "ombudsman", omb(tmp_path, [row(), row(**{"tahun": 2024, **edit})]))
    cells = [p.cell for p in err.value.problems]
    text = err.value.render()
    assert words in text and "lembar 'Data'" in text
    assert cell.replace("2", "3") in cells  # the second data row is row 3
    assert counts(con) == before


def test_duplicate_rows_and_missing_columns(con, tmp_path):
    with pytest.raises(WorkbookRejected, match="baris ganda"):
        ingest_ratings(con, "ombudsman", omb(tmp_path, [row(), row()]))
    bad = tmp_path / "kolom.csv"
    bad.write_text("wilayah,tahun,nilai\n81.71,2023,80\n")
    with pytest.raises(WorkbookRejected, match="kolom wajib"):
        ingest_ratings(con, "ombudsman", bad)


def test_same_file_twice_is_unchanged_and_a_new_file_keeps_history(con, tmp_path):
    first = omb(tmp_path, [row(tahun=2024, nilai=90.0)], "a.xlsx")
    assert ingest_ratings(con, "ombudsman", first).status == "loaded"
    before = counts(con)
    assert ingest_ratings(con, "ombudsman", first).status == "unchanged"
    assert counts(con) == before
    out = ingest_ratings(con, "ombudsman", omb(tmp_path, [row(tahun=2024, nilai=91.01)], "b.xlsx"))
    assert out.status == "replaced" and out.replaced == 1
    rows = con.execute("SELECT score, is_current, file_name FROM ombudsman_ratings ORDER BY id").fetchall()
    assert rows == [(90.0, False, "a.xlsx"), (91.01, True, "b.xlsx")]


def test_csv_with_the_same_columns(con, tmp_path):
    path = tmp_path / "mcp.csv"
    path.write_text(
        "kode_wilayah;tahun;area;nilai;sumber;sintetis\n81.71;2023;total;75,13;uji;Tidak\n"
        "81.71;2024;pelayanan_publik;78;uji;Ya\n81.71;2023;perizinan;88;uji;Tidak\n"
    )
    out = ingest_ratings(con, "mcp", path)
    assert out.rows == 3
    assert con.execute("SELECT area_key, score, synthetic FROM mcp_scores ORDER BY ALL").fetchall() == [
        ("pelayanan_publik", 78.0, True),
        ("perizinan", 88.0, False),
        ("total", 75.13, False),
    ]


def test_mcp_areas_follow_the_year(con, tmp_path):
    path = tmp_path / "salah.csv"
    path.write_text(
        "kode_wilayah,tahun,area,nilai\n81.71,2024,perizinan,80\n81.71,2022,pelayanan_publik,80\n81.71,2019,total,-3\n"
    )
    with pytest.raises(WorkbookRejected) as err:
        ingest_ratings(con, "mcp", path)
    cells = {p.cell for p in err.value.problems}
    assert cells == {"C2 (area)", "C3 (area)", "D4 (nilai)"}
    assert "2024" in err.value.render() and "pelayanan_publik" in err.value.render()


def test_owners_sheet_overrides_the_convention(con, tmp_path):
    path = write_template(
        "mcp",
        tmp_path / "m.xlsx",
        [{"kode_wilayah": "81.71", "tahun": 2024, "area": "pajak", "nilai": 70}],
        [{"kode_wilayah": "81.71", "area": "pelayanan", "kode_unit": "81.71-DUKCAPIL"}],
    )
    ingest_ratings(con, "mcp", path)
    owners = rating_queries.mcp_owners(con)
    units = rating_queries.pemda_units(con, "81.71")
    assert signals.owned_areas("81.71-DUKCAPIL", "81.71", owners, units) == ["pelayanan"]
    assert signals.owned_areas("81.71-DPMPTSP", "81.71", owners, units) == []
    assert signals.owned_areas("81.71-BPPRD", "81.71", owners, units) == ["pajak"]  # convention: BPPRD
    bad = write_template(
        "mcp",
        tmp_path / "b.xlsx",
        [{"kode_wilayah": "81.71", "tahun": 2024, "area": "pajak", "nilai": 70}],
        [{"kode_wilayah": "81.71", "area": "pajak", "kode_unit": "53.02-DPMPTSP"}],
    )
    with pytest.raises(WorkbookRejected, match="bukan milik pemda"):
        ingest_ratings(con, "mcp", bad)


@pytest.mark.slow  # the command line, in a subprocess
def test_cli_exit_codes(tmp_path):
    dbp = tmp_path / "cli.duckdb"
    ok = subprocess.run(
        [sys.executable, "-m", "loaders", "ingest-ombudsman", str(DEMO / "ombudsman.xlsx"), "--db", str(dbp)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    # a database without the demo units: OPD rows naming registered units are refused, exit 2
    assert ok.returncode == 2 and "kode unit tidak dikenal" in ok.stderr and "Traceback" not in ok.stderr
    c = db.connect(dbp)
    load_directory(c, ROOT / "data" / "demo", demo=True)
    c.close()
    for kind in ("ombudsman", "mcp"):
        out = subprocess.run(
            [sys.executable, "-m", "loaders", f"ingest-{kind}", str(DEMO / f"{kind}.xlsx"), "--db", str(dbp)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0 and out.stdout.startswith("dimuat: "), out.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "loaders", "ingest-mcp", str(tmp_path / "tidak-ada.xlsx"), "--db", str(dbp)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "tidak ditemukan" in missing.stderr
