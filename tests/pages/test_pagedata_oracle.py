"""Every pantauzi.pagedata function against an independent pandas computation over the raw tables
(benchmarks/naive.py, the page benchmark's baseline), on the small national database, for a national,
a provinsi, a kab/kota and a one-unit selection, and for other years and stages."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks import naive as oracle
from benchmarks import pages
from pantauzi import pagedata
from pantauzi.core.filters import Filter
from pantauzi.store import db


@pytest.fixture(scope="module")
def con(national_db):
    con = db.connect(national_db)  # the same configuration as the app's cached connection
    yield con
    con.close()


@pytest.fixture(scope="module")
def naive(con) -> oracle.Naive:
    return oracle.Naive(con)


@pytest.fixture(scope="module")
def selections(con) -> dict[str, Filter]:
    """National, one provinsi, one kab/kota and one unit: the region and unit with the most submissions,
    so that every selection has data; plus narrower years and single stages."""
    unit, region = con.execute(
        "SELECT u.code, u.region_code FROM units u JOIN lke_submissions s ON s.unit_code = u.code "
        "WHERE u.region_code LIKE '%.%' GROUP BY ALL ORDER BY count(*) DESC, u.code LIMIT 1"
    ).fetchall()[0]
    prov = region.split(".")[0]
    return {
        "national": Filter(None, None, None, None, 2021, 2025),
        "provinsi": Filter(prov, None, None, None, 2021, 2025),
        "kabkota": Filter(prov, region, None, None, 2021, 2025),
        "unit": Filter(prov, region, None, unit, 2021, 2025),
        "national self 2023-2024": Filter(None, None, None, None, 2023, 2024, "self"),
        "provinsi tpi": Filter(prov, None, None, None, 2021, 2025, "tpi"),
        "unit 2022": Filter(None, None, None, unit, 2022, 2022),
    }


def _check(ours: dict[str, pd.DataFrame], theirs: dict[str, pd.DataFrame], what: str, f: Filter) -> int:
    """Assert both answers equal; return how many non-empty frames were compared (no vacuous pass)."""
    assert oracle.compare(ours, theirs, what, f) == []
    return sum(not d.empty for d in ours.values())


@pytest.mark.parametrize("page", list(pages.PAGES) + list(pages.EXTRA))
def test_every_page_at_its_defaults_equals_the_oracle(con, naive, selections, page):
    run = {**pages.PAGES, **pages.EXTRA}[page]
    compared = 0
    for f in selections.values():
        with db.cursor(con) as cur:
            compared += _check(run(cur, f), oracle.NAIVE[page](naive, f), page, f)
    assert compared >= len(selections)


def test_ombudsman_opd_level_equals_the_oracle(con, naive, selections):
    compared = 0
    for f in selections.values():
        with db.cursor(con) as cur:
            ours = pages.ombudsman_level(cur, f, "opd")
        compared += _check(ours, oracle.naive_ombudsman_level(naive, f, "opd"), "Ombudsman opd", f)
    assert compared > len(selections)


def test_lke_sections_of_every_year_equal_the_oracle(con, naive, selections):
    """Ringkasan's and Area Perubahan's year sections for every year, not only the newest."""
    for f in (selections["national"], selections["provinsi"], selections["kabkota"]):
        with db.cursor(con) as cur:
            years = pagedata.lke_years(cur, f)
            assert years.years == sorted(naive.year_summary(f)["year"], reverse=True)
            for year in years.years:
                level = years.levels[year]
                overview = pagedata.ringkasan_overview(cur, f, year, level)
                moves = pagedata.movers(cur, f, year)
                ours = {
                    "groups": overview.groups,
                    "heat": pagedata.area_overview(cur, f, year, level).heatmap,
                    "movers": moves.movers,
                    "movers_table": moves.table,
                }
                want = naive.movers(f, year, 8)
                theirs = {
                    "groups": naive.group_totals(f, year, level),
                    "heat": naive.area_by_group(f, year, level),
                    "movers": want,
                    "movers_table": oracle.movers_table(want),
                }
                assert _check(ours, theirs, f"LKE {year}", f) >= 2
                groups = theirs["groups"]
                assert (overview.wbbm, overview.wbk, overview.units) == (
                    groups["wbbm"].sum(),
                    groups["wbk"].sum(),
                    groups["units"].sum(),
                )


def test_mcp_every_year_equals_the_oracle(con, naive, selections):
    for f in (selections["national"], selections["provinsi"], selections["kabkota"]):
        with db.cursor(con) as cur:
            years = pagedata.mcp_years(cur, f)
            assert years.years
            for year in years.years:
                view = pagedata.mcp_year(cur, f, year, years.pemda[year])
                now = naive.mcp_scores(f, year, "total").sort_values("score", kind="stable")
                heat = naive.mcp_by_provinsi(f, year) if view.by_provinsi else naive.mcp_scores(f, year)
                ours = {"heat": view.heatmap, "now": view.totals, "table": view.table}
                assert _check(ours, {"heat": heat, "now": now, "table": oracle.mcp_table(now, year)}, "MCP", f) == 3


def test_unit_review_of_the_weakest_units_equals_the_oracle(con, naive, selections):
    f = selections["provinsi"]
    with db.cursor(con) as cur:
        year = pagedata.lke_years(cur, f).years[0]
        for unit in pagedata.unit_choices(cur, f, year, None, "total").units["unit"].head(5):
            r = pagedata.unit_review(cur, f, unit, year)
            sid = int(naive.unit_row(f, unit, year)["submission_id"].iloc[0])
            ours = {"failed_table": r.failed_table, "weakest_table": r.weakest_table}
            theirs = {
                "failed_table": oracle.failed_table(naive.failed(sid)),
                "weakest_table": oracle.weakest_table(naive.weakest(sid)),
            }
            assert oracle.compare(ours, theirs, "review", f) == []


def test_the_comparison_notices_a_wrong_number(con, naive, selections):
    f = selections["kabkota"]
    with db.cursor(con) as cur:
        ours = pages.ringkasan(cur, f)
    theirs = oracle.naive_ringkasan(naive, f)
    theirs["movers_table"] = theirs["movers_table"].assign(Nilai="0,00")
    assert any("movers_table.Nilai" in p for p in oracle.compare(ours, theirs, "Ringkasan", f))


def test_people_table_names_roles_in_indonesian():
    data = {
        "credentials": {
            "usernames": {
                "budi": {"name": "Budi Santoso", "roles": ["evaluator"], "regions": ["81.71", "81"], "instansi": []},
                "ani": {"name": "Ani", "roles": ["admin"]},
            }
        }
    }
    table = pagedata.people(data).table
    assert list(table.columns) == ["Nama pengguna", "Nama", "Peran", "Wilayah", "Instansi"]
    budi = table.set_index("Nama pengguna").loc["budi"]
    assert budi["Peran"] == "Evaluator (unggah)" and budi["Wilayah"] == "81.71, 81" and budi["Instansi"] == ""
    assert table.set_index("Nama pengguna").loc["ani", "Peran"] == "Admin"
