"""Sign-in and roles through AppTest: who reaches Unggah Data and Pengguna, the login form, a page run alone."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apps import UPLOAD, signed_in


def test_viewer_without_login_has_no_upload(demo_db):
    at = signed_in(None)
    assert not at.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(UPLOAD)  # not in a viewer's navigation


def test_upload_page_run_alone_refuses_a_viewer(demo_db):
    """The page checks the role itself, even when it is reached without the navigation."""
    at = AppTest.from_file("../../" + UPLOAD, default_timeout=60).run()
    assert not at.exception
    assert not at.get("file_uploader")
    assert any("hanya untuk" in e.value for e in at.error)


@pytest.mark.parametrize("username, may", [("pim", False), ("eva", True), ("adi", True)])
def test_roles_on_the_upload_page(auth, own_db, username, may):
    at = signed_in(username)
    assert not at.exception
    if not may:
        with pytest.raises(ValueError):
            at.switch_page(UPLOAD)
        return
    at.switch_page(UPLOAD).run()
    assert not at.exception
    assert at.get("file_uploader")
    assert not at.error


def test_anonymous_with_login_enabled_sees_the_login_page(auth, demo_db):
    at = signed_in(None)
    at.switch_page("app_pages/masuk.py").run()
    assert not at.exception
    assert [t.label for t in at.text_input][:2] == ["Nama pengguna", "Kata sandi"]


def test_login_form_with_the_real_password(auth, demo_db):
    at = signed_in(None)
    at.switch_page("app_pages/masuk.py").run()
    at.text_input[0].input("eva")
    at.text_input[1].input("rahasia-123")
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["authentication_status"] is True
    assert any("Eva Evaluator" in c.value for c in at.sidebar.caption)


def test_wrong_password_is_refused(auth, demo_db):
    at = signed_in(None)
    at.switch_page("app_pages/masuk.py").run()
    at.text_input[0].input("eva")
    at.text_input[1].input("salah-sekali")
    at.button[0].click().run()
    assert at.session_state["authentication_status"] is False
    assert any("salah" in e.value for e in at.error)


def test_admin_page_only_for_admin(auth, demo_db):
    at = signed_in("eva")
    with pytest.raises(ValueError):
        at.switch_page("app_pages/pengguna.py")
    alone = AppTest.from_file("../../app_pages/pengguna.py", default_timeout=60).run()
    assert any("hanya untuk" in e.value for e in alone.error) and not alone.get("form")
    at = signed_in("adi")
    at.switch_page("app_pages/pengguna.py").run()
    assert not at.exception and at.title[0].value == "Pengguna"
