"""The demo database built by the real loaders (`python -m loaders build-demo`): what the generator planned."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from loaders.__main__ import main as loaders_main
from pantauzi.workbooks import lke_demo
from tests.lke_helpers import ROOT

DEMO = ROOT / "data" / "demo"


def read(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "lke_demo.duckdb"
    assert loaders_main(["build-demo", "--db", str(db)]) == 0
    return db


def test_demo_db_has_exactly_one_incomplete_submission(built):
    con = read(built)
    rows = con.execute(
        "SELECT s.unit_code, s.year, s.stage FROM lke_submissions s JOIN lke_scores t "
        "ON t.submission_id = s.id WHERE s.is_current AND t.incomplete"
    ).fetchall()
    assert rows == [lke_demo.INCOMPLETE]


def test_demo_db_has_wbk_ready_units_in_2024_and_matches_the_generator(built):
    con = read(built)
    got = {
        (u, y, st): (total, level)
        for u, y, st, total, level in con.execute(
            "SELECT s.unit_code, s.year, s.stage, t.total, t.readiness FROM lke_submissions s "
            "JOIN lke_scores t ON t.submission_id = s.id WHERE s.is_current"
        ).fetchall()
    }
    ready_2024 = {u for (u, y, _), (_, level) in got.items() if y == 2024 and level in ("wbk", "wbbm")}
    assert {"81-KEJATI", "36.71-KEJARI", "81.71-DPMPTSP"} <= ready_2024
    planned = lke_demo.outcomes(lke_demo.plan(DEMO), lke_demo.wbk_years(DEMO))
    assert len(got) == len(planned)
    for o in planned:
        total, level = got[(o.unit, o.year, o.stage)]
        assert total == pytest.approx(o.total) and level == o.readiness, o


def test_demo_quirks_load_with_findings(built):
    con = read(built)
    found = con.execute(
        "SELECT s.unit_code, s.year, f.kind, f.cell FROM lke_findings f JOIN lke_submissions s "
        "ON s.id = f.submission_id WHERE s.is_current"
    ).fetchall()
    cells = {(u, y, k, c) for u, y, k, c in found}
    assert ("53.02-RSUD", 2023, "difference", "L208") in cells
    assert ("15.03-DPMPTSP", 2022, "difference", "K185") in cells
    assert ("81-KEJATI", 2024, "warning", "K202") in cells
    sheet = con.execute(
        "SELECT sheet FROM lke_submissions WHERE unit_code = '81.71-DUKCAPIL' AND year = 2023 "
        "AND stage = 'self' AND is_current"
    ).fetchone()
    assert sheet == ("LKE ZI 2023",)
    assert sorted((u, y, c) for u, y, k, c in found if k == "difference") == [
        ("15.03-DPMPTSP", 2022, "K185"),
        ("53.02-RSUD", 2023, "L208"),
    ]
