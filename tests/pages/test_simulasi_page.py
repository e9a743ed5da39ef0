"""Simulasi through AppTest on the demo database: the plan, an untick and an edit rescored at once, the
unreachable WBBM, the Excel action list (the link from Profil OPD: tests/browser/test_simulasi_browser.py)."""

from __future__ import annotations

import io

import openpyxl
from streamlit.testing.v1 import AppTest

from pantauzi import pagedata
from pantauzi.core import refdata, simulation
from pantauzi.store import db

APP = "../../dashboard.py"
UNIT, YEAR = "53.02-DPMPTSP", 2024  # TPI 2024: 74,66, IPAK below 3,60


def simulasi(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at.switch_page("app_pages/simulasi.py").run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_plan_untick_and_edit_are_rescored(demo_db):
    at = simulasi({"tinjau": UNIT, "tahun": str(YEAR)})
    assert not at.exception
    assert at.title[0].value == "Simulasi"
    assert any("harus mencapai 3,60" in w.value for w in at.warning)  # IPAK: a value to reach, not an answer
    assert "jawaban diubah" in at.info[0].value and "Metode" in at.caption[-1].value
    m0 = metrics(at)
    assert m0["Nilai total kini"] == "74,66"
    assert at.success and "semua kriteria Menuju WBK terpenuhi" in at.success[0].value
    assert not at.get("download_button")  # the action list is made on request
    at.button(key="siapkan_daftar-tindakan").click().run()
    assert len(at.get("download_button")) == 1 and at.get("download_button")[0].proto.ignore_rerun
    key = f"rencana-{UNIT}-{YEAR}-wbk"
    at.session_state[key] = {"edited_rows": {0: {"Pakai": False}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception and not at.success  # the plan is minimal: without a row WBK is not reached
    assert any("belum tercapai" in w.value for w in at.warning)
    assert float(metrics(at)["Nilai total dengan rencana"].replace(",", ".")) < float(
        m0["Nilai total dengan rencana"].replace(",", ".")
    )
    at.session_state[key] = {"edited_rows": {1: {"Usulan": "E"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert at.error and "bukan pilihan soal ini" in at.error[0].value


def test_wbbm_without_a_wbk_predicate_is_unreachable(demo_db):
    at = simulasi({"tinjau": UNIT, "tahun": str(YEAR), "target": "wbbm"})
    assert not at.exception
    assert at.radio[0].value == "wbbm"
    assert any("Menuju WBK" in w.value and "hanya dapat diberikan" in w.value for w in at.warning)


def test_the_action_list_holds_the_plan_with_pic_and_date_columns(demo_db):
    with db.connect(demo_db) as cur:  # the configuration the in-process pages use
        view = pagedata.simulasi(cur, UNIT, YEAR, "wbk")
    assert view.plan is not None and view.plan.rows
    check = pagedata.simulasi_check(view, view.table)
    ws = openpyxl.load_workbook(io.BytesIO(pagedata.action_list(view, check))).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r[:1] == ["No"])
    assert rows[head][-2:] == ["PIC", "Target tanggal"]
    body = rows[head + 1 : head + 1 + len(view.plan.rows)]
    assert [r[0] for r in body] == [r.qid for r in view.plan.rows]
    assert [r[4] for r in body] == [r.proposed for r in view.plan.rows]
    assert all(r[5] and r[5].startswith("Jawaban ") for r in body)  # the evidence the proposed answer needs
    assert all(r[-1] is None and r[-2] is None for r in body)
    assert any(r[:1] == ["Bukan jawaban: nilai yang harus dicapai"] for r in rows)
    # the real scorer on the table's answers agrees with the page's verdict
    m = refdata.for_year(YEAR)
    after = simulation.apply(
        view.plan,
        {int(q): dict(simulation.options(m, int(q)))[a] for q, a in zip(view.table["qid"], view.table["Usulan"])},
    )
    assert simulation.evaluate(m, after, "wbk").meets == check.meets is True
