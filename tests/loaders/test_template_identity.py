"""Issue 19 point 10: the blank templates carry 'Kode Unit' / 'Tahun' / 'Tahap' cells, the loaders read
them (ingest-dir without a manifest loads a filled template) and refuse a form/manifest that disagrees,
naming the cell. Real .xlsx files: written by the template writer, filled by openpyxl."""

from __future__ import annotations

import openpyxl
import pytest

from loaders.bulk import ingest_dir
from loaders.ingest import ingest_lke
from loaders.lke import identity
from loaders.reference_tables import load_directory
from pantauzi.core import refdata
from pantauzi.core.problems import WorkbookRejected
from pantauzi.store import db
from pantauzi.workbooks import lke_template
from tests.lke_helpers import REAL, ROOT, full_answers

# scoring runs in capped child processes (loaders.sandbox): not in the fast tier
pytestmark = pytest.mark.slow


def _filled(path, unit, year, stage, layout="legacy"):
    """A blank template as a user fills it in Excel: the Identitas cells and every answer."""
    (lke_template.blank_legacy if layout == "legacy" else lke_template.blank_portalrb)(path)
    wb = openpyxl.load_workbook(path)
    ident = wb["Identitas"]
    ident["B3"], ident["B4"], ident["B5"] = unit, year, stage
    m = refdata.for_layout(layout)
    answers = full_answers()
    if layout == "legacy":
        ws = wb["LKE ZI"]
        for q in m.questions:
            ws.cell(q.legacy_row, 11, answers[q.id])
    else:
        ws = wb["Jawaban"]
        for q in m.questions:
            if q.portalrb_row:
                ws.cell(q.portalrb_row, 14 if stage == "tpi" else 11, answers[q.id])  # N: TPI, K: unit
    wb.save(path)
    return path


@pytest.mark.parametrize("layout", ["legacy", "portalrb"])
def test_blank_templates_carry_labelled_identity_cells(tmp_path, layout):
    path = (lke_template.blank_legacy if layout == "legacy" else lke_template.blank_portalrb)(tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Identitas"
    ws = wb["Identitas"]
    assert [ws[f"A{r}"].value for r in (3, 4, 5)] == ["Kode Unit", "Tahun", "Tahap"]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["B5"] == '"self,tpi,tpn"' and "B4" in lists
    assert identity.stated(path) == {}  # blank: states nothing
    _filled(path, "81-KEJATI", 2024, "tpi", layout)
    found = identity.stated(path)
    assert {k: (s.value, s.sheet, s.cell) for k, s in found.items()} == {
        "unit": ("81-KEJATI", "Identitas", "B3"),
        "year": ("2024", "Identitas", "B4"),
        "stage": ("tpi", "Identitas", "B5"),
    }


def test_ingest_dir_without_manifest_loads_filled_templates(tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    _filled(folder / "kejati.xlsx", "81-KEJATI", 2024, "self")
    _filled(folder / "kejari.xlsx", "81.71-KEJARI", 2025, "tpi")
    _filled(folder / "rb.xlsx", "81-KEJATI", 2026, "tpi", layout="portalrb")
    con = db.connect(tmp_path / "d.duckdb")
    load_directory(con, ROOT / "data" / "demo", demo=True)
    rows = ingest_dir(con, folder, progress=False)
    assert sorted((r.status, r.unit, r.year, r.stage) for r in rows) == [
        ("loaded", "81-KEJATI", 2024, "self"),
        ("loaded", "81-KEJATI", 2026, "tpi"),
        ("loaded", "81.71-KEJARI", 2025, "tpi"),
    ], [r.reason for r in rows]
    stored = con.execute("SELECT unit_code, year, stage FROM lke_submissions ORDER BY ALL").fetchall()
    assert stored == [("81-KEJATI", 2024, "self"), ("81-KEJATI", 2026, "tpi"), ("81.71-KEJARI", 2025, "tpi")]
    con.close()


def test_a_form_or_manifest_that_disagrees_with_the_cells_is_refused_naming_the_cell(tmp_path):
    path = _filled(tmp_path / "kejati.xlsx", "81-KEJATI", 2024, "self")
    con = db.connect(tmp_path / "d.duckdb")
    load_directory(con, ROOT / "data" / "demo", demo=True)
    with pytest.raises(WorkbookRejected) as exc:
        ingest_lke(con, path, "81.71-KEJARI", 2024, "self")
    text = exc.value.render()
    assert "B3" in text and "Kode Unit" in text and "Identitas" in text and "81.71-KEJARI" in text
    with pytest.raises(WorkbookRejected) as exc:
        ingest_lke(con, path, "81-KEJATI", 2023, None)
    assert "B4" in exc.value.render() and "Tahun" in exc.value.render()
    assert con.execute("SELECT count(*) FROM lke_submissions").fetchall()[0][0] == 0
    # the cells agree: stored, and the 'Tahap' cell names the stage when the command does not
    (out,) = ingest_lke(con, path, "81-KEJATI", 2024, None)
    assert (out.status, out.stage) == ("loaded", "self")
    con.close()


def test_the_real_workbook_without_identity_cells_loads_as_before(tmp_path):
    assert identity.stated(REAL) == {}
    con = db.connect(tmp_path / "d.duckdb")
    load_directory(con, ROOT / "data" / "demo", demo=True)
    (out,) = ingest_lke(con, REAL, "81-KEJATI", 2023, "self")
    assert out.status == "loaded"
    con.close()
