"""Issue 19 point 6: a sign-in survives a reload, a new tab and a cold deep link to /unggah, for the
configured expiry; Keluar ends it, and its cookie replayed afterwards signs nobody in."""

from __future__ import annotations

import time

import pytest

from pantauzi.core import sessions
from tests.browser.conftest import (
    assert_no_exception,
    session_cookie,
    shot,
    wait_idle,
)

pytestmark = pytest.mark.browser
NAV = '[data-testid="stSidebarNav"] a'


def signed_in(page) -> bool:
    return page.locator(NAV, has_text="Unggah Data").count() == 1 and page.locator(NAV, has_text="Masuk").count() == 0


def settled(page) -> None:
    """The run finished and the page has its title (no charts to wait for on these pages)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60000)
    wait_idle(page)


def upload_page(page) -> None:
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=60000)
    settled(page)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().startswith("Unggah Data")
    assert signed_in(page) and "/unggah" in page.url
    assert_no_exception(page)


def test_a_sign_in_survives_reloads_tabs_and_deep_links_until_keluar(browser, login_app):
    url, _ = login_app  # the evaluator eva for Kota Ambon (tests/browser/conftest.py)
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(f"{url}/masuk")
        page.wait_for_selector('input[aria-label="Nama pengguna"]', timeout=60000)
        page.fill('input[aria-label="Nama pengguna"]', "eva")
        page.fill('input[aria-label="Kata sandi"]', "rahasia-123")
        page.locator('[data-testid="stFormSubmitButton"] button').click()
        page.wait_for_selector(f'{NAV}:has-text("Unggah Data")', timeout=60000)
        cookie = session_cookie(ctx)
        assert cookie["name"] == sessions.DEFAULT_COOKIE and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        assert 6.9 * 86400 < cookie["expires"] - time.time() <= 7 * 86400  # the configured 7 days
        page.goto(f"{url}/unggah")  # a cold deep link in the same tab: a new Streamlit session
        upload_page(page)
        page.reload()
        upload_page(page)  # F5 keeps the evaluator signed in, on the same page
        tab = ctx.new_page()
        tab.goto(f"{url}/unggah")  # a new tab, straight to the upload page
        upload_page(tab)
        shot(tab, "sesi-tab-baru-unggah-1440")
        tab.set_viewport_size({"width": 390, "height": 844})
        wait_idle(tab)
        shot(tab, "sesi-tab-baru-unggah-390")
        tab.close()
        # Keluar: the session ends in the store and the cookie goes
        page.locator('[data-testid="stSidebar"] button', has_text="Keluar").click()
        page.wait_for_selector(f'{NAV}:has-text("Masuk")', timeout=60000)
        for _ in range(60):
            if not any(c["name"] == cookie["name"] for c in ctx.cookies()):
                break
            page.wait_for_timeout(250)
        assert not any(c["name"] == cookie["name"] for c in ctx.cookies()), "the cookie was not cleared"
        page.goto(f"{url}/masuk")  # loaded anew (as F5 does): a new Streamlit session with the browser's cookies
        page.wait_for_selector('input[aria-label="Nama pengguna"]', timeout=60000)
        settled(page)
        assert not signed_in(page) and page.locator(NAV, has_text="Masuk").count() == 1
        shot(page, "sesi-keluar-masuk-1440")
        page.set_viewport_size({"width": 390, "height": 844})
        wait_idle(page)
        shot(page, "sesi-keluar-masuk-390")
    finally:
        ctx.close()
    # the revoked cookie, replayed by another browser, signs nobody in: /masuk still offers the form
    replay = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        replay.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path", "httpOnly", "sameSite")}])
        page = replay.new_page()
        page.goto(f"{url}/masuk")
        page.wait_for_selector('input[aria-label="Nama pengguna"]', timeout=60000)
        settled(page)
        assert not signed_in(page)
    finally:
        replay.close()
