"""The Pengusulan page through AppTest: who may use it, for which instansi, and WBBM only with WBK."""

from __future__ import annotations

import shutil

import pytest

from pantauzi import portalrb
from pantauzi.core import access
from pantauzi.store import db
from tests.api.conftest import admin_session, release_app_connection, save_through_page

PAGE = "app_pages/pengusulan.py"


@pytest.fixture()
def setup(demo_db, tmp_path, monkeypatch):
    path = tmp_path / "usul.duckdb"
    shutil.copyfile(demo_db, path)
    auth = tmp_path / "auth.yaml"
    access.add_user(auth, "adi", "Adi Admin", "rahasia-456", "admin", [], [])
    access.add_user(auth, "eva", "Eva Evaluator", "rahasia-123", "evaluator", ["81.71"], [])
    access.add_user(auth, "pim", "Pimpinan", "rahasia-789", "viewer", [], [])
    monkeypatch.setenv("PANTAUZI_DB", str(path))
    monkeypatch.setenv("PANTAUZI_AUTH", str(auth))
    yield path, auth
    release_app_connection(path)


def session(auth, username):
    at = admin_session(auth)
    at.session_state["username"] = username
    return at.run()


def test_a_viewer_has_no_pengusulan(setup):
    at = session(setup[1], "pim")
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_an_evaluator_proposes_for_their_instansi_only(setup):
    path, auth = setup
    at = session(auth, "eva")
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.selectbox(key="usul_instansi").options == ["Pemerintah Kota Ambon"]
    # no WBBM for a unit without a WBK predicate
    box = at.selectbox(key="usul_pemkot-81.71_2026_81.71-DINKES")
    assert "WBBM" not in box.options and "WBK (afirmasi)" in box.options
    save_through_page(at, "pemkot-81.71", 2026, {"81.71-DINKES": "WBK-AFIRMASI"})
    assert any("disimpan: 1 unit" in s.value for s in at.success)
    table = at.dataframe[0].value.set_index("Kode")
    assert table.loc["81.71-DINKES", "Usulan"] == "WBK (afirmasi)"
    assert table.loc["81.71-DINKES", "Disimpan oleh"] == "eva"
    assert table.loc["81.71-DINKES", "Status"] == "belum ditarik"


def test_wbbm_only_for_a_unit_holding_wbk(setup):
    path, auth = setup
    at = session(auth, "adi")
    at.switch_page(PAGE).run()
    at.selectbox(key="usul_instansi").set_value("kejati-81").run()
    assert "WBBM" in at.selectbox(key="usul_kejati-81_2026_81-KEJATI").options
    release_app_connection(path)
    con = db.connect(path)
    try:
        with pytest.raises(ValueError, match="WBBM hanya untuk unit yang telah berpredikat WBK"):
            portalrb.save_proposal(con, "pemkot-81.71", 2026, {"81.71-DINKES": "WBBM"}, "adi")
        with pytest.raises(ValueError, match="bukan unit aktif instansi"):
            portalrb.save_proposal(con, "pemkot-81.71", 2026, {"81-KEJATI": "WBK"}, "adi")
    finally:
        con.close()


def test_admin_makes_and_revokes_a_token_on_the_pengguna_page(setup):
    """Shown once (st.code), stored only as its hash, listed with its use, revocable."""
    path, auth = setup
    at = session(auth, "adi")
    at.switch_page("app_pages/pengguna.py").run()
    assert not at.exception
    form_boxes = [b for b in at.selectbox if b.label == "Instansi"]
    form_boxes[0].set_value("kejati-81")
    next(t for t in at.text_input if t.label.startswith("Keterangan")).input("PortalRB 2026")
    next(b for b in at.button if b.label == "Buat token").click().run()
    assert not at.exception
    token = at.code[0].value
    assert len(token) >= 40
    at.run()  # shown once: the next run no longer has it
    assert not at.code
    table = at.dataframe[-1].value
    row = table[table["Keterangan"] == "PortalRB 2026"].iloc[0]
    assert row["Instansi"] == "kejati-81" and row["Status"] == "aktif"
    at.selectbox(key="cabut_token").set_value(int(row["Id"])).run()
    at.button(key="cabut_token_btn").click().run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert table[table["Id"] == row["Id"]].iloc[0]["Status"] == "dicabut"
    release_app_connection(path)
    con = db.connect(path)
    try:
        with db.cursor(con) as cur:
            stored = [r[0] for r in cur.execute("SELECT token_sha256 FROM portalrb_tokens").fetchall()]
            assert token not in stored and portalrb.digest(token) in stored
            assert portalrb.authenticate(cur, token) is None  # revoked
    finally:
        con.close()
