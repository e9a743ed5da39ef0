"""Simulasi in headless Chromium by its deep link: the plan and the criteria drawn, screenshots at desktop
and phone width (one page, resized)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.browser.conftest import assert_no_exception, download, shot, wait_for_app, wait_idle

pytestmark = pytest.mark.browser

UNIT = "53.02-DPMPTSP"


def test_simulasi_at_desktop_and_phone_width(page, app_url):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{app_url}/simulasi?tinjau={UNIT}&tahun=2024")  # the link from Profil OPD: test_browser.py
    wait_for_app(page)
    assert_no_exception(page)
    assert "tahun=2024" in page.url and f"tinjau={UNIT}" in page.url
    main = page.locator('[data-testid="stMain"]')
    assert "Simulasi" in main.locator("h1").first.inner_text()
    text = main.inner_text()
    assert "Rencana perbaikan jawaban" in text and "harus mencapai 3,60" in text and "jawaban diubah" in text
    assert page.locator('[data-testid="stDataFrame"]').count() >= 3  # survey, plan editor, criteria
    # the action list is made on request, then downloaded: the plan's changes, one row each
    page.locator('[data-testid="stButton"] button', has_text="Siapkan daftar tindakan (Excel)").click()
    wait_idle(page)
    assert_no_exception(page)
    got = download(page, page.locator('[data-testid="stDownloadButton"] button', has_text="Unduh daftar tindakan"))
    book = openpyxl.load_workbook(io.BytesIO(got.path().read_bytes()), read_only=True)
    assert sum(1 for _ in book.worksheets[0].iter_rows()) > 1
    shot(page, "simulasi-desktop")
    grids = page.locator('[data-testid="stDataFrame"]')
    grids.nth(1).scroll_into_view_if_needed()
    shot(page, "simulasi-desktop-rencana")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(800)  # relayout only: the script does not rerun
    assert_no_exception(page)
    shot(page, "simulasi-ponsel")
    grids.nth(1).scroll_into_view_if_needed()
    shot(page, "simulasi-ponsel-rencana")
