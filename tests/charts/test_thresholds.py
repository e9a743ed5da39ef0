"""The WBK/WBBM lines of the LKE charts come from the methodology's reference thresholds, per year."""

from __future__ import annotations

import copy
import dataclasses

import pandas as pd

from pantauzi.charts import lke as lke_charts
from pantauzi.charts import ratings as rating_charts
from pantauzi.core import ratings, refdata


def _with(m: refdata.Methodology, **changes: dict[str, float]) -> refdata.Methodology:
    t = copy.deepcopy(m.thresholds)
    for predicate, values in changes.items():
        t[predicate].update(values)
    return dataclasses.replace(m, thresholds=t)


def _lines(fig) -> list[tuple[str, float, str]]:
    """(orientation, position, dash) of every straight line across the plot, sorted."""
    out = []
    for s in fig.layout.shapes:
        if s.type != "line":
            continue
        if s.x0 == s.x1:
            out.append(("v", s.x0, s.line.dash))
        elif s.y0 == s.y1:
            out.append(("h", s.y0, s.line.dash))
    return sorted(out)


def _texts(fig) -> list[str]:
    return sorted(a.text for a in fig.layout.annotations)


TOTALS = pd.DataFrame(
    {
        "label": ["A", "B", "A", "B"],
        "year": [2024, 2024, 2025, 2025],
        "total": [70.0, 88.0, 76.0, 90.0],
        "incomplete": [False, False, False, False],
        "readiness": ["belum", "wbbm", "wbk", "wbbm"],
    }
)
AREAS = pd.DataFrame(
    {
        "year": [2024, 2025, 2024, 2025],
        "area_key": ["penataan_sdm", "penataan_sdm", "pelayanan_publik", "pelayanan_publik"],
        "pct": [0.5, 0.7, 0.6, 0.8],
    }
)


def test_default_lines_are_the_reference_values():
    m = refdata.for_year(2024)
    wbk, wbbm = m.threshold("wbk", "total"), m.threshold("wbbm", "total")
    assert (wbk, wbbm) == (75.0, 85.0)  # the values the charts always drew
    bar = lke_charts.totals_bar(TOTALS[TOTALS["year"] == 2024])
    assert _lines(bar) == [("v", 75.0, "dash"), ("v", 85.0, "dash")]
    assert _texts(bar) == ["WBBM 85", "WBK 75"]
    for chart in (lke_charts.totals_trend,):
        fig = chart(TOTALS)
        assert _lines(fig) == [("h", 75.0, "dash"), ("h", 85.0, "dot")]
        assert _texts(fig) == ["WBBM 85", "WBK 75"]
    area = lke_charts.area_lines(AREAS)
    assert _lines(area) == [("h", 60.0, "dash")]
    assert _texts(area) == ["Syarat WBK 60%"]


def test_changing_the_reference_value_moves_the_line():
    m = refdata.for_year(2024)
    moved = _with(m, wbk={"total": 70, "area_pct": 0.55}, wbbm={"total": 82.5})
    bar = lke_charts.totals_bar(TOTALS[TOTALS["year"] == 2024], methodology_of=lambda y: moved)
    assert _lines(bar) == [("v", 70.0, "dash"), ("v", 82.5, "dash")]
    assert _texts(bar) == ["WBBM 82,5", "WBK 70"]
    trend = lke_charts.totals_trend(TOTALS, methodology_of=lambda y: moved)
    assert _lines(trend) == [("h", 70.0, "dash"), ("h", 82.5, "dot")]
    area = lke_charts.area_lines(AREAS, methodology_of=lambda y: moved)
    assert _lines(area) == [("h", 55.0, "dash")]
    assert _texts(area) == ["Syarat WBK 55%"]
    # the original reference data is untouched, and the lookups of the copy still work
    assert refdata.for_year(2024).threshold("wbk", "total") == 75.0
    assert moved.children(None) == m.children(None)


def test_a_threshold_that_changes_between_years_is_drawn_per_year():
    old, new = refdata.for_year(2024), _with(refdata.for_year(2025), wbk={"total": 78})
    fig = lke_charts.totals_trend(TOTALS, methodology_of=lambda y: old if y < 2025 else new)
    wbk = sorted((s.x0, s.x1, s.y0) for s in fig.layout.shapes if s.line.dash == "dash")
    assert wbk == [(2023.5, 2024.5, 75.0), (2024.5, 2025.5, 78.0)]
    wbbm = [(s.xref, s.y0) for s in fig.layout.shapes if s.line.dash == "dot"]
    assert wbbm == [("x domain", 85.0)]  # unchanged across the years shown: one line over the whole chart
    band = pd.DataFrame(
        {"year": [2024, 2025], "q1": [60, 62], "q3": [80, 82], "median": [70, 71], "mean_total": [69, 72]}
    )
    fig = lke_charts.totals_band(band, methodology_of=lambda y: old if y < 2025 else new)
    assert sorted(a.text for a in fig.layout.annotations) == ["WBBM 85", "WBK 75", "WBK 78"]


def test_mcp_trend_marks_the_area_change_year_from_the_reference_data(monkeypatch):
    empty = pd.DataFrame({"year": [], "score": []})
    comp = pd.DataFrame({"comparable": [], "year": [], "score": []})
    fig = rating_charts.mcp_trend(empty, comp, 2022, 2025, "X")
    assert [s.x0 for s in fig.layout.shapes] == [2023.5]
    assert any(a.text.startswith("2024: area baru") for a in fig.layout.annotations)
    monkeypatch.setattr(ratings, "mcp_area_changes", lambda: [(2023, "area lain")])
    fig = rating_charts.mcp_trend(empty, comp, 2022, 2025, "X")
    assert [s.x0 for s in fig.layout.shapes] == [2022.5]
    assert "2023: area lain" in [a.text for a in fig.layout.annotations]
