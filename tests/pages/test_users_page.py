"""Issue 19 point 9, Pengguna (AppTest): the list refreshes after adding a user; an unknown region is
refused naming the field and the value; regions and instansi show by name; an admin removes a user or
resets a password after a confirmation, both recorded and both ending the user's sessions. The command
line does the same (remove-user, reset-password)."""

from __future__ import annotations

import io
import shutil

import bcrypt
import pytest
from streamlit.testing.v1 import AppTest

from pantauzi import access as cli
from pantauzi.core import access
from pantauzi.store import db, sessions
from pantauzi.store.signin import utcnow
from tests.support.apps import APP

USERS = "app_pages/pengguna.py"


@pytest.fixture()
def users_db(demo_db, tmp_path, monkeypatch):
    path = tmp_path / "users.duckdb"
    shutil.copyfile(demo_db, path)
    con = db.connect(path)  # the shared demo database holds the sessions and changes of other page tests
    con.execute("DELETE FROM signin_sessions")
    con.execute("DELETE FROM user_changes")
    con.close()
    monkeypatch.setenv("PANTAUZI_DB", str(path))
    return path


def admin_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "adi"
    at.run()
    at.switch_page(USERS).run()
    assert not at.exception
    return at


def people(at: AppTest):
    return [d for d in at.dataframe if "Peran" in d.value.columns][0].value.set_index("Nama pengguna")


def add(at: AppTest, username: str, regions: str) -> AppTest:
    form = {t.label: t for t in at.text_input}
    form["Nama pengguna"].input(username)
    form["Kata sandi (min. 8 karakter)"].input("kata-sandi-kuat")
    form["Kode wilayah (pisahkan dengan koma, mis. 81.71)"].input(regions)
    [s for s in at.selectbox if s.label == "Peran"][0].set_value("evaluator")
    return [b for b in at.button if b.label == "Simpan pengguna"][0].click().run()


def button(at: AppTest, label: str):
    return [b for b in at.button if b.label == label][0]


def open_session(path, username: str) -> str:
    """A browser session of `username`, handed off: -> the cookie's value."""
    con = db.connect(path)
    try:
        _, token = sessions.create(con, username, None, utcnow(), 7)
        found = sessions.redeem(con, token, utcnow())
        assert found is not None
        return found[0]
    finally:
        con.close()


def live(path, secret: str) -> bool:
    con = db.connect(path, read_only=True)
    try:
        return sessions.lookup(db.cursor(con), secret, utcnow()) is not None
    finally:
        con.close()


def changes(path) -> list[tuple[str, str, str]]:
    con = db.connect(path, read_only=True)
    try:
        return [
            tuple(r)
            for r in con.execute('SELECT changed_by, username, action FROM user_changes ORDER BY "at"').fetchall()
        ]
    finally:
        con.close()


def test_unknown_region_refused_then_the_added_user_is_listed_at_once_with_region_names(auth, users_db):
    at = add(admin_page(), "budi", "99.99")
    assert any("Kode wilayah '99.99' tidak dikenal" in e.value.replace("\\", "") for e in at.error)
    assert "budi" not in access.load(auth)["credentials"]["usernames"] and "budi" not in people(at).index
    at = add(at, "budi", "81.71, 81")
    assert not at.exception and not at.error
    assert any("'budi' ditambahkan" in s.value for s in at.success)
    table = people(at)
    assert "budi" in table.index  # the list drawn above the form refreshed
    assert table.loc["budi", "Wilayah"] == "Kota Ambon (81.71), Maluku (81)"
    assert table.loc["eva", "Wilayah"] == "Kota Ambon (81.71)"
    assert changes(users_db) == [("adi", "budi", "added")]


def pick(at: AppTest, username: str) -> None:
    [s for s in at.selectbox if s.label == "Pengguna"][0].set_value(username)


def test_remove_and_reset_after_confirmation_end_the_users_sessions(auth, users_db):
    at = admin_page()
    # an admin keeps their own account; Batal changes nothing
    pick(at, "adi")
    at = button(at, "Hapus pengguna").click().run()
    assert any("akun Anda sendiri" in e.value for e in at.error) and not at.warning
    pick(at, "pim")
    at = button(at, "Hapus pengguna").click().run()
    at = button(at, "Batal").click().run()
    assert "pim" in access.load(auth)["credentials"]["usernames"] and not at.warning and changes(users_db) == []
    # reset eva's password: confirmed, her open session ends
    secret = open_session(users_db, "eva")
    pick(at, "eva")
    [t for t in at.text_input if t.label.startswith("Kata sandi baru")][0].input("sandi-baru-99")
    at = button(at, "Atur ulang kata sandi").click().run()
    assert any("Atur ulang kata sandi 'eva'?" in w.value for w in at.warning)
    at = button(at, "Ya, lanjutkan").click().run()
    stored = access.load(auth)["credentials"]["usernames"]["eva"]["password"].encode()
    assert bcrypt.checkpw(b"sandi-baru-99", stored) and not bcrypt.checkpw(b"rahasia-123", stored)
    assert any("kata sandinya diatur ulang; 1 sesi masuk diakhiri" in s.value for s in at.success)
    assert not live(users_db, secret) and changes(users_db)[-1] == ("adi", "eva", "password_reset")
    # remove eva: nothing before the confirmation, then gone from the file, the list and the store's sessions
    secret = open_session(users_db, "eva")
    pick(at, "eva")
    at = button(at, "Hapus pengguna").click().run()
    assert "eva" in access.load(auth)["credentials"]["usernames"]
    assert any("Hapus pengguna 'eva'?" in w.value for w in at.warning)
    at = button(at, "Ya, lanjutkan").click().run()
    assert not at.exception
    assert "eva" not in access.load(auth)["credentials"]["usernames"] and "eva" not in people(at).index
    assert any("'eva' dihapus; 1 sesi masuk diakhiri" in s.value for s in at.success)
    assert not live(users_db, secret) and changes(users_db)[-1] == ("adi", "eva", "removed")
    table = [d for d in at.dataframe if "Perubahan" in d.value.columns][0].value
    assert list(table.columns) == ["Waktu (WIB)", "Oleh", "Pengguna", "Perubahan"]
    assert sorted(table["Perubahan"]) == ["dihapus", "kata sandi diatur ulang"]


def test_command_line_removes_and_resets(auth, users_db, monkeypatch, capsys):
    secret = open_session(users_db, "eva")
    monkeypatch.setattr("sys.stdin", io.StringIO("sandi-cli-123\n"))
    assert cli.main(["reset-password", "--username", "eva", "--password-stdin", "--yes", "--db", str(users_db)]) == 0
    stored = access.load(auth)["credentials"]["usernames"]["eva"]["password"].encode()
    assert bcrypt.checkpw(b"sandi-cli-123", stored) and not live(users_db, secret)
    monkeypatch.setattr("builtins.input", lambda _: "tidak")
    assert cli.main(["remove-user", "--username", "pim", "--db", str(users_db)]) == 1
    assert "pim" in access.load(auth)["credentials"]["usernames"]
    assert cli.main(["remove-user", "--username", "pim", "--yes", "--db", str(users_db)]) == 0
    assert "pim" not in access.load(auth)["credentials"]["usernames"]
    assert cli.main(["remove-user", "--username", "nobody", "--yes", "--db", str(users_db)]) == 2
    assert changes(users_db)[-2:] == [("cli", "eva", "password_reset"), ("cli", "pim", "removed")]
    assert "dihapus" in capsys.readouterr().out
