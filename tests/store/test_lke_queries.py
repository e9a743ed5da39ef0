"""LKE queries on the demo database against independent computations on its raw tables."""

from __future__ import annotations

import pandas as pd
import pytest

from pantauzi.core.filters import Filter
from pantauzi.store import db, lke_queries


def test_readiness_counts_match_an_independent_pandas_count(demo_db):
    con = db.connect(demo_db)
    try:
        got = lke_queries.unit_totals(con.cursor(), Filter(tahun_dari=2024, tahun_sampai=2024))
        raw = con.execute(
            "SELECT s.unit_code, s.stage, t.readiness, t.total, t.incomplete FROM lke_submissions s "
            "JOIN lke_scores t ON t.submission_id = s.id WHERE s.is_current AND s.year = 2024"
        ).df()
        areas = lke_queries.area_scores(con.cursor(), Filter(tahun_dari=2024, tahun_sampai=2024))
    finally:
        con.close()
    rank = raw.assign(r=raw["stage"].map({"tpn": 1, "tpi": 2, "self": 3})).sort_values("r")
    best = rank.drop_duplicates("unit_code").set_index("unit_code")
    assert set(got["unit"]) == set(best.index)
    for row in got.itertuples():
        assert row.total == pytest.approx(best.loc[row.unit, "total"])
        assert row.stage == best.loc[row.unit, "stage"]
    pd.testing.assert_series_equal(areas["pct"], areas["score"] / areas["weight"], check_names=False)
