"""Two `streamlit run` processes on one PostgreSQL database: a workbook uploaded through one is scored
on the other (issue 7, "Beyond one machine")."""

from __future__ import annotations

import pytest

from loaders.__main__ import main as loaders_main
from pantauzi.core import access
from tests.browser.conftest import (
    assert_no_exception,
    save_upload,
    shot,
    sign_in,
    start_app,
    stop_app,
    upload_preview,
    wait_for_app,
)
from tests.lke_helpers import REAL

pytestmark = pytest.mark.browser
UNIT = "81.71-DPMPTSP"


def test_upload_through_one_process_shows_in_the_other(browser, pg_server, tmp_path):
    url = pg_server.create_database()
    assert loaders_main(["build-demo", "--db", url]) == 0
    auth = tmp_path / "auth.yaml"
    access.add_user(auth, "eva", "Eva Evaluator", "rahasia-123", "evaluator", ["81.71"], [])
    first, url_a = start_app(url, auth)
    second, url_b = start_app(url, auth)
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    try:
        a, b = (c.new_page() for c in contexts)
        # the other process shows the demo's self-assessment of DPMPTSP 2024, not the real workbook's score
        view = f"{url_b}/?unit={UNIT}&tahap=self&tahun_dari=2024&tahun_sampai=2024"
        b.goto(view)
        wait_for_app(b)
        assert_no_exception(b)
        before = b.locator('[data-testid="stMain"]').inner_text()
        assert "Dinas Penanaman Modal" in before and "tahap Penilaian mandiri: nilai" in before
        assert "95,63" not in before
        shot(b, "pg-proses-2-sebelum")
        sign_in(a, url_a, "eva", "rahasia-123")
        upload_preview(a, REAL, "Dinas Penanaman Modal", 2024)
        assert "95,63" in a.locator('[data-testid="stMain"]').inner_text()
        saved = save_upload(a)
        assert "pengajuan #" in saved and "nilai 95,63" in saved
        shot(a, "pg-proses-1-tersimpan")
        b.goto(view)  # a fresh visit of the second process's page
        wait_for_app(b)
        assert_no_exception(b)
        after = b.locator('[data-testid="stMain"]').inner_text()
        assert "tahap Penilaian mandiri: nilai 95,63" in after
        shot(b, "pg-proses-2-sesudah")
    finally:
        for c in contexts:
            c.close()
        stop_app(first)
        stop_app(second)
