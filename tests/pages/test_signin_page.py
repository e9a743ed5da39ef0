"""Sign-in through the real form (AppTest): wrong passwords hold the username back, then even the right
password waits, in Indonesian; every attempt is in the audit admins see on Pengguna, never a password.
Pengguna refuses unknown region/instansi codes and lists the valid ones."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from pantauzi.core import access
from pantauzi.store import db

APP = "../../dashboard.py"
LOGIN = "app_pages/masuk.py"
USERS = "app_pages/pengguna.py"


@pytest.fixture()
def auth(tmp_path, monkeypatch):
    path = tmp_path / "auth.yaml"
    access.add_user(path, "adi", "Adi Admin", "rahasia-456", "admin", [], [])
    access.add_user(path, "eva", "Eva Evaluator", "rahasia-123", "evaluator", ["81.71"], [])
    monkeypatch.setenv("PANTAUZI_AUTH", str(path))
    monkeypatch.setenv("PANTAUZI_LOGIN_MAX_FAILURES", "3")
    monkeypatch.setenv("PANTAUZI_LOGIN_LOCKOUT", "600")  # no test here waits for a hold to end
    return path


@pytest.fixture()
def own_db(demo_db, tmp_path, monkeypatch):
    path = tmp_path / "signin.duckdb"
    shutil.copyfile(demo_db, path)
    con = db.connect(path)  # the shared demo database holds the sign-ins of other page tests
    con.execute("DELETE FROM login_audit")
    con.close()
    monkeypatch.setenv("PANTAUZI_DB", str(path))
    return path


def audit(path) -> list[tuple]:
    con = db.connect(path)
    try:
        return con.execute('SELECT username, ok, client, reason FROM login_audit ORDER BY "at"').fetchall()
    finally:
        con.close()


def login_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(LOGIN).run()
    assert not at.exception
    return at


def attempt(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    return at.button[0].click().run()


def test_wrong_passwords_then_the_right_one_waits(auth, own_db):
    at = login_page()
    for _ in range(3):
        attempt(at, "adi", "salah-sekali")
        assert any("salah" in e.value for e in at.error)
    for _ in range(2):
        attempt(at, "adi", "salah-lagi")
        assert any("Terlalu banyak percobaan masuk" in e.value and "menit" in e.value for e in at.error)
    attempt(at, "adi", "rahasia-456")  # the right password, but the username is held
    assert not at.exception
    assert at.session_state["authentication_status"] is not True
    assert any("Terlalu banyak percobaan masuk" in e.value for e in at.error)
    rows = audit(own_db)
    assert [r[3] for r in rows] == ["wrong_password"] * 3 + ["held_user"] * 3
    assert all(r[0] == "adi" and r[1] is False and r[2] is None for r in rows)  # AppTest reports no address
    assert not any("salah" in str(r) or "rahasia" in str(r) for r in rows)  # never a password


def test_another_username_signs_in_while_one_is_held(auth, own_db):
    at = login_page()
    for _ in range(3):
        attempt(at, "adi", "salah-sekali")
    fresh = login_page()
    attempt(fresh, "eva", "rahasia-123")
    assert fresh.session_state["authentication_status"] is True
    assert audit(own_db)[-1] == ("eva", True, None, "ok")


def test_an_old_hold_has_ended(auth, own_db):
    """Failures recorded long ago (outside window and hold) do not hold the username now."""
    con = db.connect(own_db)
    try:
        long_ago = dt.datetime(2020, 1, 1)
        for i in range(10):
            con.execute(
                "INSERT INTO login_audit VALUES (?, ?, 'adi', false, NULL, 'wrong_password')",
                [f"lama-{i}", long_ago + dt.timedelta(seconds=i)],
            )
    finally:
        con.close()
    at = login_page()
    attempt(at, "adi", "rahasia-456")
    assert at.session_state["authentication_status"] is True


def test_unknown_username_is_audited_without_what_was_typed(auth, own_db):
    at = login_page()
    attempt(at, "Rahasia-456", "apa-saja-123")  # a password typed into the name field
    assert any("salah" in e.value for e in at.error)
    ((name, ok, _, reason),) = audit(own_db)
    assert name.startswith("?") and "rahasia" not in name.lower() and not ok and reason == "unknown_user"


def admin_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "adi"
    at.session_state["name"] = "adi"
    at.run()
    at.switch_page(USERS).run()
    assert not at.exception
    return at


def test_admins_see_the_audit_as_plain_text(auth, own_db):
    at = login_page()
    attempt(at, "eva", "**salah**-sekali")
    attempt(at, "eva", "rahasia-123")
    page = admin_page()
    table = [d for d in page.dataframe if "Keterangan" in d.value.columns][0].value
    assert list(table.columns) == ["Waktu (WIB)", "Nama pengguna", "Hasil", "Alamat klien", "Keterangan"]
    assert sorted(table["Keterangan"]) == ["berhasil masuk", "kata sandi salah"]
    assert set(table["Nama pengguna"]) == {"eva"} and set(table["Alamat klien"]) == {"-"}
    assert not any("salah**" in str(v) for v in table.to_numpy().ravel())


def add_user_form(at: AppTest, username: str, regions: str, instansi: str) -> AppTest:
    form = {t.label: t for t in at.text_input}
    form["Nama pengguna"].input(username)
    form["Kata sandi (min. 8 karakter)"].input("kata-sandi-kuat")
    form["Kode wilayah (pisahkan dengan koma, mis. 81.71)"].input(regions)
    form["Kode instansi (pisahkan dengan koma)"].input(instansi)
    [s for s in at.selectbox if s.label == "Peran"][0].set_value("evaluator")
    return [b for b in at.button if b.label == "Simpan pengguna"][0].click().run()


def test_pengguna_refuses_unknown_codes_and_lists_the_valid_ones(auth, own_db):
    at = add_user_form(admin_page(), "kejati", "", "kejaksaan")
    assert not at.exception
    assert any("tidak dikenal" in e.value for e in at.error)
    table = [d for d in at.dataframe if "Kode yang sah" in d.value.columns][0].value
    assert table["Kode yang diisi"].tolist() == ["kejaksaan"]
    assert "kejati-81 (Kejaksaan Tinggi Maluku)" in table["Kode yang sah"].iloc[0]
    assert "kejati" not in access.load(auth)["credentials"]["usernames"]
    at = add_user_form(admin_page(), "kejati", "", "kejati-81")
    assert any("ditambahkan" in s.value for s in at.success)
    assert access.load(auth)["credentials"]["usernames"]["kejati"]["instansi"] == ["kejati-81"]
