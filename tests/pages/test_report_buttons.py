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


def _rekap(at):
    return [b for b in at.get("download_button") if b.proto.id and "unduh_rekap" in b.proto.id]


def test_pages_download_buttons(demo_db):
    """Every page: no file before 'Siapkan rekap Excel' is pressed (nothing made on a view), then the
    download button of the file made; another selection lets the file go."""
    at = app({"kabkota": "81.71"})
    assert _rekap(at) == []
    at.button(key="siapkan_rekap").click().run()
    assert not at.exception
    assert len(_rekap(at)) == 1 and not [b for b in at.button if b.key == "siapkan_rekap"]
    made = _rekap(at)[0].proto  # a file already made (not a deferred one), pressed without a rerun
    assert "/media/" in made.url and not made.deferred_file_id and made.ignore_rerun
    _rekap(at)[0].click().run()
    assert not at.exception and len(_rekap(at)) == 1
    # another focus year: the 2025 file is not offered for it
    [s for s in at.main.selectbox if s.label == "Tahun penilaian"][0].set_value(2023).run()
    assert _rekap(at) == [] and [b for b in at.button if b.key == "siapkan_rekap"]
    for page in (
        "app_pages/area_perubahan.py",
        "app_pages/ombudsman.py",
        "app_pages/mcp.py",
        "app_pages/profil_opd.py",
    ):
        at.switch_page(page).run()
        if not _rekap(at):
            at.button(key="siapkan_rekap").click().run()
        assert not at.exception, page
        assert len(_rekap(at)) == 1, page


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
