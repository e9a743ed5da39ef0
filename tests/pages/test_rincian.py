"""Rincian Jawaban (issue 21): the page data against independent pandas computations over the raw
tables (the demo database and the real anonymized workbook with evidence), and the page through AppTest."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from loaders.ingest import ingest_lke
from loaders.reference_tables import load_directory
from pantauzi.core import refdata
from pantauzi.pagedata import answers as rincian
from pantauzi.store import db
from pantauzi.workbooks.table import table_xlsx
from tests.lke_helpers import ROOT, real_copy

APP = "../../dashboard.py"
UNIT = "81.71-DPMPTSP"


@pytest.fixture()
def demo(demo_db):
    con = db.connect(demo_db)  # closed after the test: the AppTests below open the file themselves
    yield con
    con.close()


def _raw(con, sid: int) -> pd.DataFrame:
    return con.execute("SELECT * FROM lke_answers WHERE submission_id = ? ORDER BY question_id", [sid]).df()


def _changed(con, self_id: int, tpi_id: int) -> set[int]:
    both = _raw(con, tpi_id).merge(_raw(con, self_id), on="question_id", suffixes=("_t", "_s"))
    same = (both["value_s"] == both["value_t"]) | (both["value_s"].isna() & both["value_t"].isna())
    return set(both.loc[both["answered_t"] & (~both["answered_s"] | ~same), "question_id"])


def _unit_years(con, n: int = 2) -> list[tuple[str, int]]:
    """Unit-years with a self and a TPI submission, spread over the demo's units and both methodologies."""
    rows = con.execute(
        "SELECT unit_code, year FROM lke_current GROUP BY ALL HAVING count(*) >= 2 ORDER BY year DESC, unit_code"
    ).fetchall()
    picked = rows[:: max(1, len(rows) // n)][:n]
    newest = rows[0]
    return sorted(set(picked) | {newest})


def test_points_changes_and_order_equal_the_raw_tables(demo):
    checked = 0
    for unit, year in _unit_years(demo):
        view = rincian.rincian_jawaban(demo, unit, year)
        assert view is not None and view.stages[:2] == ("self", "tpi")
        rows = view.rows
        subs = demo.execute(
            "SELECT stage, id, methodology FROM lke_submissions WHERE unit_code = ? AND year = ? AND is_current",
            [unit, year],
        ).df()
        ids = dict(zip(subs["stage"], subs["id"]))
        m = rincian.methodology(subs["methodology"].iloc[0])
        for stage in view.stages:
            nodes = demo.execute(
                "SELECT name, weight, score FROM lke_node_scores WHERE submission_id = ? AND is_leaf "
                "AND level IN ('sub_area', 'sub_sub_area', 'hasil_item')",
                [ids[stage]],
            ).df()
            total = demo.execute("SELECT total FROM lke_scores WHERE submission_id = ?", [ids[stage]]).fetchone()[0]
            assert rows[f"{stage}_points"].sum() == pytest.approx(total)
            leaf = rows.assign(leaf=rows["subarea"].str.split(" › ").str[-1]).groupby("leaf")
            got = leaf[f"{stage}_points"].sum()
            lost = leaf[f"{stage}_lost"].sum()
            for name, weight, score in nodes.itertuples(index=False):
                assert got[name] == pytest.approx(score, abs=1e-9), (unit, year, stage, name)
                assert lost[name] == pytest.approx(weight - score, abs=1e-9), (unit, year, stage, name)
            raw = _raw(demo, ids[stage]).set_index("question_id")
            q = rows[rows["kind"] == "question"].set_index("question_id")
            assert q[f"{stage}_answered"].equals(raw.loc[q.index, "answered"].astype(bool))
        changed = _changed(demo, ids["self"], ids["tpi"])
        assert set(rows.loc[rows["changed"], "question_id"].astype(int)) == changed
        assert view.changed == len(changed) > 0
        assert view.changed_points == pytest.approx(
            demo.execute("SELECT total FROM lke_scores WHERE submission_id = ?", [ids["tpi"]]).fetchone()[0]
            - demo.execute("SELECT total FROM lke_scores WHERE submission_id = ?", [ids["self"]]).fetchone()[0]
        )
        # the LKE's order: the legacy workbook's rows (the 2026 bank: its Jawaban rows), questions only
        qids = [int(x) for x in rows.loc[rows["kind"] == "question", "question_id"]]
        assert sorted(qids) == sorted(x.id for x in m.questions)
        where = [m.question(x).legacy_row or m.question(x).portalrb_row for x in qids]
        assert where == sorted(where)
        only = rincian.rincian_jawaban(demo, unit, year, frozenset({"changed"}))
        assert only.shown == len(changed)
        checked += 1
    assert checked >= 2


@pytest.fixture(scope="module")
def evidence_db(tmp_path_factory):
    """The real workbook as self (two answers without evidence, one link not http) and a copy as TPI
    with three answers changed; a note that would be a formula."""
    tmp = tmp_path_factory.mktemp("rincian")
    con = db.connect(tmp / "e.duckdb")
    load_directory(con, ROOT / "data" / "demo", demo=True)
    own = real_copy(
        tmp,
        {"P12": None, "Q12": None, "P13": None, "Q13": "folder bersama di kantor", "O8": "@tim ZI: lihat SK"},
        name="self.xlsx",
    )
    team = real_copy(tmp, {"K9": "B", "K11": "Tidak", "K15": "C", "P12": None, "Q12": None}, name="tpi.xlsx")
    ingest_lke(con, own, UNIT, 2024, "self")
    ingest_lke(con, team, UNIT, 2024, "tpi")
    yield con
    con.close()


def test_evidence_marks_links_and_filters_on_the_real_workbook(evidence_db):
    view = rincian.rincian_jawaban(evidence_db, UNIT, 2024)
    rows = view.rows
    q = rows[rows["kind"] == "question"].set_index("question_id")
    # independent counts over the TPI submission's raw answers (evidence there or in the self-assessment)
    ids = dict(evidence_db.execute("SELECT stage, id FROM lke_submissions WHERE is_current").fetchall())
    s, t = _raw(evidence_db, ids["self"]), _raw(evidence_db, ids["tpi"])
    ev = lambda d: d["evidence"].fillna("").str.strip().ne("") | d["evidence_link"].fillna("").str.strip().ne("")  # noqa: E731
    both = t.merge(s, on="question_id", suffixes=("_t", "_s"))
    with_ev = both["answered_t"] & (ev(t).to_numpy() | ev(s).to_numpy())
    assert (view.answered, view.with_evidence) == (int(t["answered"].sum()), int(with_ev.sum()))
    assert view.with_evidence < view.answered  # q4 (row 12) has evidence in neither file
    assert not q.loc[4, "has_evidence"] and q.loc[5, "has_evidence"]  # q5: P13 empty but Q13 is text
    assert view.changed == 3 == len(_changed(evidence_db, ids["self"], ids["tpi"]))
    stats = evidence_db.execute(
        "SELECT answered, with_evidence, tpi_changed FROM lke_answer_stats WHERE submission_id = ?", [ids["tpi"]]
    ).fetchall()
    assert stats == [(view.answered, view.with_evidence, 3)]
    table = view.table.set_index("Pertanyaan")
    first = refdata.for_layout("legacy").question(1).text
    assert table.loc[first, "Tautan bukti"] == "https://example.invalid/bukti/001"
    assert view.download.set_index("Pertanyaan").loc[first, "No."] == "a." and "No." not in table.columns
    assert table.loc[first, "Catatan unit"] == "@tim ZI: lihat SK"
    q5 = refdata.for_layout("legacy").question(5).text
    assert pd.isna(table.loc[q5, "Tautan bukti"])
    assert "tautan: folder bersama di kantor" in table.loc[q5, "Bukti dukung"]
    assert table.loc[first, "Nomor"] == "I.1.i.a" and table.loc[q5, "Nomor"] == "I.1.ii.c"
    # the four filters, each against the raw rows
    assert set(rincian.rincian_jawaban(evidence_db, UNIT, 2024, frozenset({"no_evidence"})).download["Pertanyaan"]) == {
        refdata.for_layout("legacy").question(int(x)).text
        for x in both.loc[both["answered_t"] & ~with_ev, "question_id"]
    }
    assert rincian.rincian_jawaban(evidence_db, UNIT, 2024, frozenset({"unanswered"})).shown == int(
        (~t["answered"]).sum()
    )
    changed = rincian.rincian_jawaban(evidence_db, UNIT, 2024, frozenset({"changed"}))
    assert changed.shown == 3 and all("diubah TPI" in x for x in changed.table["Tanda"])
    loss = rincian.rincian_jawaban(evidence_db, UNIT, 2024, frozenset({"biggest_loss"})).download
    want = rows["tpi_lost"].astype(float)
    assert list(loss["Hilang TPI"]) == sorted(want[want > 1e-9].nlargest(rincian.BIGGEST_LOSS), reverse=True)
    summary = view.summary.set_index("Area")
    assert summary["Dijawab"].sum() == view.answered and summary["Diubah TPI"].sum() == 3
    # the download stays text where data starts with '='
    wb = openpyxl.load_workbook(io.BytesIO(table_xlsx(view.download, "Rincian")))
    ws = wb["Rincian"]
    col = [c.value for c in ws[1]].index("Catatan unit") + 1
    cell = ws.cell(2, col)
    assert cell.value == "@tim ZI: lihat SK" and cell.data_type == "s" and cell.quotePrefix


def _app(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


@pytest.mark.slow
def test_the_page_follows_the_link_and_its_filters(demo_db):
    con = db.connect(demo_db)
    unit, year = con.execute(
        "SELECT unit_code, max(year) FROM lke_current WHERE stage = 'tpi' GROUP BY 1 ORDER BY 1 LIMIT 1"
    ).fetchone()
    con.close()
    at = _app({"tinjau": unit, "tahun": str(year)})
    at.switch_page("app_pages/rincian_jawaban.py").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.title[0].value == "Rincian Jawaban"
    assert [s for s in at.main.selectbox if s.label == "OPD / unit"][0].value == unit
    assert [s for s in at.main.selectbox if s.label == "Tahun penilaian"][0].value == year
    labels = [m.label for m in at.metric]
    assert "Kelengkapan bukti dukung" in labels and "Jawaban diubah TPI" in labels
    assert len(at.dataframe) == 2
    every = len(at.dataframe[1].value)
    assert every > 127  # every question and % item
    at.checkbox(key="saring_changed").check().run()
    assert not at.exception
    few = len(at.dataframe[1].value)
    assert 0 < few < every
    assert all("diubah TPI" in x for x in at.dataframe[1].value["Tanda"])
    assert not at.get("download_button")  # made on request, of the rows shown
    at.button(key="siapkan_rincian").click().run()
    assert {b.label for b in at.get("download_button")} >= {"Unduh Excel", "Unduh CSV"}
    at.checkbox(key="saring_changed").uncheck().run()  # other rows: that file is let go
    assert not at.get("download_button")


@pytest.mark.slow
def test_ringkasan_area_and_profil_link_to_it(demo_db):
    at = _app({"provinsi": "81"})
    for page in (None, "app_pages/area_perubahan.py", "app_pages/profil_opd.py"):
        if page:
            at.switch_page(page).run()
        assert not at.exception
        links = [x for x in at.get("page_link") if "Rincian Jawaban" in x.proto.label]
        assert len(links) == 1 and links[0].proto.page.endswith("rincian_jawaban")
