"""The Ombudsman RI, KPK MCP and Profil OPD pages and the Ringkasan three-signal table, through AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from pantauzi.core import signals


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
