"""Issue 19 point 19 on the pages (AppTest): an admin records a unit's WBK predicate on 'Predikat ZI' by
form and by template; the stored readiness follows (WBBM needs an earlier WBK), Profil OPD says which
predicate the unit holds and since when; a WBBM without a WBK is refused with nothing written."""

from __future__ import annotations

import io

import openpyxl

from pantauzi.store import db
from pantauzi.workbooks.milestone_template import write_template
from tests.support.apps import signed_in

PAGE = "app_pages/predikat.py"
UNIT = "81.71-DPMPTSP"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _readiness(path, year=2026):
    con = db.connect(path, read_only=True)
    try:
        return con.execute(
            "SELECT readiness FROM lke_current WHERE unit_code = ? AND year = ? AND stage = 'self'", [UNIT, year]
        ).fetchall()[0][0]
    finally:
        con.close()


def _milestones(path):
    con = db.connect(path, read_only=True)
    try:
        return con.execute(
            "SELECT kind, year, decree FROM zi_milestones WHERE unit_code = ? ORDER BY year, kind", [UNIT]
        ).fetchall()
    finally:
        con.close()


def _submit(at, kind, year, decree):
    at.selectbox(key="tg_jenis").set_value(kind)
    at.number_input(key="tg_tahun").set_value(year)
    at.text_input(key="tg_sk").set_value(decree)
    [b for b in at.button if b.label == "Simpan tonggak"][0].click().run()
    assert not at.exception


def test_admin_records_a_predicate_and_readiness_and_profile_follow(auth, own_db, tmp_path):
    at = signed_in("adi")
    at.query_params["tinjau"] = UNIT
    at.switch_page(PAGE).run()
    assert not at.exception and at.title[0].value == "Predikat ZI"
    assert _readiness(own_db) == "wbk"
    # a WBBM without an earlier WBK: refused, nothing written
    before = _milestones(own_db)
    _submit(at, "wbbm", 2025, "SK 9/2025")
    assert at.error and any("WBK" in t.value for t in at.text)
    assert _milestones(own_db) == before
    # the WBK of 2025: stored with its decree; the 2026 self-assessment is now ready for WBBM
    _submit(at, "wbk", 2025, "SK MenPANRB 1234/2025")
    assert any("disimpan" in s.value for s in at.success), [e.value for e in at.error]
    assert ("wbk", 2025, "SK MenPANRB 1234/2025") in _milestones(own_db)
    assert _readiness(own_db) == "wbbm"
    held = at.dataframe[0].value
    assert "Predikat Menuju WBK sejak 2025 (SK MenPANRB 1234/2025)" in held["Predikat"].tolist()
    # the template: pre-filled, a WBBM row added in Excel, uploaded
    path = write_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Tonggak ZI"].append([UNIT, "wbbm", 2026, None, "SK 77/2026", "dari templat"])
    buf = io.BytesIO()
    wb.save(buf)
    at.file_uploader(key="tg_berkas").set_value([("tonggak.xlsx", buf.getvalue(), XLSX)]).run()
    at.button(key="tg_berkas_ok").click().run()
    assert not at.exception and any("disimpan" in s.value for s in at.success), [e.value for e in at.error]
    assert ("wbbm", 2026, "SK 77/2026") in _milestones(own_db)
    # Profil OPD: the predicate and since when, in one line
    at.switch_page("app_pages/profil_opd.py").run()
    line = [m.value for m in at.markdown if m.value.startswith("**Predikat ZI:**")]
    assert line == ["**Predikat ZI:** Predikat Menuju WBBM sejak 2026 \\(SK 77/2026\\)"], line
