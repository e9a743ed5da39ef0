"""Issue 19 point 6: a sign-in survives a reload, a new tab and a cold deep link to /unggah, for the
configured expiry; Keluar ends it, and its cookie replayed afterwards signs nobody in."""

from __future__ import annotations

import shutil

import pytest

from pantauzi.core import sessions
from tests.browser.conftest import (
    assert_no_exception,
    session_cookie,
    shot,
    sign_in,
    start_app,
    stop_app,
    wait_for_app,
    wait_idle,
)

pytestmark = pytest.mark.browser
NAV = '[data-testid="stSidebarNav"] a'


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    from pantauzi.core import access

    folder = tmp_path_factory.mktemp("browser-session")
    copy = folder / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    auth = folder / "auth.yaml"
    access.add_user(auth, "eva", "Eva Evaluator", "rahasia-123", "evaluator", ["81.71"], [])
    proc, url = start_app(copy, auth)
    yield url
    stop_app(proc)


def signed_in(page) -> bool:
    return page.locator(NAV, has_text="Unggah Data").count() == 1 and page.locator(NAV, has_text="Masuk").count() == 0


def test_a_sign_in_survives_reloads_tabs_and_deep_links_until_keluar(browser, server):
    url = server
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = ctx.new_page()
        sign_in(page, url, "eva", "rahasia-123")
        cookie = session_cookie(ctx)
        assert cookie["name"] == sessions.DEFAULT_COOKIE and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        assert 6.9 * 86400 < cookie["expires"] - __import__("time").time() <= 7 * 86400  # the configured 7 days
        page.reload()
        wait_for_app(page)
        assert signed_in(page), "F5 after signing in returned to Masuk"
        tab = ctx.new_page()
        tab.goto(url)
        wait_for_app(tab)
        assert signed_in(tab), "a new tab is not signed in"
        tab.close()
        deep = ctx.new_page()
        deep.goto(f"{url}/unggah")
        wait_for_app(deep)
        deep.wait_for_selector('[data-testid="stFileUploader"]', timeout=30000)
        assert deep.locator('[data-testid="stMain"] h1').first.inner_text().startswith("Unggah Data")
        assert "/unggah" in deep.url
        assert_no_exception(deep)
        shot(deep, "sesi-tautan-unggah-1440")
        deep.set_viewport_size({"width": 390, "height": 844})
        wait_idle(deep)
        shot(deep, "sesi-tautan-unggah-390")
        deep.close()
        # Keluar: the session ends in the store and the cookie goes
        page.locator('[data-testid="stSidebar"] button', has_text="Keluar").click()
        page.wait_for_selector(f'{NAV}:has-text("Masuk")', timeout=30000)
        wait_idle(page)
        page.wait_for_function("true", timeout=1000)
        for _ in range(40):
            if not any(c["name"] == cookie["name"] for c in ctx.cookies()):
                break
            page.wait_for_timeout(250)
        assert not any(c["name"] == cookie["name"] for c in ctx.cookies()), "the cookie was not cleared"
        page.reload()
        wait_for_app(page)
        assert not signed_in(page) and page.locator(NAV, has_text="Masuk").count() == 1
        shot(page, "sesi-keluar-1440")
        page.set_viewport_size({"width": 390, "height": 844})
        wait_idle(page)
        shot(page, "sesi-keluar-390")
    finally:
        ctx.close()
    # the revoked cookie, replayed by another browser, signs nobody in (the deep link shows no uploader)
    replay = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        replay.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path", "httpOnly", "sameSite")}])
        page = replay.new_page()
        page.goto(f"{url}/unggah")
        wait_for_app(page)
        assert not signed_in(page)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
    finally:
        replay.close()
