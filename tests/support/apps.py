"""Apps for the page tests: a credentials file with one user per role, a writable copy of the demo database,
and the app (dashboard.py) run through AppTest as a signed-in user. Registered as a plugin in tests/conftest.py."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from pantauzi.core import access
from tests.lke_helpers import ROOT

APP = str(ROOT / "dashboard.py")
UPLOAD = "app_pages/unggah.py"


@pytest.fixture()
def auth(tmp_path, monkeypatch):
    """Login enabled with three users: eva (evaluator for Kota Ambon, 81.71), adi (admin), pim (viewer)."""
    path = tmp_path / "auth.yaml"
    access.add_user(path, "eva", "Eva Evaluator", "rahasia-123", "evaluator", ["81.71"], [])
    access.add_user(path, "adi", "Adi Admin", "rahasia-456", "admin", [], [])
    access.add_user(path, "pim", "Pimpinan", "rahasia-789", "viewer", [], [])
    monkeypatch.setenv("PANTAUZI_AUTH", str(path))
    return path


@pytest.fixture()
def own_db(demo_db, tmp_path, monkeypatch):
    """Uploads write: a copy of the demo database for this test only."""
    path = tmp_path / "upload.duckdb"
    shutil.copyfile(demo_db, path)
    monkeypatch.setenv("PANTAUZI_DB", str(path))
    return path


def signed_in(username: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if username:
        # what streamlit-authenticator leaves in the session after a correct password
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
        at.session_state["name"] = username
    return at.run()
