"""Issue 19 point 19: ZI milestones recorded through loaders.milestones: validated (known unit, kind,
years, WBBM only after a WBK, decree text), one transaction, and the stored readiness of the unit's
submissions recomputed by the rule that WBBM needs an earlier WBK predicate."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest

from loaders import milestones as loader
from pantauzi.core import milestones as rules
from pantauzi.core.filters import Filter
from pantauzi.core.milestones import Milestone
from pantauzi.core.problems import WorkbookRejected
from pantauzi.store import db, lke_queries, migrations

UNIT = "81.71-DPMPTSP"  # its 2026 self-assessment meets every WBBM criterion but the WBK predicate


@pytest.fixture
def con(demo_db, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_db, path)
    c = db.connect(path)
    yield c
    c.close()


def _state(con, year=2026):
    return con.execute(
        """SELECT t.readiness, t.wbbm_needs_wbk, c.readiness, c.wbbm_needs_wbk, r.passed
           FROM lke_submissions s JOIN lke_scores t ON t.submission_id = s.id
           JOIN lke_current c ON c.submission_id = s.id
           JOIN lke_readiness r ON r.submission_id = s.id AND r.criterion = 'prior_wbk'
           WHERE s.unit_code = ? AND s.year = ? AND s.stage = 'self' AND s.is_current""",
        [UNIT, year],
    ).fetchall()[0]


def test_recording_a_wbk_recomputes_the_stored_readiness_of_later_submissions(con):
    assert _state(con) == ("wbk", True, "wbk", True, False)
    before_2025 = _state(con, 2025)
    out = loader.save(con, [Milestone(UNIT, "wbk", 2025, dt.date(2025, 12, 10), "SK MenPANRB 1234/2025")], by="admin")
    assert (out.saved, out.removed) == (1, 0) and out.recomputed >= 1
    assert _state(con) == ("wbbm", False, "wbbm", False, True)
    assert _state(con, 2025) == before_2025  # a WBK of 2025 counts from 2026 on
    totals = lke_queries.unit_totals(con, Filter(unit=UNIT, tahun_dari=2026, tahun_sampai=2026, tahap="self"))
    assert totals["readiness"].tolist() == ["wbbm"]
    stored = con.execute("SELECT decree, date, source FROM zi_milestones WHERE unit_code = ? AND kind = 'wbk'", [UNIT])
    decree, date, source = stored.fetchall()[0]
    assert decree == "SK MenPANRB 1234/2025" and date == dt.date(2025, 12, 10) and "admin" in source
    # removing it restores the readiness without the predicate
    loader.save(con, [], removed=[(UNIT, "wbk", 2025)], by="admin")
    assert _state(con) == ("wbk", True, "wbk", True, False)


def test_wbbm_without_an_earlier_wbk_is_refused_and_nothing_is_written(con):
    before = con.execute("SELECT count(*) FROM zi_milestones").fetchall()
    with pytest.raises(WorkbookRejected) as exc:
        loader.save(con, [Milestone(UNIT, "wbbm", 2025, decree="12/2025")])
    assert "WBBM" in exc.value.render() and "WBK" in exc.value.render() and "Tonggak" in exc.value.render()
    # the same WBK year does not count; one of an earlier year in the same request does
    with pytest.raises(WorkbookRejected):
        loader.save(con, [Milestone(UNIT, "wbk", 2025), Milestone(UNIT, "wbbm", 2025)])
    assert con.execute("SELECT count(*) FROM zi_milestones").fetchall() == before
    loader.save(con, [Milestone(UNIT, "wbbm", 2026, decree="SK 7/2026"), Milestone(UNIT, "wbk", 2024, decree="3/2024")])
    with pytest.raises(WorkbookRejected) as exc:  # the WBBM relies on it
        loader.save(con, [], removed=[(UNIT, "wbk", 2024)])
    assert "tidak dapat dihapus" in exc.value.render()


def test_each_field_is_checked_by_name():
    units = {UNIT}
    bad = [
        Milestone("99.99-X", "wbk", 2024),
        Milestone(UNIT, "predikat", 2024),
        Milestone(UNIT, "wbk", 2031),
        Milestone(UNIT, "pencanangan", 2022, date=dt.date(2021, 5, 1)),
        Milestone(UNIT, "diusulkan", 2023, decree="tanpa nomor"),
        Milestone(UNIT, "dicabut", 2025, decree="SK\n1"),
    ]
    found = {(p.row, p.field) for p in rules.problems(bad, units)}
    assert found == {(0, "unit"), (1, "kind"), (2, "year"), (3, "date"), (4, "decree"), (5, "decree")}


def test_the_predicate_held_and_since_when():
    assert rules.held([]) is None
    wbk = Milestone(UNIT, "wbk", 2023, decree="5/2023")
    assert rules.held([Milestone(UNIT, "pencanangan", 2021), wbk]).sentence() == (
        "Predikat Menuju WBK sejak 2023 (SK 5/2023)"
    )
    wbbm = Milestone(UNIT, "wbbm", 2025)
    assert rules.held([wbk, wbbm]).sentence() == "Predikat Menuju WBBM sejak 2025"
    assert rules.held([wbk, Milestone(UNIT, "dicabut", 2024)]).sentence() == "Predikat dicabut sejak 2024"


def test_migration_40_adds_the_decree_to_an_older_database(tmp_path):
    path = tmp_path / "v30.duckdb"
    raw = duckdb.connect(str(path))
    migrations.current_version(raw)
    for number, description, sql in migrations.MIGRATIONS:
        if number < 40 and not sql.lstrip().startswith(migrations.POSTGRES_ONLY):
            raw.execute(sql)
        if number < 40:
            raw.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", [number, description])
    raw.execute("INSERT INTO zi_milestones VALUES ('U', 'wbk', 2023, NULL, 'catatan', 'sumber')")
    raw.close()
    con = db.connect(path)
    assert 40 in migrations.applied(con)
    assert con.execute("SELECT unit_code, kind, year, note, decree FROM zi_milestones").fetchall() == [
        ("U", "wbk", 2023, "catatan", None)
    ]
    con.close()
