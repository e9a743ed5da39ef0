"""Every page through AppTest, from dashboard.py, against a database built by the real loaders."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from pantauzi.store import db

APP = "../../dashboard.py"


def app(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def test_ringkasan_is_the_default_page(demo_db):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Ringkasan"
    assert len(at.get("plotly_chart")) >= 2
    assert any("Data contoh" in c.value for c in at.caption)
    labels = [m.label for m in at.metric]
    assert labels == ["Siap WBBM", "Siap WBK", "Belum siap", "Belum lengkap"]


def test_area_page_follows_url(demo_db):
    at = app({"tahun": "2024", "provinsi": "81"})
    at.switch_page("app_pages/area_perubahan.py").run()
    assert not at.exception
    assert at.title[0].value == "Area Perubahan"
    assert at.sidebar.selectbox[0].value == "81"
    assert len(at.get("plotly_chart")) >= 3


def test_filter_round_trip_limits_the_data(demo_db):
    at = app({"provinsi": "81", "kabkota": "81.71", "tahun_dari": "2023", "tahun_sampai": "2025"})
    assert not at.exception
    sb = {s.label: s.value for s in at.sidebar.selectbox}
    assert sb["Provinsi"] == "81" and sb["Kabupaten/Kota"] == "81.71"
    assert at.sidebar.slider[0].value == (2023, 2025)
    assert at.query_params["provinsi"] == ["81"] or at.query_params["provinsi"] == "81"
    units = [s for s in at.main.selectbox if s.label == "Unit untuk ditinjau"][0]
    assert units.options and all("Kota Ambon" in o for o in units.options)


def test_changing_the_filter_writes_the_url(demo_db):
    at = app()
    at.sidebar.selectbox[0].set_value("53").run()
    assert not at.exception
    assert at.query_params["provinsi"] in ("53", ["53"])


def test_empty_selection_says_so(demo_db):
    at = app({"unit": "81.71-DINKES", "tahun_dari": "2021", "tahun_sampai": "2022"})
    assert not at.exception
    assert any("Belum ada data" in i.value for i in at.info)


def _national(monkeypatch, national_db, params=None):
    import streamlit as st

    monkeypatch.setenv("PANTAUZI_DB", str(national_db))
    st.cache_data.clear()  # the demo database's answers must not be served from the cache
    return app(params)


def _chart_titles(at) -> str:
    return " ".join(c.proto.spec for c in at.get("plotly_chart")).replace("\\u003cbr\\u003e", " ")  # titles wrap


def test_national_selection_is_drawn_by_groups_with_a_unit_search(monkeypatch, national_db):
    at = _national(monkeypatch, national_db)
    assert not at.exception
    specs = _chart_titles(at)
    assert "per provinsi" in specs and "Sebaran nilai total" in specs
    traces = [t for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]]
    bars = [t for t in traces if t.get("type") == "bar" and t.get("orientation") == "h"]
    assert len(bars) == 4  # one bar trace per readiness status, not per unit
    search = [t for t in at.text_input if t.label == "Cari unit"]
    assert search, "a national selection offers a search box"
    picker = [s for s in at.main.selectbox if s.label == "Unit untuk ditinjau"][0]
    assert len(picker.options) == 50
    search[0].set_value("kejari").run()
    assert not at.exception
    picker = [s for s in at.main.selectbox if s.label == "Unit untuk ditinjau"][0]
    assert picker.options and all("KEJARI" in o for o in picker.options)


def test_a_provinsi_is_drawn_by_kabkota_and_area_page_by_groups(monkeypatch, national_db):
    con = db.connect(national_db)
    busiest = con.execute(
        "SELECT split_part(region_code, '.', 1) p FROM units GROUP BY p ORDER BY count(*) DESC LIMIT 1"
    ).fetchall()[0][0]
    con.close()
    at = _national(monkeypatch, national_db, {"provinsi": busiest})
    if "per kabupaten/kota" not in _chart_titles(at):  # 50 units or fewer in that provinsi: per unit
        assert "Nilai total per unit" in _chart_titles(at)
    at = _national(monkeypatch, national_db)
    at.switch_page("app_pages/area_perubahan.py").run()
    assert not at.exception
    assert "per provinsi" in _chart_titles(at)
    assert len(at.get("plotly_chart")) >= 3


def test_national_rating_pages_group_per_provinsi(monkeypatch, national_db):
    """Too many pemda for a row each: Ombudsman and MCP are drawn per provinsi, the Ombudsman table
    holds one year (the 200-unit database has few pemda, so the limit is lowered for the test)."""
    from pantauzi.charts import ratings as rating_charts

    monkeypatch.setattr(rating_charts, "MAX_ROWS", 2)
    con = db.connect(national_db)
    year, rated = con.execute(
        "SELECT year, count(*) FROM ombudsman_ratings WHERE level = 'pemda' AND is_current "
        "GROUP BY year ORDER BY year DESC LIMIT 1"
    ).fetchall()[0]
    con.close()
    at = _national(monkeypatch, national_db)
    at.switch_page("app_pages/ombudsman.py").run()
    assert not at.exception
    assert "Rata-rata nilai Ombudsman per provinsi" in _chart_titles(at)
    table = at.dataframe[0].value
    assert len(table) == rated and set(table["Tahun"]) == {str(year)}
    assert list(table["Nilai"]) == sorted(table["Nilai"], key=lambda t: float(t.replace(".", "").replace(",", ".")))
    at.switch_page("app_pages/mcp.py").run()
    assert not at.exception
    assert "rata-rata per provinsi" in _chart_titles(at)


def test_profile_picker_offers_a_search_and_keeps_the_linked_unit(monkeypatch, national_db):
    con = db.connect(national_db)
    last = con.execute("SELECT code FROM units ORDER BY code DESC LIMIT 1").fetchall()[0][0]
    con.close()
    at = _national(monkeypatch, national_db)
    at.switch_page("app_pages/profil_opd.py").run()
    at.query_params["tinjau"] = last  # a link from another page (the first run's Ringkasan set its own)
    at.run()
    assert not at.exception
    picker = [s for s in at.main.selectbox if s.label == "OPD / unit"][0]
    assert picker.value == last and len(picker.options) <= 50
    search = [t for t in at.text_input if t.label == "Cari unit"]
    assert search, "a national selection offers a search box"
    search[0].set_value("puskesmas").run()
    assert not at.exception
    picker = [s for s in at.main.selectbox if s.label == "OPD / unit"][0]
    assert all("PKM" in o or o.startswith(last.split("-", 1)[1]) for o in picker.options)


def test_sidebar_unit_list_waits_for_a_narrower_selection(monkeypatch, national_db):
    """Nationally the OPD select lists no thousands of units (lowered limit for the 200-unit database),
    but a unit from a link stays chosen, and choosing a kab/kota brings the list back."""
    import ui

    monkeypatch.setattr(ui.filter, "SIDEBAR_OPTIONS", 10)
    con = db.connect(national_db)
    unit, region = con.execute(
        "SELECT code, region_code FROM units WHERE contains(region_code, '.') ORDER BY code LIMIT 1"
    ).fetchall()[0]
    small, count = con.execute(
        "SELECT region_code, count(*) n FROM units WHERE contains(region_code, '.') "
        "GROUP BY ALL HAVING n BETWEEN 2 AND 10 ORDER BY n DESC, region_code LIMIT 1"
    ).fetchall()[0]
    con.close()
    at = _national(monkeypatch, national_db)
    units = [s for s in at.sidebar.selectbox if s.label == "OPD / Unit kerja"][0]
    assert units.options == ["Semua OPD / unit"] and "pilih provinsi" in units.help
    at = _national(monkeypatch, national_db, {"unit": unit})
    assert not at.exception
    units = [s for s in at.sidebar.selectbox if s.label == "OPD / Unit kerja"][0]
    assert units.value == unit and len(units.options) == 2
    at = _national(monkeypatch, national_db, {"provinsi": small.split(".")[0], "kabkota": small})
    units = [s for s in at.sidebar.selectbox if s.label == "OPD / Unit kerja"][0]
    assert len(units.options) == count + 1 and not units.help
