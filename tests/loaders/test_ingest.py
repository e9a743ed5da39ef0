"""Ingest: one transaction, idempotent by sha256, replace keeps history, a failure changes nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from loaders.ingest import ingest_lke
from loaders.reference_tables import load_directory
from pantauzi.core.problems import WorkbookRejected
from pantauzi.store import db
from tests.lke_helpers import REAL, ROOT, full_answers, portalrb, real_copy

TABLES = [
    "lke_submissions",
    "lke_answers",
    "lke_node_scores",
    "lke_area_scores",
    "lke_scores",
    "lke_readiness",
    "lke_findings",
    "stored_files",
]


@pytest.fixture()
def con(tmp_path):
    c = db.connect(tmp_path / "t.duckdb")
    load_directory(c, ROOT / "data" / "demo", demo=True)
    yield c
    c.close()


def counts(con):
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}


def test_ingest_stores_scores_and_findings(con):
    [o] = ingest_lke(con, REAL, "81.71-DPMPTSP", 2024, "self")
    assert o.status == "loaded"
    total, readiness, wb_total, ndiff = con.execute(
        "SELECT total, readiness, workbook_total, differences FROM lke_scores WHERE submission_id = ?",
        [o.submission_id],
    ).fetchall()[0]
    assert total == pytest.approx(95.63260073260074) and wb_total == pytest.approx(95.57619047619048)
    assert readiness == "wbk"  # WBBM scores, but the unit does not yet hold WBK
    assert ndiff == len(o.result.differences) > 0
    areas = con.execute(
        "SELECT sum(score), sum(weight) FROM lke_area_scores WHERE submission_id = ?", [o.submission_id]
    ).fetchall()[0]
    assert areas[0] == pytest.approx(55.632600732600736) and areas[1] == 60
    cell = con.execute(
        "SELECT cell FROM lke_findings WHERE submission_id = ? AND cell = 'K185' AND kind = 'difference'",
        [o.submission_id],
    ).fetchall()[0]
    assert cell == ("K185",)


def test_same_file_twice_is_unchanged(con):
    ingest_lke(con, REAL, "81.71-DPMPTSP", 2024, "self")
    before = counts(con)
    [o] = ingest_lke(con, REAL, "81.71-DPMPTSP", 2024, "self")
    assert o.status == "unchanged"
    assert counts(con) == before


def test_new_version_replaces_and_keeps_history(con, tmp_path):
    ingest_lke(con, REAL, "81.71-DPMPTSP", 2024, "self")
    [o] = ingest_lke(con, real_copy(tmp_path, {"K9": "C"}), "81.71-DPMPTSP", 2024, "self")
    assert o.status == "replaced"
    rows = con.execute(
        "SELECT is_current FROM lke_submissions WHERE unit_code = '81.71-DPMPTSP' ORDER BY id"
    ).fetchall()
    assert rows == [(False,), (True,)]


def test_rejected_file_changes_no_table(con, tmp_path):
    ingest_lke(con, REAL, "81.71-DPMPTSP", 2024, "self")
    before = counts(con)
    with pytest.raises(WorkbookRejected):
        ingest_lke(con, real_copy(tmp_path, {"K9": "Z"}), "81.71-DPMPTSP", 2024, "self")
    with pytest.raises(WorkbookRejected) as err:
        ingest_lke(con, REAL, "99.99-TIDAKADA", 2024, "self")
    assert "tidak dikenal" in err.value.render()
    with pytest.raises(WorkbookRejected):
        ingest_lke(con, REAL, "81.71-DPMPTSP", 1999, "self")
    assert counts(con) == before


def test_portalrb_file_stores_unit_and_tpi_stages(con, tmp_path):
    path = portalrb(tmp_path, full_answers("A"), full_answers("B"))
    outcomes = ingest_lke(con, path, "81-KEJATI", 2026)
    assert [o.stage for o in outcomes] == ["self", "tpi"]


def test_portalrb_file_with_only_tpi_answers_stores_no_empty_self(con, tmp_path):
    path = portalrb(tmp_path, {}, full_answers("B"), name="hanya-tpi.xlsx")
    outcomes = ingest_lke(con, path, "81-KEJATI", 2026)
    assert [o.stage for o in outcomes] == ["tpi"]
    stages = con.execute(
        "SELECT stage FROM lke_submissions WHERE unit_code = '81-KEJATI' AND year = 2026 "
        "AND file_name = 'hanya-tpi.xlsx'"
    ).fetchall()
    assert stages == [("tpi",)]


@pytest.mark.slow  # the command line, in a subprocess
def test_cli_ingest_and_refusal_exit_codes(tmp_path):
    dbp = tmp_path / "cli.duckdb"
    c = db.connect(dbp)
    load_directory(c, ROOT / "data" / "demo", demo=True)
    c.close()
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "loaders",
            "ingest",
            str(REAL),
            "--db",
            str(dbp),
            "--unit",
            "81-KEJATI",
            "--year",
            "2023",
            "--stage",
            "tpi",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("dimuat: ")
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "loaders",
            "ingest",
            str(REAL),
            "--db",
            str(dbp),
            "--unit",
            "TIDAK-ADA",
            "--year",
            "2023",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "TIDAK-ADA" in bad.stderr and "Traceback" not in bad.stderr


def test_restore_an_earlier_version(con, tmp_path):
    from loaders.ingest import restore_submission

    [first] = ingest_lke(con, REAL, "81.71-DPMPTSP", 2024, "self")
    [second] = ingest_lke(con, real_copy(tmp_path, {"K9": "C"}), "81.71-DPMPTSP", 2024, "self")
    restore_submission(con, first.submission_id, by="evaluator")
    current = con.execute("SELECT id FROM lke_submissions WHERE is_current").fetchall()
    assert current == [(first.submission_id,)]
    # uploading the restored file again is 'unchanged'; the newer file would replace it again
    assert ingest_lke(con, REAL, "81.71-DPMPTSP", 2024, "self")[0].status == "unchanged"
    assert ingest_lke(con, real_copy(tmp_path, {"K9": "C"}), "81.71-DPMPTSP", 2024, "self")[0].status == "replaced"
    assert second.submission_id != first.submission_id


def finals(con):
    return con.execute(
        "SELECT unit_code, year, stage, id FROM lke_submissions WHERE is_final ORDER BY unit_code, year"
    ).fetchall()


def test_final_submission_follows_stages_replacements_and_restores(con, tmp_path):
    """is_final (what 'Tahap terakhir tersedia' shows) is the current version of the latest stage."""
    from loaders.ingest import restore_submission

    [own] = ingest_lke(con, REAL, "81.71-DPMPTSP", 2024, "self")
    assert finals(con) == [("81.71-DPMPTSP", 2024, "self", own.submission_id)]
    [tpi] = ingest_lke(con, real_copy(tmp_path, {"K9": "C"}), "81.71-DPMPTSP", 2024, "tpi")
    assert finals(con) == [("81.71-DPMPTSP", 2024, "tpi", tpi.submission_id)]
    ingest_lke(con, real_copy(tmp_path, {"K9": "B"}), "81.71-DPMPTSP", 2024, "self")  # a new self: TPI stays
    assert finals(con) == [("81.71-DPMPTSP", 2024, "tpi", tpi.submission_id)]
    [tpi2] = ingest_lke(con, real_copy(tmp_path, {"K9": "A"}), "81.71-DPMPTSP", 2024, "tpi")
    assert tpi2.status == "replaced"
    assert finals(con) == [("81.71-DPMPTSP", 2024, "tpi", tpi2.submission_id)]
    restore_submission(con, tpi.submission_id)
    assert finals(con) == [("81.71-DPMPTSP", 2024, "tpi", tpi.submission_id)]
    [other] = ingest_lke(con, REAL, "81.71-DPMPTSP", 2023, "self")  # another year is its own unit-year
    assert finals(con)[0] == ("81.71-DPMPTSP", 2023, "self", other.submission_id)


CURRENT = """SELECT s.id, s.unit_code, u.region_code, u.instansi_code, s.year, s.stage, s.is_final, t.total,
                    t.readiness, t.incomplete
             FROM lke_submissions s JOIN lke_scores t ON t.submission_id = s.id JOIN units u ON u.code = s.unit_code
             WHERE s.is_current ORDER BY s.id"""


def pages_table(con):
    return con.execute(
        "SELECT submission_id, unit_code, region_code, instansi_code, year, stage, is_final, total, "
        "readiness, incomplete FROM lke_current ORDER BY submission_id"
    ).fetchall()


def test_pages_table_follows_loads_replacements_restores_and_moved_units(con, tmp_path):
    """lke_current (what every page reads) is always the current versions joined with their units."""
    from loaders.ingest import restore_submission
    from loaders.reference_tables import upsert

    [own] = ingest_lke(con, REAL, "81.71-DPMPTSP", 2024, "self")
    ingest_lke(con, real_copy(tmp_path, {"K9": "C"}), "81.71-DPMPTSP", 2024, "tpi")
    ingest_lke(con, real_copy(tmp_path, {"K9": "B"}), "81.71-DPMPTSP", 2024, "self")
    ingest_lke(con, REAL, "81.71-DINKES", 2024, "self")
    assert pages_table(con) == con.execute(CURRENT).fetchall() and len(pages_table(con)) == 3
    restore_submission(con, own.submission_id)
    assert pages_table(con) == con.execute(CURRENT).fetchall()
    assert own.submission_id in {r[0] for r in pages_table(con)}
    with pytest.raises(WorkbookRejected):
        ingest_lke(con, real_copy(tmp_path, {"K9": "Z"}), "81.71-DPMPTSP", 2024, "self")
    assert pages_table(con) == con.execute(CURRENT).fetchall()
    moved = con.execute("SELECT * FROM units WHERE code = '81.71-DINKES'").df().assign(region_code="81")
    with db.transaction(con) as cur:
        upsert(cur, "units", moved)
    assert ("81.71-DINKES", "81") in {(r[1], r[2]) for r in pages_table(con)}
    assert pages_table(con) == con.execute(CURRENT).fetchall()
