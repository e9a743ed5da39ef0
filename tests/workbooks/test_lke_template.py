"""Blank and filled template round trips: what we write, loaders.lke reads back and scores like scoring.score."""

from __future__ import annotations

import random
from typing import Any

import openpyxl
import pytest

from loaders.lke import score_file
from pantauzi.core import refdata, scoring
from pantauzi.core.problems import WorkbookRejected
from pantauzi.workbooks import lke_template

LEGACY = refdata.for_layout("legacy")
PORTAL = refdata.for_layout("portalrb")


def random_answers(
    rng: random.Random, m: refdata.Methodology, skip: float = 0.12
) -> tuple[dict[int, Any], dict[int, float | None]]:
    """Raw answers (with the quirks real files have) and the normalised values they must read as."""
    raw: dict[int, Any] = {}
    values: dict[int, float | None] = {q.id: None for q in m.questions}
    for q in m.questions:
        spec = m.answer_types[q.type]
        if q.type == "JUMLAH" or rng.random() < skip:
            continue
        if spec["kind"] == "choice":
            key = rng.choice(list(spec["values"]))
            raw[q.id] = rng.choice([key, key, key, key.lower() + " ", " " + key.lower()])
            values[q.id] = float(spec["values"][key])
        else:
            v = round(rng.uniform(spec["min"], spec["max"]), 2)
            raw[q.id] = rng.choice([v, v, f"{v:.2f}".replace(".", ",")])
            values[q.id] = v
    for p in m.percent_items:
        if rng.random() < skip:
            continue
        for qid in p.inputs + p.unused:
            n = rng.randint(1, 12) if qid in p.denominator or qid == p.prev else rng.randint(0, 12)
            raw[qid], values[qid] = rng.choice([n, n, str(n)]), float(n)
        if p.kind == "discipline" and rng.random() < 0.3:
            raw[p.prev] = raw[p.now] = 0
            values[p.prev] = values[p.now] = 0.0
    return raw, values


def assert_same_score(got: scoring.Score, want: scoring.Score) -> None:
    assert got.total == pytest.approx(want.total, abs=1e-9)
    assert got.pengungkit == pytest.approx(want.pengungkit, abs=1e-9)
    assert got.hasil == pytest.approx(want.hasil, abs=1e-9)
    assert got.areas == pytest.approx(want.areas, abs=1e-9)
    assert got.areas_pemenuhan == pytest.approx(want.areas_pemenuhan, abs=1e-9)
    assert (got.answered, got.unanswered, got.incomplete) == (want.answered, want.unanswered, want.incomplete)
    assert {k: ns.unanswered_questions for k, ns in got.nodes.items()} == {
        k: ns.unanswered_questions for k, ns in want.nodes.items()
    }


@pytest.mark.parametrize("seed", range(8))
def test_legacy_round_trip_matches_scoring(tmp_path, seed):
    rng = random.Random(seed)
    raw, values = random_answers(rng, LEGACY, skip=0.05 + 0.05 * seed)
    assert any(v is None for v in values.values())
    path = lke_template.write_legacy(tmp_path / "lke.xlsx", raw)
    res = score_file(path)
    assert (res.layout, res.sheet, res.stage) == ("legacy", "LKE ZI", "self")
    assert_same_score(res.score, scoring.score(LEGACY, values))
    assert res.differences == ()
    assert res.workbook_total == pytest.approx(res.score.total)
    assert {a.qid: a.value for a in res.answers} == values


