"""Issue 18 §3: a unit name written as Markdown (an image on another host) is shown as text by the
real app in a real browser, and no viewer's browser fetches that address: a local listener on
127.0.0.1 counts the requests that reach it."""

from __future__ import annotations

import http.server
import shutil
import socket
import threading

import pytest

from loaders.ingest import ingest_lke
from pantauzi.store import db
from tests.browser.conftest import assert_no_exception, shot, start_app, stop_app, wait_for_app
from tests.lke_helpers import REAL

pytestmark = pytest.mark.browser


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:  # quiet
        pass


@pytest.fixture()
def listener():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Counter.hits = []
    yield port
    server.shutdown()
    server.server_close()


def test_a_markdown_image_in_a_unit_name_fetches_nothing(page, demo_db, tmp_path, listener):
    name = f"**Tebal** ![piksel](http://127.0.0.1:{listener}/piksel.png) Dinas Uji"
    path = tmp_path / "md.duckdb"
    shutil.copyfile(demo_db, path)
    con = db.connect(path)
    con.execute(
        "INSERT INTO units (code, name, instansi_code, region_code, unit_type, valid_from) "
        "VALUES ('81.71-MD', ?, 'pemkot-81.71', '81.71', 'dinas', 2018)",
        [name],
    )
    ingest_lke(con, REAL, "81.71-MD", 2024, "self")
    con.close()
    # the listener answers: a browser that rendered the image would fetch it (the check that it can)
    import urllib.request

    urllib.request.urlopen(f"http://127.0.0.1:{listener}/probe", timeout=5).close()
    assert _Counter.hits == ["/probe"]
    _Counter.hits.clear()
    proc, url = start_app(path)
    try:
        for address in (f"{url}/profil_opd?tinjau=81.71-MD", f"{url}/?unit=81.71-MD&tahun_dari=2024"):
            page.goto(address)
            wait_for_app(page)
            assert_no_exception(page)
            page.wait_for_timeout(1000)
            body = page.locator('[data-testid="stMain"]').inner_text()
            assert "**Tebal**" in body and "![piksel]" in body  # the characters, not bold, not an image
            assert page.locator('[data-testid="stMain"] img[src*="piksel"]').count() == 0
        shot(page, "nama-markdown-sebagai-teks")
    finally:
        stop_app(proc)
    assert _Counter.hits == [], _Counter.hits
