"""Issue 19 points 5 and 19 in Chromium at 1440x900 and 390x844: the data download beside the Excel
recap, the 'Predikat ZI' admin page and the predicate line on Profil OPD (screenshots in artifacts/screenshots/)."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import (
    assert_no_exception,
    download,
    shot,
    sign_in,
    start_app,
    stop_app,
    wait_for_app,
    wait_idle,
)

pytestmark = pytest.mark.browser
WIDTHS = {"1440": (1440, 900), "390": (390, 844)}


@pytest.fixture(scope="module")
def admin_app(demo_db, tmp_path_factory):
    from pantauzi.core import access

    folder = tmp_path_factory.mktemp("browser-admin")
    copy = folder / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    auth = folder / "auth.yaml"
    access.add_user(auth, "adi", "Adi Admin", "rahasia-456", "admin", [], [])
    proc, url = start_app(copy, auth)
    yield url
    stop_app(proc)


def _popover(page) -> None:
    """Open 'Unduh data', make the files on request (the first time for this selection), wait for both."""
    page.locator('[data-testid="stPopover"] button', has_text="Unduh data").first.click()
    prepare = page.locator('[data-testid="stButton"] button', has_text="Siapkan data")
    prepare.or_(page.locator('[data-testid="stDownloadButton"] button:has-text("Unduh CSV")')).first.wait_for()
    if prepare.count():
        prepare.click()
    page.wait_for_selector('[data-testid="stDownloadButton"] button:has-text("Unduh CSV")', timeout=30000)
    wait_idle(page)
    assert page.locator('[data-testid="stDownloadButton"] button:has-text("Unduh Parquet")').count() == 1
    assert_no_exception(page)


def test_data_download_and_predikat_page_at_both_widths(browser, admin_app):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    # signed in at 1440 px, then narrowed: a reload would sign out until the sign-in cookie lands (point 6)
    sign_in(page, admin_app, "adi", "rahasia-456")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Predikat ZI").click()
    page.wait_for_selector('h1:has-text("Predikat ZI")', timeout=30000)
    wait_idle(page)
    assert_no_exception(page)
    assert "Predikat yang dipegang" in page.locator('[data-testid="stMain"]').inner_text()
    for name, (w, h) in WIDTHS.items():
        page.set_viewport_size({"width": w, "height": h})
        wait_idle(page)
        shot(page, f"predikat-{name}")
    page.goto(f"{admin_app}/?kabkota=81.71")
    wait_for_app(page)
    for name, (w, h) in reversed(list(WIDTHS.items())):
        page.set_viewport_size({"width": w, "height": h})
        wait_idle(page)
        _popover(page)
        shot(page, f"ekspor-data-{name}")
        page.keyboard.press("Escape")
    page.set_viewport_size({"width": 1440, "height": 900})
    # the file was made on request (not on every view): the download holds the city's rows
    _popover(page)
    got = download(page, page.locator('[data-testid="stDownloadButton"] button:has-text("Unduh CSV")'))
    text = got.path().read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("#") and "81.71" in text, lines[:5]
    assert len([x for x in lines if not x.startswith("#")]) > 1  # a header and the rows
    page.keyboard.press("Escape")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Profil OPD").click()
    page.wait_for_selector('[data-testid="stMain"] p:has-text("Predikat ZI:")', timeout=30000)
    wait_idle(page)
    assert_no_exception(page)
    for name, (w, h) in WIDTHS.items():
        page.set_viewport_size({"width": w, "height": h})
        wait_idle(page)
        shot(page, f"profil-predikat-{name}")
    ctx.close()
