"""Issue 18: the server survives the whole hostile corpus uploaded through Unggah Data in a real
browser (each refused with its message), and afterwards a normal upload still saves, in the same
server process."""

from __future__ import annotations

import shutil
import urllib.request

import pytest

from tests.browser.conftest import (
    assert_no_exception,
    save_upload,
    shot,
    sign_in,
    start_app,
    stop_app,
    upload_preview,
    wait_for_app,
    wait_idle,
)
from tests.hostile import builders
from tests.lke_helpers import REAL

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    from pantauzi.core import access

    folder = tmp_path_factory.mktemp("browser-hostile")
    copy = folder / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    auth = folder / "auth.yaml"
    access.add_user(auth, "eva", "Eva Evaluator", "rahasia-123", "evaluator", ["81.71"], [])
    proc, url = start_app(copy, auth)
    yield proc, url
    stop_app(proc)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-files")
    return [
        builders.far_cell(tmp, "LKE ZI", "XFD1048576"),
        builders.far_cell(tmp, "LKE ZI", "ZZ100000"),
        builders.part_bomb(tmp),
        builders.damaged_sheet(tmp, "LKE ZI"),
    ]


def healthy(url: str) -> bool:
    return urllib.request.urlopen(url + "/_stcore/health", timeout=10).read() == b"ok"


def test_hostile_uploads_are_refused_and_the_server_lives_on(page, server, corpus):
    proc, url = server
    pid = proc.pid
    sign_in(page, url, "eva", "rahasia-123")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Unggah Data").click()
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=30000)
    wait_idle(page)
    for path in corpus:
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
        page.wait_for_selector(f'[data-testid="stMain"] h3:has-text("{path.name}")', timeout=60000)
        wait_idle(page)
        assert_no_exception(page)
        assert "Berkas ditolak" in page.locator('[data-testid="stAlertContentError"]').last.inner_text()
        assert proc.poll() is None and proc.pid == pid and healthy(url)
    shot(page, "unggah-berkas-hostil")
    # and a normal upload still works in the same process, from a new Streamlit session: a new tab of the
    # same browser, still signed in by its session cookie (issue 19 point 6: no second sign-in)
    fresh = page.context.new_page()
    try:
        fresh.goto(url)
        wait_for_app(fresh)
        upload_preview(fresh, REAL, "Dinas Penanaman Modal", 2024)
        saved = save_upload(fresh)
    finally:
        fresh.close()
    assert "pengajuan #" in saved and "nilai 95,63" in saved
    assert proc.poll() is None and proc.pid == pid and healthy(url)
