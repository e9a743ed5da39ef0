"""Workbooks built inside the tests: what real files contain, and every refusal (ZI-SPEC §3-§4)."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from loaders.lke import score_file
from pantauzi.core.problems import WorkbookRejected
from tests.lke_helpers import ROOT, full_answers, portalrb, real_copy

BASE_TOTAL = 95.63260073260074


def cells_of(exc: WorkbookRejected) -> set[str | None]:
    return {p.cell for p in exc.problems}


def test_case_and_whitespace_variants_are_normalised_with_a_warning(tmp_path):
    res = score_file(real_copy(tmp_path, {"K9": " a ", "K11": "ya "}))
    assert res.score.total == pytest.approx(BASE_TOTAL)
    warned = {w.cell for w in res.warnings}
    assert {"K9", "K11"} <= warned


def test_decimal_comma_and_numbers_as_text(tmp_path):
    res = score_file(real_copy(tmp_path, {"K202": "3,62", "K129": "7", "K130": " 7 "}))
    assert res.score.hasil_item(125) == pytest.approx(3.62 / 4 * 17.5)
    assert res.score.total == pytest.approx(BASE_TOTAL - 17.5 + 3.62 / 4 * 17.5)
    assert {"K202", "K129", "K130"} <= {w.cell for w in res.warnings}


@pytest.mark.parametrize("placeholder", ["A/B/C", "Blm Diisi", "-", None, "  "])
def test_placeholders_are_unanswered_and_the_mean_skips_them(tmp_path, placeholder):
    # Sub-area i (rows 8-9): K8 'Ya' counts, K9 unanswered -> mean over answered = 1.0 -> 0.5
    res = score_file(real_copy(tmp_path, {"K9": placeholder, "K12": "C"}))
    assert res.score.unanswered == 1 and res.score.answered == 126
    assert res.score.nodes["n4"].score == pytest.approx(0.5)
    assert res.score.nodes["n4"].partial
    assert res.score.nodes["n5"].score == pytest.approx((1 + 0 + 1) / 3 * 1)
    assert not res.incomplete
    assert any(w.cell and "n4" not in w.cell for w in res.warnings)


def test_sub_area_with_nothing_answered_scores_zero_and_marks_incomplete(tmp_path):
    res = score_file(real_copy(tmp_path, {"K8": "Y/T", "K9": "A/B/C", "K205": None}))
    assert res.score.nodes["n4"].score == 0 and res.score.nodes["n4"].empty
    assert res.score.hasil_item(127) == 0
    assert res.incomplete
    empty = {e["node"] for e in res.as_json()["empty_sub_areas"]}
    assert empty == {"n4", "h127"}
    assert res.score.total == pytest.approx(BASE_TOTAL - 0.5 - 17.5)


def test_percent_is_capped_and_discipline_follows_its_rule(tmp_path):
    res = score_file(real_copy(tmp_path, {"K130": 9, "K155": 4, "K156": 1}))
    assert res.score.percent_values["pct_agen_perubahan"] == 1.0
    assert res.score.percent_values["pct_penurunan_disiplin"] == pytest.approx(0.75)
    assert res.score.nodes["n46"].score == pytest.approx(1.5)


def test_stale_cached_total_is_reported_not_copied(tmp_path):
    res = score_file(real_copy(tmp_path, {"L208": 99.0}))
    diff = {d.cell: d for d in res.differences}["L208"]
    assert diff.workbook == 99.0 and diff.recomputed == pytest.approx(BASE_TOTAL)
    assert res.workbook_total == 99.0


def test_formulas_without_cached_values_are_not_differences(tmp_path):
    res = score_file(real_copy(tmp_path, cached=False))
    assert res.score.total == pytest.approx(BASE_TOTAL)
    assert res.workbook_total is None
    assert {d.cell for d in res.differences} == {"K185"}  # the typed total is a typed number


def test_renamed_sheet_shifted_rows_and_a_big_junk_sheet(tmp_path):
    junk = {"Data Pendukung": [[f"baris {i}", i, i * 2.5] for i in range(20000)]}
    path = real_copy(tmp_path, sheet_title="LKE 2023 (final)", insert_rows_at=3, extra_sheets=junk)
    res = score_file(path)
    assert res.sheet == "LKE 2023 (final)"
    assert res.score.total == pytest.approx(BASE_TOTAL)
    assert "L209" in {d.cell for d in res.differences}  # total row moved one down


@pytest.mark.parametrize(
    "edits, cell, words",
    [
        ({"K9": "F"}, "K9", "di luar pilihan"),
        ({"K11": 1}, "K11", "di luar pilihan"),
        ({"K202": 4.5}, "K202", "antara 0 dan 4"),
        ({"K205": "tinggi"}, "K205", "angka"),
        ({"K172": -3}, "K172", "negatif"),
        ({"K161": 0, "K162": 0}, "K161", "pembagi bernilai 0"),
        ({"K155": 0, "K156": 2}, "K156", "tidak terdefinisi"),
    ],
)
def test_errors_refuse_the_file_and_name_the_cell(tmp_path, edits, cell, words):
    with pytest.raises(WorkbookRejected) as err:
        score_file(real_copy(tmp_path, edits))
    assert cell in cells_of(err.value)
    assert words in err.value.render()
    assert "lke.xlsx" in err.value.render() and "LKE ZI" in err.value.render()


def test_every_error_is_listed(tmp_path):
    with pytest.raises(WorkbookRejected) as err:
        score_file(real_copy(tmp_path, {"K9": "Z", "K20": "maybe", "K205": 7}))
    assert {"K9", "K20", "K205"} <= cells_of(err.value)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.slow  # the command line, in a subprocess
@pytest.mark.parametrize("kind", ["csv", "pdf", "truncated", "other", "empty", "ole"])
def test_unscorable_files_exit_2_with_an_indonesian_message(tmp_path, kind):
    path = tmp_path / f"berkas-{kind}.xlsx"
    if kind == "csv":
        path.write_text("unit,nilai\nDPMPTSP,80\n")
    elif kind == "pdf":
        path.write_bytes(b"%PDF-1.4\n%...")
    elif kind == "truncated":
        path.write_bytes(real_copy(tmp_path).read_bytes()[:5000])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "ole":
        path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)
    else:
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.title = "Anggaran"
        wb.active.append(["Kode", "Uraian", "Pagu"])
        wb.active.append(["5.1", "Belanja pegawai", 1000000])
        wb.save(path)
    out = run_cli("score", str(path))
    assert out.returncode == 2
    assert path.name in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert "ditolak" in out.stderr


def test_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", "0" * (60 * 1024 * 1024))
    with pytest.raises(WorkbookRejected) as err:
        score_file(path)
    assert "terlalu besar" in err.value.render()


def test_portalrb_unit_and_tpi_columns_are_two_stages(tmp_path):
    unit = full_answers("A")
    tpi = full_answers("B", ipak=3.6, ipkp=3.2)
    path = portalrb(tmp_path, unit, tpi)
    self_res = score_file(path)
    tpi_res = score_file(path, "tpi")
    assert self_res.layout == tpi_res.layout == "portalrb"
    assert self_res.stage == "self" and tpi_res.stage == "tpi"
    assert self_res.score.total == pytest.approx(100)
    assert tpi_res.score.total < self_res.score.total
    assert tpi_res.score.hasil_item(125) == pytest.approx(15.75)
    assert self_res.workbook_total is None and self_res.differences == ()


def test_portalrb_unanswered_tpi_column_is_refused(tmp_path):
    # issue 18 §7: an empty TPI column is refused, no longer scored as an incomplete TPI stage of 0
    with pytest.raises(WorkbookRejected) as err:
        score_file(portalrb(tmp_path, full_answers("A")), "tpi")
    assert "tidak memuat jawaban TPI" in err.value.render()


def test_sheet_with_only_bank_question_texts_at_template_rows(tmp_path):
    """A generator that writes just the bank's question texts (column G) and answers (K)."""
    import openpyxl

    from pantauzi.core import refdata, scoring

    m = refdata.for_layout("legacy")
    answers = full_answers("B")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Penilaian Unit"
    for q in m.questions:
        ws.cell(q.legacy_row, 7, q.text)
        ws.cell(q.legacy_row, 11, answers[q.id])
    path = tmp_path / "gen.xlsx"
    wb.save(path)
    res = score_file(path)
    values = {
        q.id: m.answer_types[q.type]["values"][answers[q.id]]
        if q.type in m.answer_types and m.answer_types[q.type]["kind"] == "choice"
        else float(answers[q.id])
        for q in m.questions
    }
    assert res.layout == "legacy" and res.score.answered == 127
    assert res.score.total == pytest.approx(scoring.score(m, values).total)
