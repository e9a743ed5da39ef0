"""Rincian Jawaban in headless Chromium: a deep link from another page's link, a filter, desktop and phone
screenshots (artifacts/screenshots/rincian-*.png)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from tests.browser.conftest import assert_no_exception, download, shot, wait_for_app, wait_idle

pytestmark = pytest.mark.browser

UNIT, YEAR = "15.03-BAPENDA", 2024  # a demo unit-year with a self-assessment and a TPI evaluation


def _rows(page) -> int:
    text = page.locator('[data-testid="stCaptionContainer"]', has_text="baris ditampilkan").first.inner_text()
    return int(re.search(r"(\d+) baris ditampilkan", text).group(1))


@pytest.fixture(scope="module")
def tab(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = ctx.new_page()
    yield pg
    ctx.close()


def test_from_ringkasan_link_to_the_page_then_filter_and_phone(tab, app_url):
    tab.goto(f"{app_url}/?provinsi=15&tahun_dari=2021&tahun_sampai=2025&tahun={YEAR}")
    wait_for_app(tab)
    tab.locator('[data-testid="stPageLink"] a', has_text="Rincian Jawaban").first.click()
    tab.wait_for_url("**/rincian_jawaban**tinjau=**", timeout=30000)
    wait_for_app(tab)
    assert_no_exception(tab)
    assert "Rincian Jawaban" in tab.locator('[data-testid="stMain"] h1').first.inner_text()
    assert "provinsi=15" in tab.url and f"tahun={YEAR}" in tab.url
    tab.goto(f"{app_url}/rincian_jawaban?provinsi=15&tinjau={UNIT}&tahun={YEAR}")
    wait_for_app(tab)
    assert_no_exception(tab)
    every = _rows(tab)
    assert every > 127
    assert tab.locator('[data-testid="stDataFrame"]').count() == 2
    assert tab.locator('[data-testid="stDownloadButton"]').count() == 0  # made on request
    shot(tab, "rincian-desktop")
    tab.locator('[data-testid="stDataFrame"]').nth(1).scroll_into_view_if_needed()
    tab.screenshot(path=str(shot(tab, "rincian-desktop-tabel")))
    tab.get_by_text("Hanya yang diubah TPI").click()
    wait_idle(tab)
    assert_no_exception(tab)
    shown = _rows(tab)
    assert 0 < shown < every
    # the files are made on request: the rows on screen, as a workbook
    tab.locator('[data-testid="stButton"] button', has_text="Siapkan unduhan tabel").click()
    wait_idle(tab)
    assert tab.locator('[data-testid="stDownloadButton"]').count() == 2
    got = download(tab, tab.locator('[data-testid="stDownloadButton"] button', has_text="Unduh Excel"))
    sheet = openpyxl.load_workbook(io.BytesIO(got.path().read_bytes()), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) >= shown + 1  # a header and every row shown
    tab.locator('[data-testid="stDataFrame"]').nth(1).scroll_into_view_if_needed()
    tab.screenshot(path=str(shot(tab, "rincian-desktop-diubah-tpi")))
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{app_url}/rincian_jawaban?provinsi=15&tinjau={UNIT}&tahun={YEAR}")
    wait_for_app(tab)
    assert_no_exception(tab)
    shot(tab, "rincian-phone")
    tab.locator('[data-testid="stDataFrame"]').nth(1).scroll_into_view_if_needed()
    tab.screenshot(path=str(shot(tab, "rincian-phone-tabel")))


@pytest.mark.parametrize("width, height, name", [(1440, 900, "desktop"), (390, 844, "phone")])
def test_ringkasan_and_area_show_the_evidence_columns(tab, app_url, width, height, name):
    tab.set_viewport_size({"width": width, "height": height})
    tab.goto(f"{app_url}/?provinsi=15&tahun={YEAR}")
    wait_for_app(tab)
    assert_no_exception(tab)
    assert tab.get_by_text("Kelengkapan bukti dukung:").count() == 1
    three = tab.locator('[data-testid="stDataFrame"]').last
    three.scroll_into_view_if_needed()
    tab.screenshot(path=str(shot(tab, f"ringkasan-bukti-{name}")))
    tab.goto(f"{app_url}/area_perubahan?tahun={YEAR}")
    wait_for_app(tab)
    assert_no_exception(tab)
    table = tab.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    assert "Kelengkapan bukti" in table.inner_text() or table.count() == 1
    tab.screenshot(path=str(shot(tab, f"area-bukti-{name}")))
