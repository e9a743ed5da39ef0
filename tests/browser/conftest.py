"""A real `streamlit run` process and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVERS: dict[str, subprocess.Popen] = {}  # url -> process of start_app
SHOTS = ROOT / "artifacts" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(db_path: Path | str, auth_path: Path | None = None):
    """`streamlit run dashboard.py` on a free port against `db_path` (a DuckDB file, or a postgresql://
    URL given as PANTAUZI_DATABASE_URL); -> (process, url). What the server prints goes to a file
    (`server_output(proc)`): a pipe nobody reads stops the server once it holds 64 KiB."""
    from pantauzi.store import db

    port = _free_port()
    store = {"PANTAUZI_DATABASE_URL": str(db_path)} if db.is_url(db_path) else {"PANTAUZI_DB": str(db_path)}
    env = {**os.environ, **store, "PANTAUZI_AUTH": str(auth_path or (ROOT / "tests" / "no-auth-file.yaml"))}
    log = tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.maxUploadSize",
            env.get("PANTAUZI_MAX_UPLOAD_MB", "20"),
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    proc.log_path = Path(log.name)  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}"
    SERVERS[url] = proc
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    proc.wait(timeout=10)
    pytest.fail("streamlit did not answer /_stcore/health within 60 s: " + server_output(proc)[-2000:])


def server_output(proc) -> str:
    """Everything the server of start_app has printed so far."""
    return proc.log_path.read_text(errors="replace")


def server_tail(url: str, chars: int = 3000) -> str:
    """The end of what the server at `url` (a page's address under it) has printed: for a failure's message."""
    for base, proc in SERVERS.items():
        if url.startswith(base) and proc.log_path.exists():
            return f"the server at {base} printed:\n" + server_output(proc)[-chars:]
    return f"no server of start_app at {url}"


def stop_app(proc) -> str:
    """Stop the server of start_app; -> everything it printed (its log file is then removed)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    out = server_output(proc)
    proc.log_path.unlink(missing_ok=True)
    return out


@pytest.fixture(scope="session")
def app_url(demo_db, tmp_path_factory):
    # its own copy: the server process holds the file, the in-process AppTests hold theirs
    copy = tmp_path_factory.mktemp("browser-db") / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    proc, url = start_app(copy)
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def login_app(demo_db, tmp_path_factory):
    """The app with login enabled (an evaluator for Kota Ambon) on its own database copy."""
    from pantauzi.core import access

    folder = tmp_path_factory.mktemp("browser-login")
    copy = folder / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    auth = folder / "auth.yaml"
    access.add_user(auth, "eva", "Eva Evaluator", "rahasia-123", "evaluator", ["81.71"], [])
    proc, url = start_app(copy, auth)
    yield url, copy
    stop_app(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(exe).exists():
        pytest.fail("Debian chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    yield pg
    ctx.close()


def wait_for_app(page) -> None:
    """Until the script finished running and the main area has content."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60000)
    page.wait_for_timeout(1500)  # plotly renders after the script ends
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)


def download(page, button, timeout: float = 60000):
    """Click `button` (a download button's locator) and -> the browser's Download; a file that never
    comes fails with what the server printed (a deferred file is made on the server when pressed)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        with page.expect_download(timeout=timeout) as got:
            button.click()
        return got.value
    except PlaywrightTimeout:
        pytest.fail(f"no download within {timeout / 1000:.0f} s after pressing it; " + server_tail(page.url))


def assert_no_exception(page) -> None:
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_idle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)


def sign_in(page, url: str, username: str, password: str) -> None:
    """Through the Masuk page, until the evaluator's navigation (Unggah Data) appears."""
    page.goto(url)
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Masuk").click()
    page.wait_for_selector('input[aria-label="Nama pengguna"]', timeout=30000)
    page.fill('input[aria-label="Nama pengguna"]', username)
    page.fill('input[aria-label="Kata sandi"]', password)
    page.locator('[data-testid="stFormSubmitButton"] button').click()
    page.wait_for_selector('[data-testid="stSidebarNav"] a:has-text("Unggah Data")', timeout=30000)
    session_cookie(page.context)  # the browser holds the session: a reload or a new tab stays signed in


def session_cookie(context, name: str = "pantauzi_masuk", timeout: float = 15.0) -> dict:
    """The session cookie once the page has redeemed its hand-off token (api.signin)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = [c for c in context.cookies() if c["name"] == name]
        if found:
            return found[0]
        time.sleep(0.2)
    pytest.fail(f"no session cookie {name!r} within {timeout:g} s of signing in")


def save_upload(page) -> str:
    """Press Simpan on the first preview; -> the success message once the run is done."""
    page.locator('button:has-text("Simpan")').first.click()
    page.wait_for_selector('[data-testid="stAlertContentSuccess"]', timeout=60000)
    wait_idle(page)
    assert_no_exception(page)
    return page.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()


def upload_preview(page, path: Path, unit_text: str, year: int) -> None:
    """Unggah Data: put a workbook in the uploader, pick its unit and year (the preview is shown)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text="Unggah Data").click()
    page.wait_for_selector('[data-testid="stFileUploader"]', timeout=30000)
    wait_idle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60000)
    wait_idle(page)
    page.locator('[data-testid="stMain"] input[aria-label="Unit"]').first.click()
    page.locator('[role="option"]', has_text=unit_text).first.click()
    wait_idle(page)
    field = page.locator('[data-testid="stMain"] input[type="number"]').first
    field.fill(str(year))
    field.press("Enter")
    wait_idle(page)
