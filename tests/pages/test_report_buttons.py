"""The pages' report buttons through AppTest: the Excel recap on every page, the PDF laporan on Profil OPD."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest


def app(params):
    at = AppTest.from_file("../../dashboard.py", default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def test_pages_download_buttons(demo_db):
    at = app({"kabkota": "81.71"})
    rekap = [b for b in at.get("download_button") if b.proto.id and "unduh_rekap" in b.proto.id]
    assert rekap, [b.proto.id for b in at.get("download_button")]
    rekap[0].click().run()  # a press reruns the page; the file is the cached recap of this selection
    assert not at.exception
    at.switch_page("app_pages/area_perubahan.py").run()
    assert not at.exception
    button = [b for b in at.get("download_button") if "unduh_rekap" in b.proto.id][0]
    button.click().run()
    assert not at.exception
    for page in ("app_pages/ombudsman.py", "app_pages/mcp.py", "app_pages/profil_opd.py"):
        at.switch_page(page).run()
        button = [b for b in at.get("download_button") if "unduh_rekap" in b.proto.id][0]
        button.click().run()
        assert not at.exception, page


@pytest.mark.skipif(not shutil.which("chromium"), reason="kaleido exports the figures with Debian chromium")
def test_profil_builds_the_laporan_on_request(demo_db):
    at = app({"tinjau": "81.71-DPMPTSP"})
    at.switch_page("app_pages/profil_opd.py").run()
    at.selectbox(key="laporan_tahun").set_value(2024).run()
    at.button(key="buat_laporan_81.71-DPMPTSP_2024").click().run()
    assert not at.exception and not at.error
    pdf = [b for b in at.get("download_button") if "unduh_laporan" in b.proto.id][0]
    pdf.click().run()
    assert not at.exception
