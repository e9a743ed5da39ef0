"""A PortalRB-like client's world: a demo database copy with tokens made by the real command, the
proposal saved through the Pengusulan page (AppTest), and `streamlit run dashboard.py` serving it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pantauzi.core import access
from tests.browser.conftest import start_app, stop_app

ROOT = Path(__file__).resolve().parents[2]
APP = "../../dashboard.py"
PREFIX = "/api/portalrb"
YEAR = 2026
LEGACY_YEAR = 2025
# instansi -> {unit: kategori} saved through the page for YEAR (and LEGACY_YEAR for Ambon)
PROPOSAL = {
    "pemkot-81.71": {"81.71-DINKES": "WBK", "81.71-BPPRD": "WBK-AFIRMASI", "81.71-DUKCAPIL": "WBK"},
    "kejati-81": {"81-KEJATI": "WBBM"},
    "pemkab-15.03": {},
}
LEGACY_PROPOSAL = {"pemkot-81.71": {"81.71-DINKES": "WBK", "81.71-DPMPTSP": "WBK"}}


def add_token(db_path: Path, instansi: str, *extra: str) -> str:
    """`python -m pantauzi.access add-token`: the token is alone on the last line of stdout."""
    out = subprocess.run(
        [sys.executable, "-m", "pantauzi.access", "add-token", "--instansi", instansi, "--db", str(db_path), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def admin_session(auth: Path) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "adi"
    at.session_state["name"] = "adi"
    return at


def save_through_page(at: AppTest, instansi: str, year: int, chosen: dict[str, str]) -> AppTest:
    """On the Pengusulan page: pick instansi and year, set every unit's proposal, press Simpan usulan."""
    at.selectbox(key="usul_instansi").set_value(instansi).run()
    at.number_input(key="usul_tahun").set_value(year).run()
    assert not at.exception, at.exception
    prefix = f"usul_{instansi}_{year}_"
    for box in at.selectbox:
        if box.key and box.key.startswith(prefix):
            box.set_value(chosen.get(box.key.removeprefix(prefix), "Tidak diusulkan"))
    next(b for b in at.button if b.label == "Simpan usulan").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def open_pengusulan(auth: Path) -> AppTest:
    at = admin_session(auth).run()
    assert not at.exception, at.exception
    at.switch_page("app_pages/pengusulan.py").run()
    assert not at.exception, at.exception
    return at


def release_app_connection(db_path: Path) -> None:
    """The AppTests used the file through ui.data's store, which holds it only while a page run reads
    it; forget the store, so nothing of this process stands between the server process and the file."""
    import ui.data
    from pantauzi.store import db

    db.release_idle(db_path)  # the store keeps an unused read-only open for a moment (its linger)
    ui.data._store.clear()


@dataclass
class Server:
    url: str
    db: Path
    auth: Path
    proc: subprocess.Popen
    tokens: dict[str, str] = field(default_factory=dict)
    output: str | None = None

    def get(self, path: str, token: str | None = None, method: str = "GET") -> tuple[int, dict, bytes, dict]:
        req = urllib.request.Request(self.url + PREFIX + path, method=method)
        if token is not None:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                raw = r.read()
                return r.status, json.loads(raw), raw, dict(r.headers)
        except urllib.error.HTTPError as e:
            raw = e.read()
            return e.code, json.loads(raw), raw, dict(e.headers)

    def stop(self) -> str:
        """Stop the server (once) and return everything it printed."""
        if self.output is None:
            self.output = stop_app(self.proc)
        return self.output


def corrupt_one_answer(db_path: Path, unit: str, year: int) -> None:
    """A stored value no answer form can express: the API's own failure (500), not the client's."""
    import duckdb

    release_app_connection(db_path)
    con = duckdb.connect(str(db_path))
    try:
        con.execute(
            "UPDATE lke_answers SET value = 0.123 WHERE question_id = 1 AND submission_id = "
            "(SELECT id FROM lke_submissions WHERE unit_code = ? AND year = ? AND stage = 'self' AND is_current)",
            [unit, year],
        )
    finally:
        con.close()


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("portalrb")
    path = folder / "portalrb.duckdb"
    shutil.copyfile(demo_db, path)
    auth = folder / "auth.yaml"
    access.add_user(auth, "adi", "Adi Admin", "rahasia-456", "admin", [], [])
    tokens = {
        "A": add_token(path, "pemkot-81.71", "--label", "PortalRB 2026"),
        "B": add_token(path, "kejati-81"),
        "C": add_token(path, "pemkab-15.03"),
        "RL": add_token(path, "pemkot-81.71", "--rate-limit", "3"),
        "REVOKED": add_token(path, "pemkot-81.71"),
    }
    subprocess.run(
        [sys.executable, "-m", "pantauzi.access", "revoke-token", "5", "--db", str(path)], cwd=ROOT, check=True
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PANTAUZI_DB", str(path))
        mp.setenv("PANTAUZI_AUTH", str(auth))
        at = open_pengusulan(auth)
        for instansi, chosen in PROPOSAL.items():
            save_through_page(at, instansi, YEAR, chosen)
        for instansi, chosen in LEGACY_PROPOSAL.items():
            save_through_page(at, instansi, LEGACY_YEAR, chosen)
        release_app_connection(path)
    # pemkab-15.03 proposes one unit whose stored answer cannot be expressed: the 500 case
    import duckdb

    con = duckdb.connect(str(path))
    unit_c = con.execute("SELECT min(code) FROM units WHERE instansi_code = 'pemkab-15.03'").fetchall()[0][0]
    con.execute(
        "INSERT INTO portalrb_pengusulan VALUES ('pemkab-15.03', ?, ?, 'WBK', 'test', current_timestamp)",
        [YEAR, unit_c],
    )
    stored = {
        (u, y, st): t
        for u, y, st, t in con.execute(
            "SELECT unit_code, year, stage, total FROM lke_current WHERE instansi_code = 'pemkot-81.71'"
        ).fetchall()
    }
    con.close()
    corrupt_one_answer(path, unit_c, YEAR)
    env = {"PANTAUZI_PORTALRB_YEAR": str(YEAR), "PANTAUZI_API_RATE_LIMIT": "1000"}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        proc, url = start_app(path, auth)
    srv = Server(url, path, auth, proc, tokens)
    srv.broken_unit = unit_c  # type: ignore[attr-defined]
    srv.stored = stored  # type: ignore[attr-defined]
    yield srv
    srv.stop()
