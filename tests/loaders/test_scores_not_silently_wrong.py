"""Scores that must not be silently wrong: layout detection, empty TPI, discipline cells, folder escapes."""

from __future__ import annotations

import os
import subprocess
import sys

import openpyxl
import pytest

from loaders.lke import align, score_file
from loaders.workbook import open_workbook
from pantauzi.core import refdata
from pantauzi.core.problems import WorkbookRejected
from pantauzi.store import db
from tests.lke_helpers import ROOT, full_answers, portalrb, real_copy


def with_legacy_labels(path, title: str | None = None, header: bool = False):
    """The PortalRB file with the legacy template's hierarchy labels in the legacy label columns (C..G)
    of the legacy rows, wherever those cells are free, as some PortalRB exports carry them."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Jawaban"]
    la, _ = align.anchor_sets(refdata.for_layout("legacy"), refdata.for_layout("portalrb"))
    for a in la:
        cell = ws.cell(a.row, a.col + 1)
        if cell.value is None:
            cell.value = a.label
    if header:
        ws["K5"], ws["N5"] = "Jawaban Unit", "Jawaban TPI"
    if title:
        ws.title = title
    wb.save(path)
    return path


def legacy_ratio(path, sheet: str) -> float:
    la, _ = align.anchor_sets(refdata.for_layout("legacy"), refdata.for_layout("portalrb"))
    return align.align_rows(open_workbook(path).rows(sheet), la)[1] / len(la)


def score_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders", "score", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_portalrb_sheet_carrying_legacy_labels_is_portalrb(tmp_path):
    unit, tpi = full_answers("A"), full_answers("C", ipak=2, ipkp=2)
    plain = score_file(portalrb(tmp_path, unit, tpi, name="biasa.xlsx"), "tpi")
    path = with_legacy_labels(portalrb(tmp_path, unit, tpi, name="berlabel.xlsx"))
    assert legacy_ratio(path, "Jawaban") >= 0.4  # enough for the label alignment to call it legacy
    for stage, answers in (("self", unit), ("tpi", tpi)):
        res = score_file(path, stage)
        assert res.layout == "portalrb" and res.sheet == "Jawaban" and res.stage == stage
        assert {a.qid: a.raw for a in res.answers if a.raw is not None} == answers
    assert score_file(path, "tpi").score.total == pytest.approx(plain.score.total)
    assert plain.score.total < score_file(path).score.total


def test_header_row_names_portalrb_under_another_sheet_name(tmp_path):
    unit, tpi = full_answers("A"), full_answers("B")
    path = with_legacy_labels(portalrb(tmp_path, unit, tpi), title="Ekspor", header=True)
    assert legacy_ratio(path, "Ekspor") >= 0.4
    res = score_file(path, "tpi")
    assert res.layout == "portalrb" and res.sheet == "Ekspor"
    assert {a.qid: a.raw for a in res.answers if a.raw is not None} == tpi


def test_legacy_template_is_still_legacy(tmp_path):
    assert score_file(real_copy(tmp_path)).layout == "legacy"


@pytest.mark.slow  # runs the command line in a subprocess
def test_stage_tpi_without_tpi_answers_exits_2(tmp_path):
    path = with_legacy_labels(portalrb(tmp_path, full_answers("A"), name="tanpa-tpi.xlsx"))
    with pytest.raises(WorkbookRejected) as err:
        score_file(path, "tpi")
    assert "tidak memuat jawaban TPI" in err.value.render() and "kolom N" in err.value.render()
    r = score_cli(str(path), "--stage", "tpi")
    assert r.returncode == 2 and r.stdout == ""
    assert "tanpa-tpi.xlsx" in r.stderr and "tidak memuat jawaban TPI" in r.stderr and "'Jawaban'" in r.stderr
    ok = score_cli(str(path))  # the unit's own stage still scores
    assert ok.returncode == 0 and '"stage": "self"' in ok.stdout


@pytest.mark.slow  # runs the command line in a subprocess
def test_ingest_stage_tpi_without_tpi_answers_stores_nothing(demo_db, tmp_path):
    import shutil

    copy = tmp_path / "salinan.duckdb"
    shutil.copy(demo_db, copy)
    path = portalrb(tmp_path, full_answers("A"), name="tanpa-tpi.xlsx")
    con = db.connect(copy, read_only=True)
    before = db.scalar(con, "SELECT count(*) FROM lke_submissions")
    con.close()
    args = ["ingest", str(path), "--db", str(copy), "--unit", "81-KEJATI", "--year", "2026", "--stage", "tpi"]
    r = subprocess.run([sys.executable, "-m", "loaders", *args], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "tidak memuat jawaban TPI" in r.stderr
    con = db.connect(copy, read_only=True)
    assert db.scalar(con, "SELECT count(*) FROM lke_submissions") == before
    con.close()
    # without --stage the file holds the unit's answers only: stored as self, no TPI version
    r = subprocess.run([sys.executable, "-m", "loaders", *args[:-2]], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0 and "tahap self" in r.stdout and "tahap tpi" not in r.stdout


def test_undefined_discipline_percentage_names_both_cells(tmp_path):
    with pytest.raises(WorkbookRejected) as err:
        score_file(real_copy(tmp_path, {"K155": 0, "K156": 2}))
    text = err.value.render()
    assert "K155" in text and "K156" in text and "tidak terdefinisi" in text
    assert "tahun sebelumnya 0 (sel K155)" in text and "tahun ini 2 (sel K156)" in text


def test_zero_denominator_names_every_denominator_cell(tmp_path):
    m = refdata.for_layout("legacy")
    rows = {q.id: q.legacy_row for q in m.questions}
    item = next(p for p in m.percent_items if p.denominator and f"K{rows[p.denominator[0]]}" == "K161")
    with pytest.raises(WorkbookRejected) as err:
        score_file(real_copy(tmp_path, {f"K{rows[q]}": 0 for q in item.denominator}))
    text = err.value.render()
    assert "pembagi bernilai 0 (sel " + ", ".join(f"K{rows[q]}" for q in item.denominator) + ")" in text


def run_dir(folder, dbp):
    return subprocess.run(
        [sys.executable, "-m", "loaders", "ingest-dir", str(folder), "--db", str(dbp), "--no-progress"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow  # runs the command line in a subprocess
def test_ingest_dir_refuses_what_lies_outside_the_folder(demo_db, tmp_path):
    import shutil

    copy = tmp_path / "salinan.duckdb"
    shutil.copy(demo_db, copy)
    outside = tmp_path / "luar"
    outside.mkdir()
    secret = real_copy(outside, {"K9": "B"}, name="rahasia.xlsx")
    (outside / "sub").mkdir()
    shutil.copy(secret, outside / "sub" / "juga.xlsx")
    folder = tmp_path / "kiriman"
    folder.mkdir()
    real_copy(folder, {"K9": "C"}, name="sah.xlsx")
    os.symlink(secret, folder / "tautan.xlsx")
    os.symlink(outside / "sub", folder / "folder-tautan")
    os.symlink(folder / "sah.xlsx", folder / "tautan-dalam.xlsx")  # inside the folder: allowed
    (folder / "manifest.csv").write_text(
        "file,unit,year,stage\n"
        "sah.xlsx,81-KEJATI,2021,tpn\n"
        "tautan-dalam.xlsx,81.71-KEJARI,2021,tpn\n"
        "tautan.xlsx,81-KEJATI,2022,tpn\n"
        "folder-tautan/juga.xlsx,81-KEJATI,2023,tpn\n"
        "../luar/rahasia.xlsx,81-KEJATI,2024,tpn\n"
        f"{secret},81-KEJATI,2025,tpn\n"
    )
    r = run_dir(folder, copy)
    assert r.returncode == 1, r.stderr
    lines = {line.split()[0]: line for line in r.stdout.splitlines()[1:-1]}
    assert "dimuat" in lines["sah.xlsx"] and "dimuat" in lines["tautan-dalam.xlsx"]
    assert "tautan simbolik ini menunjuk ke luar folder" in lines["tautan.xlsx"]
    if "folder-tautan/juga.xlsx" in lines:  # pathlib may or may not descend into a linked folder
        assert "ke luar folder" in lines["folder-tautan/juga.xlsx"]
    for rel in ("../luar/rahasia.xlsx", str(secret)):
        assert "baris manifest.csv ini menunjuk ke luar folder" in lines[rel[:48]], r.stdout
        assert "tidak diketahui" not in lines[rel[:48]]
    assert "Ringkasan: dimuat 2, tidak berubah 0, diganti 0, ditolak" in r.stdout
    con = db.connect(copy, read_only=True)
    try:
        stored = {row[0] for row in con.execute("SELECT file_name FROM lke_submissions").fetchall()}
    finally:
        con.close()
    assert "sah.xlsx" in stored and not {"tautan.xlsx", "rahasia.xlsx", "juga.xlsx"} & stored