@pytest.mark.parametrize("seed", range(5))
def test_portalrb_round_trip_reads_unit_from_k_and_tpi_from_n(tmp_path, seed):
    rng = random.Random(100 + seed)
    unit_raw, unit_values = random_answers(rng, PORTAL)
    tpi_raw, tpi_values = random_answers(rng, PORTAL, skip=0.02)
    path = lke_template.write_portalrb(tmp_path / "p.xlsx", unit_raw, tpi_raw, notes={1: "catatan unit"})
    unit = score_file(path)
    tpi = score_file(path, "tpi")
    assert (unit.layout, unit.sheet, unit.stage, tpi.stage) == ("portalrb", "Jawaban", "self", "tpi")
    assert_same_score(unit.score, scoring.score(PORTAL, unit_values))
    assert_same_score(tpi.score, scoring.score(PORTAL, tpi_values))
    q1 = PORTAL.question(1).portalrb_row
    assert unit.answers[0].cell == f"K{q1}" and tpi.answers[0].cell == f"N{q1}"
    assert unit.answers[0].note == "catatan unit"


def test_every_answer_type_and_zero_numerators(tmp_path):
    raw = {q.id: {"YA_TIDAK": "Tidak", "ABC": "B", "ABCD": "C", "ABCDE": "D"}.get(q.type) for q in LEGACY.questions}
    raw.update({125: "3,62", 127: 3.2})
    for p in LEGACY.percent_items:
        for qid in p.inputs + p.unused:
            raw[qid] = 5 if qid in p.denominator else 0
    raw[102], raw[103] = 4, 4  # discipline: no decrease -> 0
    res = score_file(lke_template.write_legacy(tmp_path / "t.xlsx", raw))
    values = lke_template.normalized_values(LEGACY, raw)
    assert values[2] == 0.5 and values[6] == 0.33 and values[14] == 0.25 and values[1] == 0.0
    assert all(res.score.percent_values[p.id] == 0 for p in LEGACY.percent_items)
    assert_same_score(res.score, scoring.score(LEGACY, values))
    assert res.score.hasil_item(125) == pytest.approx(3.62 / 4 * 17.5)
    assert res.differences == ()


def test_cached_override_is_exactly_one_difference(tmp_path):
    raw, _ = random_answers(random.Random(7), LEGACY)
    res = score_file(lke_template.write_legacy(tmp_path / "stale.xlsx", raw, cached_overrides={"L208": 1.0}))
    assert [d.cell for d in res.differences] == ["L208"]
    assert res.workbook_total == 1.0 and res.differences[0].recomputed == pytest.approx(res.score.total)


def test_without_cached_values_there_is_nothing_to_compare(tmp_path):
    raw, values = random_answers(random.Random(8), LEGACY)
    res = score_file(lke_template.write_legacy(tmp_path / "plain.xlsx", raw, cached=False))
    assert res.differences == () and res.workbook_total is None
    assert_same_score(res.score, scoring.score(LEGACY, values))
    ws = openpyxl.load_workbook(tmp_path / "plain.xlsx")["LKE ZI"]
    assert ws["L208"].value is None and ws["L8"].value is None


def test_typed_total_slip_is_reported_at_k185_and_the_parts_win(tmp_path):
    raw, values = random_answers(random.Random(9), LEGACY, skip=0)
    parts = sum(values[q] for q in (117, 118, 119))  # type: ignore[misc]
    res = score_file(
        lke_template.write_legacy(tmp_path / "t.xlsx", raw, typed_totals={"total_wajib_non_lhkpn": parts - 1})
    )
    assert [d.cell for d in res.differences] == ["K185"]
    assert "K185" in {w.cell for w in res.warnings}
    assert_same_score(res.score, scoring.score(LEGACY, values))


def test_renamed_sheet_with_junk_sheets_still_loads(tmp_path):
    raw, values = random_answers(random.Random(10), LEGACY)
    path = lke_template.write_legacy(
        tmp_path / "r.xlsx",
        raw,
        sheet_name="LKE ZI 2023",
        title="LKE Unit X",
        extra_sheets={"Sheet1": [["catatan"], [1, 2, 3]], "Rekap": [["x"]]},
    )
    res = score_file(path)
    assert res.sheet == "LKE ZI 2023" and res.differences == ()
    assert_same_score(res.score, scoring.score(LEGACY, values))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Utama", "Ctt Eval", "LKE ZI 2023", "Sheet1", "Rekap"]
    assert wb.active.title == "LKE ZI 2023" and wb["LKE ZI 2023"]["B1"].value == "LKE Unit X"


