"""Issue 19 point 6 through AppTest: a correct password opens a session in the store and hands its one-time
token to the browser (until the browser has redeemed it); Keluar revokes the session and tells the browser
to drop the cookie. The browser side: tests/browser/test_session_browser.py; the routes: tests/api/."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from pantauzi.core import sessions as rules
from pantauzi.store import db, sessions
from pantauzi.store.signin import utcnow
from tests.support.apps import APP


def scripts(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if h.proto.unsafe_allow_javascript]


def rows(path) -> list[tuple]:
    con = db.connect(path, read_only=True)
    try:
        return con.execute(
            "SELECT username, handoff_sha256 IS NULL, session_sha256 IS NULL, revoked_at IS NULL FROM signin_sessions"
        ).fetchall()
    finally:
        con.close()


def test_sign_in_hands_off_a_session_and_keluar_revokes_it(auth, own_db):
    con = db.connect(own_db)  # a copy of the shared demo database, which holds other tests' sign-ins
    con.execute("DELETE FROM signin_sessions")
    con.close()
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/masuk.py").run()
    at.text_input[0].input("eva")
    at.text_input[1].input("rahasia-123")
    at.button[0].click().run()
    assert not at.exception and at.session_state["authentication_status"] is True
    assert rows(own_db) == [("eva", False, True, True)]  # a session waiting for its hand-off
    (script,) = scripts(at)
    assert rules.SESSION_PATH in script and rules.HEADER in script
    token = re.search(r'\\"t\\": \\"([A-Za-z0-9_-]+)\\"', script).group(1)
    at.run()
    assert len(scripts(at)) == 1  # sent again until the browser has redeemed it
    con = db.connect(own_db)
    try:
        secret, _ = sessions.redeem(con, token, utcnow())  # what the browser's POST does
    finally:
        con.close()
    at.run()
    assert scripts(at) == [] and rows(own_db) == [("eva", True, False, True)]
    [b for b in at.sidebar.button if b.label == "Keluar"][0].click().run()
    assert not at.exception and not at.session_state["authentication_status"]
    assert rows(own_db) == [("eva", True, False, False)]  # revoked in the store: every replica refuses it
    (script,) = scripts(at)
    assert rules.SIGN_OUT_PATH in script
    con = db.connect(own_db, read_only=True)
    try:
        assert sessions.lookup(db.cursor(con), secret, utcnow()) is None
    finally:
        con.close()
