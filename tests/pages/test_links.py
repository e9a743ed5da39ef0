"""Links reproduce the view (AppTest, issue 19 points 1, 2, 4 and 17): one filter state read from and
written to the URL, the page's own choices in the URL too, invalid link values named, the focus year
with data and the Excel recap of that year."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

APP = "../../dashboard.py"


def app(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def url(at: AppTest) -> dict[str, str]:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def sidebar(at: AppTest) -> dict[str, object]:
    return {**{s.label: s.value for s in at.sidebar.selectbox}, "Tahun": at.sidebar.slider[0].value}


def main_select(at: AppTest, label: str):
    return [s for s in at.main.selectbox if s.label == label][0]


def test_page_choices_and_the_stage_keep_the_filter_and_themselves_in_the_url(demo_db):
    """Point 1: a page's own widget (Ombudsman's level and year) and the stage keep every filter level in
    the URL, and the page's choices are in the URL too, so a reload (a new session) shows them again."""
    at = app({"provinsi": "81", "kabkota": "81.71", "tahun_dari": "2021"})
    at.switch_page("app_pages/ombudsman.py").run()
    assert not at.exception
    at.radio(key="omb_tingkat").set_value("opd").run()
    main_select(at, "Tahun penilaian").set_value(2023).run()
    [s for s in at.sidebar.selectbox if s.label == "Tahap penilaian"][0].set_value("tpi").run()
    assert not at.exception
    want = {
        "provinsi": "81",
        "kabkota": "81.71",
        "tahun_dari": "2021",
        "tahap": "tpi",
        "tingkat": "opd",
        "tahun": "2023",
    }
    assert {k: url(at).get(k) for k in want} == want
    reloaded = AppTest.from_file(APP, default_timeout=60)  # the same address in a new session
    for k, v in url(at).items():
        reloaded.query_params[k] = v
    reloaded.run()
    reloaded.switch_page("app_pages/ombudsman.py").run()
    assert not reloaded.exception
    assert sidebar(reloaded) == sidebar(at) and sidebar(at)["Kabupaten/Kota"] == "81.71"
    assert reloaded.radio(key="omb_tingkat").value == "opd" and main_select(reloaded, "Tahun penilaian").value == 2023
    at.switch_page("app_pages/mcp.py").run()  # MCP's year and pemda: in the URL as well
    at.selectbox(key="mcp_tahun").set_value(2023).run()
    assert url(at)["tahun"] == "2023" and url(at)["pemda"] == at.selectbox(key="mcp_pemda").value
    assert url(at)["kabkota"] == "81.71"


def test_a_link_opened_in_the_same_session_wins_over_the_earlier_choice(demo_db):
    """Point 2: the sidebar shows the filter the content is drawn for, also when the URL changes under an
    open session (st.page_link, a link opened in the tab); a page switch (which drops the query string)
    keeps the filter."""
    at = app({"provinsi": "81", "kabkota": "81.71"})
    assert not at.exception
    at.query_params["provinsi"] = "53"
    del at.query_params["kabkota"]
    at.query_params["tahun_dari"] = "2022"
    at.run()
    assert not at.exception
    shown = sidebar(at)
    assert shown["Provinsi"] == "53" and shown["Kabupaten/Kota"] == "" and shown["Tahun"] == (2022, 2026)
    units = main_select(at, "Unit untuk ditinjau")
    assert units.options and all("Kota Ambon" not in o for o in units.options)
    for k in list(at.query_params):  # the navigation menu: the new page opens without a query string
        del at.query_params[k]
    at.switch_page("app_pages/mcp.py").run()
    assert sidebar(at)["Provinsi"] == "53" and url(at)["provinsi"] == "53" and url(at)["tahun_dari"] == "2022"


def test_invalid_link_values_are_named_then_the_default(demo_db):
    """Point 4: ?provinsi=99 (and a bad year, stage, kab/kota or page choice) is said in Indonesian,
    naming the parameter and the value; the default is shown and the URL corrected."""
    at = app({"provinsi": "99", "tahun_dari": "1990", "tahap": "final", "tahun": "2031"})
    assert not at.exception
    texts = [w.value.replace("\\", "") for w in at.warning]  # as shown: the Markdown escapes removed
    assert any("provinsi=99" in t and "semua provinsi" in t for t in texts), texts
    assert any("tahun_dari=1990" in t for t in texts), texts
    assert any("tahap=final" in t for t in texts) and any("tahun=2031" in t for t in texts), texts
    shown = sidebar(at)
    assert shown["Provinsi"] == "" and shown["Tahap penilaian"] == "akhir" and shown["Tahun"] == (2019, 2026)
    assert "provinsi" not in url(at) and "tahun_dari" not in url(at) and url(at)["tahun"] != "2031"
    at.sidebar.selectbox[0].set_value("81").run()  # said once: the next change is no link
    assert not [w for w in at.warning if "99" in w.value]
    at = app({"provinsi": "81", "kabkota": "53.71"})  # a kab/kota outside the provinsi
    assert any("kabkota=53.71" in w.value.replace("\\", "") for w in at.warning), [w.value for w in at.warning]
    assert sidebar(at)["Kabupaten/Kota"] == "" and sidebar(at)["Provinsi"] == "81"


def test_the_focus_year_defaults_to_the_latest_year_with_the_signals_shown(demo_db, monkeypatch):
    """Point 17: the demo's LKE runs to 2026, Ombudsman and MCP to 2025. Ringkasan (LKE with the three
    signals) and Profil OPD open on 2025, Area Perubahan (LKE only) on 2026, Ombudsman and MCP on their
    latest year; the Excel recap is the focus year's."""
    at = app({"kabkota": "81.71"})
    assert not at.exception
    focus = main_select(at, "Tahun penilaian")
    assert focus.value == 2025 and url(at)["tahun"] == "2025"
    assert any("Tiga sinyal 2025" in h.value for h in at.subheader)
    assert "Siapkan rekap Excel 2025 (pilihan ini)" in [b.label for b in at.button]
    focus.set_value(2023).run()
    assert "Siapkan rekap Excel 2023 (pilihan ini)" in [b.label for b in at.button]
    # the file itself is made when that button is pressed, from the focus year's selection
    from pantauzi.core.filters import Filter
    from ui.downloads import recap_filter

    chosen = recap_filter(Filter(kabkota="81.71", tahun_dari=2019, tahun_sampai=2026), 2023)
    assert (chosen.kabkota, chosen.tahun_dari, chosen.tahun_sampai) == ("81.71", 2023, 2023)
    for page, label, year in (
        ("area_perubahan", "Tahun penilaian", 2026),
        ("ombudsman", "Tahun penilaian", 2025),
        ("mcp", "Tahun", 2025),
        ("profil_opd", "Tahun laporan", 2025),
    ):
        del at.query_params["tahun"]  # the navigation menu drops the query string (AppTest keeps it)
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, page
        assert main_select(at, label).value == year, page
        assert f"Siapkan rekap Excel {year} (pilihan ini)" in [b.label for b in at.button], page
