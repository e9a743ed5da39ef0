"""Unggah Data through AppTest: the evaluator's units, preview, save, restore, downloads, national pickers.
Sign-in and roles are in tests/pages/test_sign_in.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pantauzi.store import db
from tests.lke_helpers import REAL, real_copy
from tests.support.apps import APP, UPLOAD, signed_in


def test_evaluator_sees_only_assigned_units(auth, own_db):
    at = signed_in("eva")
    at.switch_page(UPLOAD).run()
    units = [s for s in at.selectbox if s.key == "riwayat_unit"][0]
    assert units.options and all("Kota Ambon" in o for o in units.options)


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
    # issue 19 point 8: a confirmation first; nothing restored until "Ya, pulihkan"
    assert any(f"Pulihkan versi #{old} sebagai versi yang berlaku?" in w.value for w in at.warning)
    history = [d.value for d in at.dataframe if "Versi" in d.value.columns][0]
    assert int(history[history["Berlaku"] == "Ya"]["Versi"].iloc[0]) != old
    at.button(key="pulihkan_ya").click().run()
    assert not at.exception
    history = [d.value for d in at.dataframe if "Versi" in d.value.columns][0]
    current = history[history["Berlaku"] == "Ya"]
    assert list(current["Versi"]) == [old]
    assert "Diunggah (WIB)" in history.columns  # the agency's zone, not UTC
    (done,) = [s.value.replace("\\", "") for s in at.success if "dipulihkan" in s.value]
    assert done.startswith(f"Versi #{old} dipulihkan sebagai versi yang berlaku oleh eva pada ") and done.endswith(
        " WIB."
    )
    events = [d.value for d in at.dataframe if "Kejadian" in d.value.columns][0]
    assert list(events.columns) == ["Waktu (WIB)", "Oleh", "Kejadian", "Versi", "Berkas"]
    assert events.iloc[0].to_dict() | {"Waktu (WIB)": ""} == {
        "Waktu (WIB)": "",
        "Oleh": "eva",
        "Kejadian": "versi sebelumnya dipulihkan sebagai versi yang berlaku",
        "Versi": f"#{old}",
        "Berkas": "versi-1.xlsx",
    }
    assert not at.warning  # the confirmation is gone
    con = db.connect(own_db)
    total = con.execute(
        "SELECT x.total FROM lke_submissions s JOIN lke_scores x ON x.submission_id = s.id "
        "WHERE s.unit_code = '81.71-DPMPTSP' AND s.year = 2024 AND s.stage = 'self' "
        "AND s.is_current"
    ).fetchall()
    who = con.execute("SELECT loaded_by FROM imports WHERE status = 'restored'").fetchall()
    con.close()
    assert total == [(pytest.approx(95.63260073260074),)] and who == [("eva",)]


def test_template_and_stored_file_downloads(auth, own_db):
    at = signed_in("eva")
    at.switch_page(UPLOAD).run()
    keys = {d.key for d in at.get("download_button")}
    assert {"tpl_legacy", "tpl_portalrb"} <= keys


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
