"""The fast tier (`make test-fast` = `pytest -m fast`, tests/support/tiers.py) holds scoring, filters, charts,
page data and loaders on built files, and never an AppTest, a browser, PostgreSQL, a command line in a
subprocess or the national generator."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.lke_helpers import ROOT
from tests.support import tiers

# what a fast test may not use, named independently of tests/support/tiers.py
NOT_FAST_FIXTURES = {"pg_server", "pg_url", "national_db", "browser", "page", "app_url", "login_app"}
NOT_FAST_WORDS = ("AppTest", "subprocess", "multiprocessing", "playwright", "postgresql://", "PgServer")


def _source(path: str, function: str) -> str:
    """The text of a module-level function in a test file."""
    text = Path(path).read_text(encoding="utf-8")
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return ast.get_source_segment(text, node) or ""
    raise AssertionError(f"{function} not found in {path}")


@pytest.fixture(scope="module")
def fast_tier(tmp_path_factory) -> list[dict]:
    """What `pytest -m fast` selects, collected in another pytest process over the whole tests folder."""
    report = tmp_path_factory.mktemp("tier") / "fast.json"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "fast", "-p", "no:cacheprovider"]
        + ["-p", "tests.support.tiers", "tests"],
        cwd=ROOT,
        env={**os.environ, tiers.REPORT_ENV: str(report)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(report.read_text(encoding="utf-8"))


def test_the_fast_tier_holds_no_apptest_browser_or_postgres_test(fast_tier):
    bad = []
    for t in fast_tier:
        why = list(t["problems"])
        if t["folder"] in ("pages", "browser", "benchmarks", ""):
            why.append(f"in tests/{t['folder']}")
        why += [f"marked {m}" for m in set(t["markers"]) & {"browser", "slow"}]
        why += [f"fixture {f}" for f in set(t["fixtures"]) & NOT_FAST_FIXTURES]
        text = _source(t["path"], t["function"])
        why += [f"its code says {w!r}" for w in NOT_FAST_WORDS if w in text]
        if why:
            bad.append(f"{t['nodeid']}: {', '.join(why)}")
    assert not bad, "\n".join(bad)


def test_the_fast_tier_holds_scoring_charts_and_loaders_on_built_files(fast_tier):
    ids = {t["nodeid"] for t in fast_tier}
    assert len(ids) >= 100 and all("fast" in t["markers"] for t in fast_tier)
    assert {"core", "workbooks", "loaders", "store"} <= {t["folder"] for t in fast_tier}
    for wanted in (
        "tests/core/test_scoring.py::test_everything_a_scores_100",
        "tests/workbooks/test_lke_template.py::test_legacy_layout_matches_the_template",
        "tests/loaders/test_lke_real.py::test_total_follows_the_spec_not_the_cached_formulas",
        "tests/loaders/test_ingest.py::test_ingest_stores_scores_and_findings",
        "tests/store/test_migrations.py::test_new_database_is_at_the_latest_version",
    ):
        assert wanted in ids, wanted
    for unwanted in (
        "tests/loaders/test_ingest.py::test_cli_ingest_and_refusal_exit_codes",  # marked slow
        "tests/store/test_postgres.py::test_same_file_twice_is_one_submission",  # PostgreSQL
        "tests/pages/test_pages.py::test_ringkasan_is_the_default_page",  # AppTest
    ):
        assert unwanted not in ids, unwanted


# ---------------------------------------------------------------- the detector, on functions made for it
def _runs_a_command():
    return subprocess.run([sys.executable, "-c", "pass"], check=True)


def _calls_a_helper_that_runs_a_command():
    return _runs_a_command()


def _uses_apptest():
    from streamlit.testing.v1 import AppTest

    return AppTest


def _uses_postgres():
    return "postgresql://postgres@127.0.0.1:1/x"


def _builds_the_national_database():
    from benchmarks.generate import main

    return main


def _scores_a_workbook():
    from pantauzi.core import refdata

    return refdata.for_year(2024)


@pytest.mark.parametrize(
    "func, expected",
    [
        (_runs_a_command, ["a subprocess"]),
        (_calls_a_helper_that_runs_a_command, ["a subprocess"]),  # through a helper of the same module
        (_uses_apptest, ["an AppTest"]),
        (_uses_postgres, ["PostgreSQL"]),
        (_builds_the_national_database, ["the national generator"]),
        (_scores_a_workbook, []),
    ],
)
def test_the_detector_names_what_a_test_runs(func, expected):
    assert tiers.code_problems(func) == expected


def _item(path: str, func=_scores_a_workbook, markers=(), fixtures=("tmp_path",)):
    """Enough of a pytest item for tiers.is_fast and tiers.problems."""
    return SimpleNamespace(
        path=ROOT / path,
        obj=func,
        fixturenames=list(fixtures),
        iter_markers=lambda: [SimpleNamespace(name=m) for m in markers],
        _fixtureinfo=SimpleNamespace(name2fixturedefs={}),
    )


def test_the_rule_is_by_folder_marker_and_fixture():
    assert tiers.is_fast(_item("tests/core/test_x.py"))
    assert tiers.is_fast(_item("tests/loaders/test_x.py"))
    assert not tiers.is_fast(_item("tests/pages/test_x.py"))
    assert not tiers.is_fast(_item("tests/browser/test_x.py"))
    assert not tiers.is_fast(_item("tests/test_x.py"))
    assert not tiers.is_fast(_item("tests/loaders/test_x.py", markers=["slow"]))
    assert not tiers.is_fast(_item("tests/store/test_x.py", fixtures=["pg_url"]))
    assert not tiers.is_fast(_item("tests/store/test_x.py", fixtures=["national_db"]))


def test_problems_name_each_reason():
    assert tiers.problems(_item("tests/core/test_x.py")) == []
    assert tiers.problems(_item("tests/pages/test_x.py", _uses_apptest)) == [
        "tests/pages/ (AppTests, browsers, benchmarks)",
        "an AppTest",
    ]
    assert tiers.problems(_item("tests/loaders/test_x.py", _runs_a_command, markers=["browser"])) == [
        "the browser marker",
        "a subprocess",
    ]
    assert tiers.problems(_item("tests/store/test_x.py", fixtures=["pg_url"])) == ["PostgreSQL (fixture pg_url)"]
