"""The committed demo data and its generator: the manifest, the file sizes, deterministic plans whose stories hold.
The demo database built from them: tests/loaders/test_demo_db.py."""

from __future__ import annotations

import csv
from pathlib import Path

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
