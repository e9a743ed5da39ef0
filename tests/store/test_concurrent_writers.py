"""Two writers at the same moment on one DuckDB database (issue 5, case 12): two units both land, the same
file lands once, and a race on one connection never leaves a half-stored submission."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from loaders.ingest import ingest_lke
from tests.lke_helpers import REAL, real_copy
from tests.support.stored import counts

OTHER_UNIT = "81.71-BPPRD"


@pytest.fixture()
def con(stored_con):
    """This test's own copy of the database holding one submission (tests/support/stored.py)."""
    return stored_con


def _run_together(*calls):
    """Start every call at the same moment (threading.Barrier); -> results or exceptions in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(i, fn):
        barrier.wait()
        try:
            results[i] = fn()
        except BaseException as exc:
            results[i] = exc

    threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def _consistent(con) -> None:
    dup = con.execute(
        "SELECT unit_code, year, stage, count(*) FROM lke_submissions WHERE is_current "
        "GROUP BY ALL HAVING count(*) <> 1"
    ).fetchall()
    assert dup == []
    orphans = con.execute(
        "SELECT count(*) FROM lke_submissions s LEFT JOIN lke_scores t "
        "ON t.submission_id = s.id WHERE t.submission_id IS NULL"
    ).fetchall()[0][0]
    assert orphans == 0
    missing = con.execute(
        "SELECT count(*) FROM lke_submissions s LEFT JOIN stored_files f USING (sha256) WHERE f.sha256 IS NULL"
    ).fetchall()[0][0]
    assert missing == 0


def _round(con, year: int, other: Path | None, per_thread_cursor: bool) -> tuple[list, dict, dict]:
    """Two ingests released together by a barrier: REAL for OTHER_UNIT, and `other` for 81-KEJATI/tpi
    (other=None: REAL again for the same unit/year/stage). -> (results, counts before, counts after)."""
    target = (other, "81-KEJATI", "tpi") if other else (REAL, OTHER_UNIT, "self")

    def call(path, unit, stage):
        def run():
            c = con.cursor() if per_thread_cursor else con
            try:
                return ingest_lke(c, path, unit, year, stage)
            finally:
                if per_thread_cursor:
                    c.close()

        return run

    before = counts(con)
    results = _run_together(call(REAL, OTHER_UNIT, "self"), call(*target))
    return results, before, counts(con)


@pytest.fixture()
def other_file(tmp_path) -> Path:
    return real_copy(tmp_path, {"K9": "C"}, name="lain.xlsx")


ROUNDS = range(2020, 2025)  # a bare race on one connection collides in ~9 of 10 rounds here


@pytest.mark.parametrize(
    "per_thread_cursor",
    [
        True,  # what the app does (ui: a cursor per call)
        False,  # the same connection from both threads: ingest takes its own cursors
    ],
    ids=["cursor-per-thread", "same-connection"],
)
def test_two_units_saved_at_the_same_moment_both_land(con, other_file, per_thread_cursor):
    for year in ROUNDS:
        results, before, after = _round(con, year, other_file, per_thread_cursor)
        assert not [r for r in results if isinstance(r, BaseException)], (year, results)
        assert [r[0].status for r in results] == ["loaded", "loaded"]
        assert after["lke_submissions"] == before["lke_submissions"] + 2
        assert after["imports"] == before["imports"] + 2
    _consistent(con)
    assert con.execute(
        "SELECT count(*) FROM lke_submissions WHERE unit_code IN (?, '81-KEJATI')", [OTHER_UNIT]
    ).fetchall()[0][0] == 2 * len(ROUNDS)


@pytest.mark.parametrize(
    "per_thread_cursor",
    [
        True,
        False,  # the same connection from both threads: ingest takes its own cursors
    ],
    ids=["cursor-per-thread", "same-connection"],
)
def test_the_same_file_saved_twice_at_the_same_moment_lands_once(con, per_thread_cursor):
    for year in ROUNDS:
        results, before, after = _round(con, year, None, per_thread_cursor)
        assert not [r for r in results if isinstance(r, BaseException)], (year, results)
        assert sorted(r[0].status for r in results) == ["loaded", "unchanged"]
        assert results[0][0].submission_id == results[1][0].submission_id
        assert after["lke_submissions"] == before["lke_submissions"] + 1
        assert after["imports"] == before["imports"] + 1
    _consistent(con)


@pytest.mark.parametrize("same_file", [False, True], ids=["two-units", "same-file"])
def test_a_race_on_one_connection_never_corrupts_the_database(con, other_file, same_file):
    """Whatever the race does to a caller (one connection shared by both threads), what is stored stays whole: every
    submission that was reported stored is there with all its rows, a failed call wrote nothing."""
    for year in ROUNDS:
        results, before, after = _round(con, year, None if same_file else other_file, False)
        stored = {o.submission_id for r in results if isinstance(r, list) for o in r if o.status != "unchanged"}
        assert after["lke_submissions"] == before["lke_submissions"] + len(stored)
        assert after["imports"] == before["imports"] + len(stored)
        for sid in stored:
            assert con.execute("SELECT count(*) FROM lke_answers WHERE submission_id = ?", [sid]).fetchall()[0][0] > 100
    _consistent(con)
