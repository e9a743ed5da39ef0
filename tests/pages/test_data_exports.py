"""Issue 19 point 5 on the pages: beside the Excel recap, the selection's data as CSV and Parquet at a
chosen level (AppTest); a large selection is built on request."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def app(params):
    at = AppTest.from_file("../../dashboard.py", default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _data_buttons(at):
    return sorted(b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button") if "unduh_data_" in b.proto.id)


def test_data_downloads_beside_the_recap(demo_db):
    at = app({})
    at.switch_page("app_pages/ombudsman.py").run()
    assert not at.exception
    # the whole country on a rating page: built only on request, then CSV and Parquet of the chosen level
    assert _data_buttons(at) == []
    at.selectbox(key="ekspor_tingkat").set_value("jawaban").run()
    at.button(key="siapkan_ekspor").click().run()
    assert not at.exception
    assert len(_data_buttons(at)) == 2, [b.proto.id for b in at.get("download_button")]
    assert any("baris" in c.value for c in at.caption)
    [b for b in at.get("download_button") if "unduh_data_parquet" in b.proto.id][0].click().run()
    assert not at.exception
    # a city, one unit (Profil OPD): made on request too, every level; another level lets the files go
    at = app({"kabkota": "81.71"})
    assert _data_buttons(at) == []
    at.button(key="siapkan_ekspor").click().run()
    assert len(_data_buttons(at)) == 2
    at.switch_page("app_pages/profil_opd.py").run()
    for level in ("subarea", "mcp"):  # the rest of the levels: tests/store/test_exports.py
        at.selectbox(key="ekspor_tingkat").set_value(level).run()
        assert _data_buttons(at) == [], level
        at.button(key="siapkan_ekspor").click().run()
        assert not at.exception, level
        assert len(_data_buttons(at)) == 2, level
