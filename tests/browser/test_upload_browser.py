"""Sign in and upload a workbook through the real page in headless Chromium; viewers get no upload."""

from __future__ import annotations

import pytest

from tests.browser.conftest import save_upload, shot, sign_in, wait_for_app, wait_idle
from tests.lke_helpers import REAL

pytestmark = pytest.mark.browser


def test_viewer_deep_link_to_upload_shows_no_uploader(page, app_url):
    page.goto(f"{app_url}/unggah")
    wait_for_app(page)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert page.locator('[data-testid="stSidebarNav"] a', has_text="Unggah Data").count() == 0
    shot(page, "unggah-sebagai-pimpinan")


def test_evaluator_signs_in_and_uploads(page, login_app):
    url, _ = login_app
    page.goto(url)
    wait_for_app(page)
    assert page.locator('[data-testid="stSidebarNav"] a', has_text="Unggah Data").count() == 0
    sign_in(page, url, "eva", "rahasia-123")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Unggah Data").click()
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=30000)
    wait_idle(page)
    shot(page, "unggah-kosong")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(REAL))
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60000)
    wait_idle(page)
    # the real workbook does not say which unit or year it is: the evaluator picks them
    assert page.locator('button:has-text("Simpan")').first.is_disabled()
    page.locator('[data-testid="stMain"] input[aria-label="Unit"]').first.click()
    page.locator('[role="option"]', has_text="Dinas Penanaman Modal").first.click()
    wait_idle(page)
    year = page.locator('[data-testid="stMain"] input[type="number"]').first
    year.fill("2024")
    year.press("Enter")
    wait_idle(page)
    main = page.locator('[data-testid="stMain"]')
    assert "95,63" in main.inner_text() and "95,58" in main.inner_text()
    shot(page, "unggah-pratinjau")
    saved = save_upload(page)
    assert "pengajuan #" in saved and "nilai 95,63" in saved
    shot(page, "unggah-tersimpan")
    # the server holds the database file; its own version list shows the new version
    page.locator('button:has-text("Simpan")').first.click()
    wait_idle(page)
    assert "tidak ada yang berubah" in page.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()