def test_legacy_layout_matches_the_template(tmp_path):
    path = lke_template.blank_legacy(tmp_path / "blank.xlsx")
    wb = openpyxl.load_workbook(path)
    assert [wb[n].sheet_state for n in ("Utama", "Ctt Eval", "LKE ZI")] == ["hidden", "hidden", "visible"]
    ws = wb["LKE ZI"]
    assert ws.column_dimensions["J"].hidden and ws.freeze_panes
    assert "B2:G2" in {str(r) for r in ws.merged_cells.ranges}
    assert [ws[f"{c}2"].value for c in "BHIJKLMOPQ"] == [
        "Penilaian",
        "Bobot",
        "Penjelasan",
        "Pilihan Jawaban",
        "Jawaban",
        "Nilai",
        "%",
        "Catatan/Keterangan/Penjelasan",
        "Bukti",
        "Link",
    ]
    assert (ws["B4"].value, ws["C4"].value, ws["H4"].value) == ("A.", "PENGUNGKIT", 60)
    assert (ws["E7"].value, ws["F7"].value, ws["H7"].value) == ("i.", "Penyusunan Tim Kerja", 0.5)
    assert (ws["F8"].value, ws["J8"].value, ws["K8"].value, ws["L8"].value) == (
        "a.",
        "Ya/Tidak",
        "Ya/Tidak",
        "Blm Diisi",
    )
    assert (ws["G128"].value[:15], ws["J128"].value) == ("Agen perubahan ", "%")
    assert ws["K129"].value is None and ws["J129"].value == "Jumlah"
    assert (ws["E202"].value, ws["H202"].value, ws["K202"].value) == (LEGACY.question(125).legacy_label, 17.5, None)
    assert [ws[f"B{r}"].value for r in (198, 206, 208)] == [
        "TOTAL PENGUNGKIT",
        "TOTAL HASIL",
        "NILAI EVALUASI ZONA INTEGRITAS",
    ]
    res = score_file(path)
    assert res.score.answered == 0 and res.score.incomplete and res.differences == ()


def test_blank_portalrb_is_empty_and_reads_as_unanswered(tmp_path):
    path = lke_template.blank_portalrb(tmp_path / "blank.xlsx")
    ws = openpyxl.load_workbook(path)["Jawaban"]
    assert ws["A1"].value == "LEMBAR KERJA EVALUASI ZONA INTEGRITAS 2026"
    header = {ws.cell(4, c).value for c in range(1, 18)}
    assert {"Pertanyaan", "Jawaban Unit", "Jawaban TPI", "Catatan TPI"} <= header
    q = PORTAL.question(1)
    assert (ws.cell(q.portalrb_row, 1).value, ws.cell(q.portalrb_row, 3).value) == (1, q.text)
    assert ws.cell(q.portalrb_row - 1, 2).value == PORTAL.node(q.node).name  # node label in the free row
    assert all(ws.cell(x.portalrb_row, c).value is None for x in PORTAL.questions for c in (11, 14))
    assert score_file(path).score.answered == 0
    # issue 18 §7: asking for the TPI stage of a file without TPI answers is refused, not scored as 0
    assert score_file(path, "tpi", empty_tpi=True).score.answered == 0
    with pytest.raises(WorkbookRejected, match="tidak memuat jawaban TPI"):
        score_file(path, "tpi")


def test_zero_denominator_is_refused_not_invented(tmp_path):
    raw, _ = random_answers(random.Random(11), LEGACY, skip=0)
    raw[105], raw[106] = 0, 0
    with pytest.raises(WorkbookRejected) as exc:
        score_file(lke_template.write_legacy(tmp_path / "div0.xlsx", raw))
    assert "K161" in {p.cell for p in exc.value.problems}
    ws = openpyxl.load_workbook(tmp_path / "div0.xlsx")["LKE ZI"]
    assert ws["K160"].value == "#DIV/0!"
