"""The pages' report buttons through AppTest: the Excel recap on every page, the PDF laporan on Profil OPD,
the one-page Ringkasan ZI of the selected region on Ringkasan."""

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


def test_ringkasan_builds_the_region_page_on_request(demo_db, tmp_path):
    import re
    import subprocess

    at = app({"kabkota": "81.71"})
    assert not at.exception
    build = [b for b in at.button if b.key and b.key.startswith("buat_wilayah_81.71_")]
    assert len(build) == 1, [b.key for b in at.button]
    year = int(build[0].key.rsplit("_", 1)[1])
    build[0].click().run()
    assert not at.exception and not at.error
    assert [b for b in at.get("download_button") if "unduh_wilayah_81.71" in b.proto.id]
    _, pdf = at.session_state[f"_wilayah_pdf_81.71_{year}"]
    out = tmp_path / "ringkasan.pdf"
    out.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert f"Ringkasan ZI Kota Ambon {year}" in text
    # a national view (no region chosen) offers no region page
    at = app({})
    assert not [b for b in at.button if b.key and b.key.startswith("buat_wilayah_")]
