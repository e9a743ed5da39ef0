"""Unggah Data through AppTest with each role: navigation, server-side refusal, preview, save, restore."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from pantauzi.core import access
from pantauzi.store import db
from tests.lke_helpers import REAL, real_copy

APP = "../dashboard.py"
UPLOAD = "app_pages/unggah.py"


@pytest.fixture()
def auth(tmp_path, monkeypatch):
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


def test_viewer_without_login_has_no_upload(demo_db):
    at = signed_in(None)
    assert not at.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(UPLOAD)  # not in a viewer's navigation


def test_upload_page_run_alone_refuses_a_viewer(demo_db):
    """The page checks the role itself, even when it is reached without the navigation."""
    at = AppTest.from_file("../" + UPLOAD, default_timeout=60).run()
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


def test_evaluator_sees_only_assigned_units(auth, own_db):
    at = signed_in("eva")
    at.switch_page(UPLOAD).run()
    units = [s for s in at.selectbox if s.key == "riwayat_unit"][0]
    assert units.options and all("Kota Ambon" in o for o in units.options)


def test_admin_page_only_for_admin(auth, demo_db):
    at = signed_in("eva")
    with pytest.raises(ValueError):
        at.switch_page("app_pages/pengguna.py")
    alone = AppTest.from_file("../app_pages/pengguna.py", default_timeout=60).run()
    assert any("hanya untuk" in e.value for e in alone.error) and not alone.get("form")
    at = signed_in("adi")
    at.switch_page("app_pages/pengguna.py").run()
    assert not at.exception and at.title[0].value == "Pengguna"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def counts(path) -> dict[str, int]:
    con = db.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables}
    finally:
        con.close()


def upload_page(username: str, files: list[tuple[str, bytes]]) -> AppTest:
    at = signed_in(username)
    at.switch_page(UPLOAD).run()
    at.file_uploader(key="unggah_berkas").set_value([(n, c, XLSX) for n, c in files]).run()
    assert not at.exception
    return at


def choose(at: AppTest, prefix: str, value) -> None:
    [w for w in at.selectbox if w.key and w.key.startswith(prefix)][0].set_value(value)


def test_preview_then_save_once_then_unchanged(auth, own_db):
    before = counts(own_db)
    at = upload_page("eva", [("lke-dpmptsp.xlsx", REAL.read_bytes())])
    # preview: recomputed total, the workbook's own total, the differences; nothing written yet
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Nilai total"] == "95,63"
    assert metrics["Nilai di workbook"] == "95,58"
    assert any("selisih" in md.value for md in at.markdown)
    assert counts(own_db) == before
    choose(at, "unit_", "81.71-DPMPTSP")
    [n for n in at.number_input if n.key.startswith("tahun_")][0].set_value(2024)
    at.run()
    at.button(key=[b.key for b in at.button if b.key and b.key.startswith("simpan_")][0]).click().run()
    assert not at.exception
    assert any("menggantikan versi sebelumnya" in s.value for s in at.success)  # the demo had 2024 self
    after = counts(own_db)
    assert after["lke_submissions"] == before["lke_submissions"] + 1
    # Streamlit reruns on every click: pressing Simpan again stores nothing new
    at.button(key=[b.key for b in at.button if b.key and b.key.startswith("simpan_")][0]).click().run()
    assert any("tidak ada yang berubah" in s.value for s in at.success)
    assert counts(own_db) == after


def test_bad_file_shows_cells_and_writes_nothing(auth, own_db, tmp_path):
    before = counts(own_db)
    bad = real_copy(tmp_path, {"K9": "Z", "K12": "Mungkin"}, name="salah.xlsx")
    at = upload_page("eva", [("salah.xlsx", bad.read_bytes()), ("bukan.xlsx", b"kode,nama\n1,a\n")])
    assert len(at.error) == 2
    tables = [d.value for d in at.dataframe if "Sel" in d.value.columns]
    cells = set(tables[0]["Sel"])
    assert {"K9", "K12"} <= cells and set(tables[0]["Lembar"]) == {"LKE ZI"}
    assert "bukan berkas Excel" in tables[1]["Masalah"][0]
    assert not [b for b in at.button if b.key and b.key.startswith("simpan_")]
    assert counts(own_db) == before


def test_replace_then_restore_through_the_page(auth, own_db, tmp_path):
    newer = real_copy(tmp_path, {"K9": "C"}, name="versi-2.xlsx")
    for name, content in (("versi-1.xlsx", REAL.read_bytes()), ("versi-2.xlsx", newer.read_bytes())):
        at = upload_page("eva", [(name, content)])
        choose(at, "unit_", "81.71-DPMPTSP")
        [n for n in at.number_input if n.key.startswith("tahun_")][0].set_value(2024)
        at.run()
        at.button(key=[b.key for b in at.button if b.key and b.key.startswith("simpan_")][0]).click().run()
    assert any("menggantikan versi sebelumnya" in s.value for s in at.success)
    at.selectbox(key="riwayat_unit").set_value("81.71-DPMPTSP")
    at.number_input(key="riwayat_tahun").set_value(2024)
    at.run()
    history = [d.value for d in at.dataframe if "Versi" in d.value.columns][0]
    assert list(history["Berkas"][:2]) == ["versi-2.xlsx", "versi-1.xlsx"]
    assert list(history["Berlaku"][:2]) == ["Ya", ""]
    old = int(history["Versi"][1])
    at.selectbox(key="riwayat_versi").set_value(old).run()
    at.button(key="pulihkan").click().run()
    assert not at.exception
    history = [d.value for d in at.dataframe if "Versi" in d.value.columns][0]
    current = history[history["Berlaku"] == "Ya"]
    assert list(current["Versi"]) == [old]
    con = db.connect(own_db)
    total = con.execute(
        "SELECT x.total FROM lke_submissions s JOIN lke_scores x ON x.submission_id = s.id "
        "WHERE s.unit_code = '81.71-DPMPTSP' AND s.year = 2024 AND s.stage = 'self' "
        "AND s.is_current"
    ).fetchall()
    who = con.execute("SELECT loaded_by FROM imports WHERE status = 'restored'").fetchall()
    con.close()
    assert total == [(pytest.approx(95.63260073260074),)] and who == [("eva",)]


def test_evaluator_cannot_store_for_another_region(auth, own_db):
    from loaders import upload
    from pantauzi.core.problems import WorkbookRejected

    eva = access.user_of(access.load(auth), "eva")
    p = upload.preview(REAL.read_bytes(), "lke.xlsx")
    con = db.connect(own_db)
    try:
        with pytest.raises(WorkbookRejected, match="tidak berwenang"):
            upload.save(con, eva, p, "81-KEJATI", 2024, "self")  # Kejati Maluku is not in 81.71
        assert upload.save(con, eva, p, "81.71-DPMPTSP", 2024, "self")[0].status == "replaced"
    finally:
        con.close()


def test_template_and_stored_file_downloads(auth, own_db):
    at = signed_in("eva")
    at.switch_page(UPLOAD).run()
    keys = {d.key for d in at.get("download_button")}
    assert {"tpl_legacy", "tpl_portalrb"} <= keys


def test_user_cli_hashes_the_password(tmp_path, demo_db):
    import subprocess
    import sys

    from tests.lke_helpers import ROOT

    copy = tmp_path / "users.duckdb"  # add-user checks --region against a database (another process)
    shutil.copyfile(demo_db, copy)
    path = tmp_path / "auth.yaml"
    env = {**__import__("os").environ, "PANTAUZI_AUTH": str(path)}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pantauzi.access",
            "add-user",
            "--username",
            "budi",
            "--name",
            "Budi",
            "--role",
            "evaluator",
            "--region",
            "81.71",
            "--db",
            str(copy),
            "--password-stdin",
        ],
        input="kata-sandi-kuat\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    text = path.read_text()
    assert "kata-sandi-kuat" not in text and "$2b$" in text
    assert (path.stat().st_mode & 0o077) == 0  # only the owner can read the hashes
    import bcrypt

    stored = access.load(path)["credentials"]["usernames"]["budi"]["password"]
    assert bcrypt.checkpw(b"kata-sandi-kuat", stored.encode())
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "pantauzi.access",
            "add-user",
            "--username",
            "x",
            "--name",
            "X",
            "--role",
            "evaluator",
            "--password-stdin",
        ],
        input="kata-sandi-kuat\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "--region" in bad.stderr


def test_the_same_file_twice_in_one_upload(auth, own_db):
    before = counts(own_db)
    at = upload_page("eva", [("a.xlsx", REAL.read_bytes()), ("a-salinan.xlsx", REAL.read_bytes())])
    saves = [b.key for b in at.button if b.key and b.key.startswith("simpan_")]
    assert len(saves) == 2
    for prefix in ("unit_0", "unit_1"):
        choose(at, prefix, "81.71-DPMPTSP")
    for n in at.number_input:
        if n.key.startswith("tahun_"):
            n.set_value(2023)
    at.run()
    for key in saves:
        at.button(key=key).click().run()
    assert not at.exception
    texts = [s.value for s in at.success]
    assert any("menggantikan" in t or "pengajuan baru" in t for t in texts)
    assert any("tidak ada yang berubah" in t for t in texts)
    assert counts(own_db)["lke_submissions"] == before["lke_submissions"] + 1


def test_national_admin_pickers_follow_the_sidebar(auth, national_db, monkeypatch):
    """Thousands of units an admin may upload for are no list: the pickers offer the sidebar's selection
    (limit lowered for the 200-unit database) and say so; nationally the history asks for a region."""
    import streamlit as st

    import ui
    from pantauzi.store import db

    monkeypatch.setattr(ui.filter, "SIDEBAR_OPTIONS", 10)
    monkeypatch.setenv("PANTAUZI_DB", str(national_db))
    st.cache_data.clear()
    con = db.connect(national_db)
    small, count = con.execute(
        "SELECT region_code, count(*) n FROM units WHERE contains(region_code, '.') "
        "GROUP BY ALL HAVING n BETWEEN 2 AND 10 ORDER BY n DESC, region_code LIMIT 1"
    ).fetchall()[0]
    con.close()
    at = signed_in("adi")
    at.switch_page("app_pages/unggah.py").run()
    assert not at.exception
    assert not [s for s in at.main.selectbox if s.label == "Unit"]
    assert any("Pilih provinsi, kabupaten/kota atau instansi" in i.value for i in at.info)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["provinsi"], at.query_params["kabkota"] = small.split(".")[0], small
    at.session_state["authentication_status"], at.session_state["username"] = True, "adi"
    at.run().switch_page("app_pages/unggah.py").run()
    assert not at.exception
    picker = [s for s in at.main.selectbox if s.label == "Unit"][0]
    assert len(picker.options) == count
    assert any("Anda boleh mengunggah untuk" in c.value for c in at.caption)


def test_offered_units_narrow_to_the_selection_and_keep_the_workbook_unit():
    import pandas as pd

    from loaders.upload import offered_units
    from pantauzi.core.filters import Filter

    units = pd.DataFrame(
        {
            "unit": ["81.71-A", "81.71-B", "81.01-C", "53.02-D"],
            "region_code": ["81.71", "81.71", "81.01", "53.02"],
            "instansi_code": ["pemkot-81.71", "pemkot-81.71", "pemkab-81.01", "pemkab-53.02"],
        }
    )
    assert offered_units(units, Filter(), 10)[1] is False  # a short list stays whole
    got, narrowed = offered_units(units, Filter(), 2, ("53.02-D",))
    assert narrowed and list(got["unit"]) == ["53.02-D"]  # nationally: only the workbook's unit
    got, _ = offered_units(units, Filter("81", "81.71"), 2, ("53.02-D",))
    assert list(got["unit"]) == ["53.02-D", "81.71-A", "81.71-B"]
    got, _ = offered_units(units, Filter("81"), 2)
    assert got.empty  # three units in provinsi 81: still more than the limit
