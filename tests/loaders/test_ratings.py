"""Ombudsman RI and KPK MCP: loaders (xlsx and CSV, each methodology year, bad files), history,
queries against independent pandas computations on the demo files, and the pages through AppTest."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook
from streamlit.testing.v1 import AppTest

from loaders.ratings import ingest_ratings
from loaders.reference_tables import load_directory
from pantauzi.core import ratings, signals
from pantauzi.core.filters import Filter
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
        assert out.returncode == 0 and out.stdout.startswith("loaded"), out.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "loaders", "ingest-mcp", str(tmp_path / "tidak-ada.xlsx"), "--db", str(dbp)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "tidak ditemukan" in missing.stderr


# ---------------------------------------------------------------- demo data and queries vs pandas
def demo_frame(kind: str) -> pd.DataFrame:
    rows = CalamineWorkbook.from_path(str(DEMO / f"{kind}.xlsx")).get_sheet_by_name("Data").to_python()
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_demo_uses_published_figures_with_sources(demo_db):
    o = demo_frame("ombudsman")
    ambon_2024 = o[
        (o["kode_wilayah"] == "81.71") & (o["tahun"] == 2024) & (o["ukuran"] == "nilai") & (o["tingkat"] == "pemda")
    ]
    assert list(ambon_2024["nilai"]) == [91.01] and list(ambon_2024["sintetis"]) == ["Tidak"]
    assert ambon_2024["sumber"].iloc[0].startswith("http")
    assert not (o["tahun"] == 2020).any()  # no survey in 2020: absent, never 0
    # Sarolangun was outside the 2025 Opini sample: 'tidak dinilai'
    assert o[(o["kode_wilayah"] == "15.03") & (o["tahun"] == 2025) & (o["tingkat"] == "pemda")].empty


def test_queries_equal_pandas_on_the_demo_files(demo_db):
    con = db.connect(demo_db)  # the pages' in-process connection may hold the file: same configuration
    try:
        f = Filter(provinsi="81", tahun_dari=2019, tahun_sampai=2025)
        got = rating_queries.mcp_scores(con, f)
        m = demo_frame("mcp")
        m["kode_wilayah"] = m["kode_wilayah"].astype(str)
        want = m[m["kode_wilayah"].str.match(r"^81(\.|$)")]
        assert len(got) == len(want)
        assert got["score"].sum() == pytest.approx(want["nilai"].astype(float).sum())
        o = demo_frame("ombudsman")
        o = o[o["kode_wilayah"].astype(str).str.match(r"^81(\.|$)") & (o["ukuran"] == "nilai")]
        ratings_ = rating_queries.ombudsman_ratings(con, f)
        assert ratings_["score"].sum() == pytest.approx(o["nilai"].astype(float).sum())
        comp = signals.mcp_comparable(
            rating_queries.mcp_scores(con, Filter(kabkota="81.71", tahun_dari=2024, tahun_sampai=2024))
        )
        plan = comp[comp["comparable"] == "perencanaan_penganggaran"]["score"].iloc[0]
        mm = m[(m["kode_wilayah"] == "81.71") & (m["tahun"] == 2024) & m["area"].isin(["perencanaan", "penganggaran"])]
        assert plan == pytest.approx(mm["nilai"].astype(float).mean())
    finally:
        con.close()


# ---------------------------------------------------------------- pages
def page(path: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file("../../dashboard.py", default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    return at.switch_page(path).run()


def test_ombudsman_page_marks_methodology_and_gaps(demo_db):
    at = page("app_pages/ombudsman.py", {"provinsi": "81"})
    assert not at.exception and at.title[0].value == "Ombudsman RI"
    fig = at.get("plotly_chart")[0].proto.spec
    assert "tidak ada penilaian" in fig and "Metodologi 2022" in fig
    assert any("Sumber" in d.value.columns for d in at.dataframe)
    assert {d.key for d in at.get("download_button")} >= {"tpl_ombudsman"}


def test_mcp_page_heatmap_and_national_gap(demo_db):
    at = page("app_pages/mcp.py", {"kabkota": "81.71"})
    assert not at.exception and at.title[0].value == "KPK MCP"
    assert any("belum diketahui" in c.value for c in at.caption)  # 2025: no national average published
    at.selectbox(key="mcp_tahun").set_value(2024).run()
    assert len(at.get("plotly_chart")) == 2
    gap = [d.value for d in at.dataframe if "Selisih" in d.value.columns][0]
    assert list(gap["Nasional"]) == ["76,00"] and list(gap["Nilai"]) == ["76,00"]  # Kota Ambon 2024: published 76


def test_profil_opd_shows_the_three_signals(demo_db):
    at = page("app_pages/profil_opd.py", {"tinjau": "81.71-DPMPTSP"})
    assert not at.exception and at.title[0].value == "Profil OPD"
    assert any("Dinas Penanaman Modal" in m.value for m in at.markdown)
    assert any("Perizinan / Pelayanan Publik" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 4


def test_profil_of_a_vertical_unit_says_pemda_signals_do_not_apply(demo_db):
    at = page("app_pages/profil_opd.py", {"tinjau": "81-KEJATI"})
    assert not at.exception
    assert any("instansi vertikal" in c.value for c in at.caption)


def test_ringkasan_three_signal_table_links_to_profiles(demo_db):
    at = page("app_pages/ringkasan.py", {"kabkota": "81.71", "tahun": "2024"})
    assert not at.exception
    table = [d.value for d in at.dataframe if "Ombudsman" in d.value.columns][0]
    ambon = table[table["Unit"].str.startswith("BPPRD")].iloc[0]
    assert ambon["Ombudsman"].startswith("Pemda: 91,01") and ambon["KPK MCP"].startswith("Optimalisasi Pajak")
    assert ambon["Profil"] == "/profil_opd?tinjau=81.71-BPPRD"
    assert set(table.loc[table["Unit"].str.startswith("KEJARI"), "Ombudsman"]) == {signals.NOT_PEMDA}


def test_reference_data_years():
    assert ratings.ombudsman_method(2020) is None and "2020" in ratings.ombudsman_not_rated(2020)
    assert [a.key for a in ratings.mcp_areas(2023)][-1] == "dana_desa"
    assert "dana_desa" not in [a.key for a in ratings.mcp_areas(2024)]
    assert ratings.national_average(2023) == 75.13
