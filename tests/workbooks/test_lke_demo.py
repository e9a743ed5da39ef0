"""The committed demo data: manifest, generator stories, and the demo database built by the real loaders."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from loaders.__main__ import main as loaders_main
from pantauzi.workbooks import lke_demo

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


def manifest() -> list[dict[str, str]]:
    with open(DEMO / "manifest.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_manifest_lists_exactly_the_existing_workbooks():
    rows = manifest()
    assert rows and list(rows[0]) == ["file", "unit", "year", "stage"]
    listed = [DEMO / r["file"] for r in rows]
    assert all(p.is_file() for p in listed), [str(p) for p in listed if not p.is_file()]
    assert set(listed) == set((DEMO / "lke").rglob("*.xlsx"))
    units = {r["code"] for r in csv.DictReader(open(DEMO / "units.csv", encoding="utf-8"))}
    assert {r["unit"] for r in rows} <= units
    for r in rows:
        assert r["file"].startswith(f"lke/{r['unit']}/{r['year']}-")
        assert (r["stage"] == "") == (r["year"] == "2026") and r["stage"] in ("", "self", "tpi")


def test_workbooks_are_small():
    sizes = [p.stat().st_size for p in DEMO.rglob("*") if p.is_file()]
    assert max(p.stat().st_size for p in (DEMO / "lke").rglob("*.xlsx")) < 40_000
    assert sum(sizes) < 8_000_000


def test_committed_manifest_is_what_the_generator_plans():
    planned = [(j.file, j.unit, str(j.year), "" if j.stage == "portalrb" else j.stage) for j in lke_demo.plan(DEMO)]
    assert planned == [(r["file"], r["unit"], r["year"], r["stage"]) for r in manifest()]


def test_generator_is_deterministic_and_the_stories_hold():
    first, second = lke_demo.plan(DEMO, 2026), lke_demo.plan(DEMO, 2026)
    assert [(j.file, j.answers, j.tpi) for j in first] == [(j.file, j.answers, j.tpi) for j in second]
    assert lke_demo.story_failures(lke_demo.outcomes(first, lke_demo.wbk_years(DEMO))) == []


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
