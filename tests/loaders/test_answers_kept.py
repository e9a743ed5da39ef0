"""Issue 21 part 4: what a workbook holds per answer beside the answer is stored at ingest — the
workbook's numbering, the evidence link, the unit's and the TPI's own notes (migration 35) — and the
per-submission evidence counts follow every write."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from loaders.ingest import ingest_lke
from loaders.portalrb_json import ingest_json
from loaders.reference_tables import load_directory
from pantauzi.store import answer_queries, db
from tests.lke_helpers import REAL, ROOT, full_answers, portalrb


@pytest.fixture()
def con(tmp_path):
    c = db.connect(tmp_path / "t.duckdb")
    load_directory(c, ROOT / "data" / "demo", demo=True)
    yield c
    c.close()


def _rows(con, sid):
    return answer_queries.answers_of(con, sid).set_index("question_id")


def test_legacy_numbering_link_and_evidence_of_the_real_workbook(con):
    [o] = ingest_lke(con, REAL, "81.71-DPMPTSP", 2024, "self")
    a = _rows(con, o.submission_id)
    assert list(answer_queries.answers_of(con, o.submission_id).columns) == list(answer_queries.ANSWER_COLUMNS)
    assert (a.loc[1, "number"], a.loc[2, "number"], a.loc[3, "number"]) == ("a.", "b.", "a.")  # F8, F9, F11
    assert a.loc[1, "evidence_link"] == "https://example.invalid/bukti/001"  # Q8
    assert a.loc[1, "evidence"].startswith("SK Kepala OPD Ttg Tim Kerja")  # P8
    assert a.loc[1, "note"].startswith("Terdapat Pembentukan")  # O8
    assert a["unit_note"].isna().all() and a["tpi_note"].isna().all()  # the legacy sheet has one note column
    wb = openpyxl.load_workbook(REAL, data_only=True)
    ws = wb["LKE ZI"]
    links = {r: ws[f"Q{r}"].value for r in range(8, 200) if ws[f"Q{r}"].value}
    assert a["evidence_link"].notna().sum() == len([v for v in links.values() if str(v).startswith("http")])
    stats = con.execute(
        "SELECT answered, with_evidence, tpi_changed FROM lke_answer_stats WHERE submission_id = ?",
        [o.submission_id],
    ).fetchall()
    has = (a["evidence"].fillna("").str.strip() != "") | a["evidence_link"].notna()
    assert stats == [(int(a["answered"].sum()), int((a["answered"] & has).sum()), None)]


def test_portalrb_keeps_both_notes_the_link_and_the_id_of_each_stage(con, tmp_path):
    unit = full_answers("A")
    tpi = {**unit, 2: "B", 5: "C"}
    path = portalrb(tmp_path, unit, tpi)
    wb = openpyxl.load_workbook(path)
    ws = wb["Jawaban"]
    from pantauzi.core import refdata

    m = refdata.for_layout("portalrb")
    r2 = m.question(2).portalrb_row
    ws.cell(r2, 12, "catatan unit dua")  # L
    ws.cell(r2, 13, "SK tim, lihat https://bukti.example.invalid/sk-tim.pdf.")  # M
    ws.cell(r2, 17, "TPI: mekanisme belum jelas")  # Q
    wb.save(path)
    outcomes = ingest_lke(con, path, "81.71-DPMPTSP", 2026)
    by_stage = {o.stage: o.submission_id for o in outcomes}
    assert set(by_stage) == {"self", "tpi"}
    own, team = _rows(con, by_stage["self"]), _rows(con, by_stage["tpi"])
    for a in (own, team):
        assert a.loc[2, "number"] == "2"  # A: the ID Soal
        assert a.loc[2, "unit_note"] == "catatan unit dua"
        assert a.loc[2, "tpi_note"] == "TPI: mekanisme belum jelas"
        assert a.loc[2, "evidence_link"] == "https://bukti.example.invalid/sk-tim.pdf"
    assert own.loc[2, "note"] == "catatan unit dua" and team.loc[2, "note"] == "TPI: mekanisme belum jelas"
    assert pd.isna(own.loc[1, "evidence_link"]) and pd.isna(own.loc[1, "tpi_note"])
    changed = con.execute(
        "SELECT stage, with_evidence, tpi_changed FROM lke_answer_stats WHERE unit_code = '81.71-DPMPTSP' "
        "AND year = 2026 ORDER BY stage"
    ).fetchall()
    assert changed == [("self", 1, 2), ("tpi", 1, 2)]  # q2 and q5 changed; one answer has evidence


def test_jawaban_unit_json_keeps_the_tpi_note_beside_the_unit_stage(con, tmp_path):
    body = {
        "unit_id": "81.71-DPMPTSP",
        "tahun": 2026,
        "answers": [
            {
                "soal_id": 1,
                "jawaban_unit": "Ya",
                "catatan_unit": "ada SK",
                "bukti_dukung_unit": "https://x.invalid/1",
                "jawaban_tpi": "Tidak",
                "catatan_tpi": "SK belum ditandatangani",
            },
            {"soal_id": 2, "jawaban_unit": "A"},
        ],
    }
    path = tmp_path / "jawaban.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    outcomes = ingest_json(con, path, "81.71-DPMPTSP", 2026)
    own = _rows(con, next(o.submission_id for o in outcomes if o.stage == "self"))
    assert own.loc[1, "tpi_note"] == "SK belum ditandatangani" and own.loc[1, "unit_note"] == "ada SK"
    assert own.loc[1, "evidence_link"] == "https://x.invalid/1" and own.loc[1, "number"] == "1"
    assert pd.isna(own.loc[2, "tpi_note"])
    stats = dict(
        con.execute(
            "SELECT stage, tpi_changed FROM lke_answer_stats WHERE unit_code = '81.71-DPMPTSP' AND year = 2026"
        ).fetchall()
    )
    assert stats == {"self": 1, "tpi": 1}
