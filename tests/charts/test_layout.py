"""Issue 19 points 12 and 15 on the figures themselves: every chart lays out for a 390 px phone and a
1440 px laptop (legend below the plot, title inside the layout, capped year ticks, labels that do not
overlap, top-N with "lainnya", heatmaps that keep their cells readable), and the Ombudsman lines give
each entity one colour for its line and its dots, the zone as the dot's shape."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from pantauzi.charts import lke as lke_charts
from pantauzi.charts import ratings as rating_charts
from pantauzi.charts import style

YEARS = list(range(2019, 2027))  # Ombudsman/MCP
LKE_YEARS = list(range(2021, 2027))  # the LKE methodologies start in 2021


def _totals(units: int, years: list[int]) -> pd.DataFrame:
    rows = [
        {
            "label": f"Dinas nomor {u:02d} · Kabupaten Contoh Panjang Sekali",
            "year": y,
            "total": 50.0 + u + (y - years[0]),
            "incomplete": False,
            "readiness": "wbk" if 50.0 + u >= 75 else "belum",
        }
        for u in range(units)
        for y in years
    ]
    return pd.DataFrame(rows)


def _areas(units: int) -> pd.DataFrame:
    keys = list(lke_charts.AREA_SHORT)
    return pd.DataFrame(
        [
            {
                "label": f"Unit {u}",
                "area_key": k,
                "area_order": i,
                "area_name": k,
                "pct": 0.3 + 0.02 * u + 0.01 * i,
                "units": 1,
                "code": str(u),
            }
            for u in range(units)
            for i, k in enumerate(keys)
        ]
    )


def _ombudsman(entities: int, years: list[int]) -> pd.DataFrame:
    zones = ["hijau", "kuning", "merah"]
    return pd.DataFrame(
        [
            {
                "entity": f"Entitas {e}",
                "year": y,
                "score": 40.0 + 7 * e + (y % 3),
                "zone": zones[(e + y) % 3],
                "category": None,
                "synthetic": True,
                "source": None,
            }
            for e in range(entities)
            for y in years
            if y != 2020
        ]
    )


@pytest.fixture(scope="module")
def figures() -> dict[str, go.Figure]:
    """Every chart function's figure (built once: plotly figures are slow to build)."""
    totals = _totals(6, LKE_YEARS)
    band = pd.DataFrame(
        {"year": LKE_YEARS, "q1": 60.0, "median": 70.0, "q3": 80.0, "mean_total": 71.0, "units": 10, "ready": 2}
    )
    groups = pd.DataFrame(
        {
            "label": [f"Provinsi {i}" for i in range(5)],
            "mean_total": [60.0 + i for i in range(5)],
            "units": 10,
            **{k: 2 for k in ("wbbm", "wbk", "belum", "incomplete")},
        }
    )
    unit_areas = pd.DataFrame(
        {
            "year": [y for y in LKE_YEARS for _ in lke_charts.AREA_SHORT],
            "area_key": list(lke_charts.AREA_SHORT) * len(LKE_YEARS),
            "pct": 0.6,
        }
    )
    one_year = pd.DataFrame(
        {"area_key": list(lke_charts.AREA_SHORT), "pct": 0.6, "pemenuhan": 2.0, "reform": 3.0, "year": 2025}
    )
    pairs = pd.DataFrame({"label": ["Unit A"] * 3, "year": [2023, 2024, 2025], "self_total": 70.0, "tpi_total": 68.0})
    omb = _ombudsman(5, YEARS)
    mcp = pd.DataFrame(
        [
            {"region_name": f"Pemda {p}", "year": 2025, "area_key": k, "score": 60.0 + p}
            for p in range(5)
            for k in ["total"] + [a.key for a in rating_charts.ratings.mcp_areas(2025)]
        ]
    )
    comp = pd.DataFrame({"comparable": ["pbj", "pbj"], "year": [2023, 2025], "score": [70.0, 75.0]})
    tot = pd.DataFrame({"year": [2023, 2025], "score": [71.0, 76.0]})
    dims = omb[omb["year"] == 2025].assign(**{f"dim_{d}": 70.0 for d in rating_charts.ratings.DIMENSIONS})
    return {
        "totals_bar": lke_charts.totals_bar(totals[totals["year"] == 2026]),
        "totals_trend": lke_charts.totals_trend(totals),
        "group_bar": lke_charts.group_bar(groups, "provinsi"),
        "totals_band": lke_charts.totals_band(band),
        "area_heatmap": lke_charts.area_heatmap(_areas(12)),
        "area_lines": lke_charts.area_lines(unit_areas),
        "area_radar": lke_charts.area_radar(one_year),
        "pemenuhan_reform_bar": lke_charts.pemenuhan_reform_bar(one_year),
        "self_vs_tpi": lke_charts.self_vs_tpi(pairs),
        "ombudsman_lines": rating_charts.ombudsman_lines(omb, 2019, 2026, "Nilai Ombudsman lintas tahun"),
        "ombudsman_heatmap": rating_charts.ombudsman_heatmap(omb, 2019, 2026, "Nilai Ombudsman lintas tahun"),
        "ombudsman_compare": rating_charts.ombudsman_compare(omb[omb["year"] == 2025], 2025),
        "ombudsman_dimensions": rating_charts.ombudsman_dimensions(dims, 2025),
        "mcp_heatmap": rating_charts.mcp_heatmap(mcp, 2025),
        "mcp_trend": rating_charts.mcp_trend(tot, comp, 2019, 2026, "Kota Contoh"),
    }


def test_every_chart_has_its_title_inside_and_its_legend_below(figures):
    for name, fig in figures.items():
        lay = fig.layout
        assert lay.title.text and lay.title.xref == "container" and lay.title.x == 0, name
        # wrapped for a phone: no title line longer than a phone's plot holds
        assert all(len(line) <= style.TITLE_CHARS for line in lay.title.text.split("<br>")), name
        assert lay.margin.t >= style.TITLE_LINE_PX * len(lay.title.text.split("<br>")), name
        assert lay.legend.orientation == "h" and lay.legend.yref == "container" and lay.legend.y == 0, name
        assert lay.legend.yanchor == "bottom", name
        if name != "area_radar":  # axes grow margins for their labels: never clipped
            assert lay.xaxis.automargin and lay.yaxis.automargin, name


def test_year_axes_show_at_most_eight_ticks_horizontally():
    long = list(range(2021, 2036))
    assert style.year_ticks(long)[-1] == 2035 and len(style.year_ticks(long)) <= style.MAX_YEAR_TICKS
    assert style.year_ticks(YEARS) == YEARS
    fig = lke_charts.totals_trend(_totals(3, long))
    assert len(fig.layout.xaxis.tickvals) <= style.MAX_YEAR_TICKS and fig.layout.xaxis.tickangle == 0
    fig = rating_charts.ombudsman_lines(_ombudsman(2, long), 2021, 2035, "x")
    assert len(fig.layout.xaxis.tickvals) <= style.MAX_YEAR_TICKS


def test_the_legend_adds_the_height_it_takes_on_a_phone():
    few = rating_charts.ombudsman_lines(_ombudsman(1, YEARS), 2019, 2026, "x")
    many = rating_charts.ombudsman_lines(_ombudsman(12, YEARS), 2019, 2026, "x")
    assert style.legend_rows(many) > style.legend_rows(few) >= 1
    assert many.layout.height - few.layout.height == style.LEGEND_ROW_PX * (
        style.legend_rows(many) - style.legend_rows(few)
    )


def test_wbk_and_wbbm_labels_sit_above_the_bars_on_opposite_sides():
    fig = lke_charts.totals_bar(_totals(6, [2025]))
    notes = {a.text: a for a in fig.layout.annotations}
    wbk, wbbm = notes["WBK 75"], notes["WBBM 85"]
    assert wbk.yref == "paper" and wbk.y == 1 and wbk.yanchor == "bottom" and wbbm.y == 1
    # each ends at its line (never past the plot's edge), on its own row: they never overlap
    assert wbk.xanchor == wbbm.xanchor == "right" and wbbm.yshift > wbk.yshift
    bars = [t for t in fig.data if t.type == "bar"]
    assert all(t.textposition == "inside" for t in bars)  # a value outside the bar is clipped on a phone
    assert all(len(y) <= style.LABEL_CHARS for t in bars for y in t.y)  # long names shortened on the axis
    assert {c for t in bars for c in t.customdata} == set(_totals(6, [2025])["label"])  # in full on hover


def test_methodology_labels_a_year_apart_alternate_rows():
    fig = rating_charts.ombudsman_lines(_ombudsman(2, YEARS), 2019, 2026, "x")
    marks = sorted((a for a in fig.layout.annotations if a.text.startswith("Metodologi")), key=lambda a: a.x)
    assert [a.text for a in marks] == ["Metodologi 2021", "Metodologi 2022", "Metodologi 2025"]
    assert marks[0].yshift != marks[1].yshift  # 2021 and 2022 one year apart: not on one row
    gap = [a for a in fig.layout.annotations if a.text == "tidak ada penilaian"]
    assert gap and gap[0].textangle == -90  # upright inside its one-year band


def test_a_trend_of_many_units_draws_the_lowest_and_one_line_for_the_rest():
    totals = _totals(15, LKE_YEARS)
    fig = lke_charts.totals_trend(totals)
    names = [t.name for t in fig.data]
    assert len(names) == style.MAX_LINES + 1 and names[-1] == "Lainnya (5 unit, median)"
    weakest = sorted(totals[totals["year"] == 2026].sort_values("total")["label"][: style.MAX_LINES])
    assert sorted(t.name for t in fig.data[:-1]) == sorted(style.short(w) for w in weakest)
    rest = totals[~totals["label"].isin(weakest)]
    assert list(fig.data[-1].y) == list(rest.groupby("year")["total"].median())
    assert len(lke_charts.totals_trend(_totals(4, LKE_YEARS)).data) == 4  # few units: one line each, no "lainnya"


def test_heatmaps_keep_their_cells_readable(figures):
    figs = figures
    for name in ("area_heatmap", "ombudsman_heatmap", "mcp_heatmap"):
        fig = figs[name]
        heat = fig.data[0]
        columns = len(heat.x)
        # a minimum width the page gives it (a sideways scroll on a phone), ~50 px per column
        assert fig.layout.meta["min_width"] >= 150 + 40 * columns, name
        assert heat.textfont.size >= 10, name
        assert all(len(str(y)) <= style.LABEL_CHARS for y in heat.y), name
    area = figs["area_heatmap"].data[0]
    assert area.colorbar.orientation == "h"  # beside the cells it takes a phone's width
    means = [sum(r) / len(r) for r in area.z]
    assert means == sorted(means)  # a ranked list: plotly draws row 0 at the bottom, the best on top


def test_ombudsman_dots_take_their_entity_colour_and_the_zone_as_shape():
    omb = _ombudsman(4, YEARS)
    fig = rating_charts.ombudsman_lines(omb, 2019, 2026, "x")
    lines = {t.legendgroup: t for t in fig.data if t.mode == "lines"}
    dots = {t.legendgroup: t for t in fig.data if t.mode == "markers" and t.legendgroup != "zona"}
    assert set(lines) == set(dots) == set(omb["entity"])
    colours = set()
    for entity, dot in dots.items():
        assert dot.marker.color == lines[entity].line.color  # the dot is matched to its line
        colours.add(dot.marker.color)
        mine = omb[omb["entity"] == entity]
        zone = {int(y): z for y, z in zip(mine["year"], mine["zone"])}
        for year, symbol in zip(dot.x, dot.marker.symbol):
            want = rating_charts.ZONE_SYMBOLS[zone[year]] if year in zone else rating_charts.NO_ZONE_SYMBOL
            assert symbol == want, (entity, year)
    assert len(colours) == len(dots)  # one colour per entity
    legend = [t for t in fig.data if t.legendgroup == "zona"]
    assert {t.name for t in legend} == {"zona hijau", "zona kuning", "zona merah"}
    assert {t.marker.symbol for t in legend} == set(rating_charts.ZONE_SYMBOLS.values())


def test_marks_draw_what_plotlys_add_hline_and_add_vline_draw():
    """style.Marks (one layout update for all lines and labels) writes the same figure as plotly's own
    add_hline / add_vline / add_annotation, one call per line."""
    import plotly.graph_objects as go

    from pantauzi.charts import style

    def base() -> go.Figure:
        fig = go.Figure(go.Scatter(x=[2021, 2022, 2023], y=[70, 80, 90]))
        fig.add_annotation(x=2021, y=70, text="sudah ada", showarrow=False)
        return fig

    plotly_way = base()
    plotly_way.add_hline(y=75, line_dash="dash", line_color="#57606a", annotation_text="WBK 75")
    plotly_way.add_hline(y=85, line_dash="dot", line_color="#57606a")
    plotly_way.add_vline(x=2022.5, line_dash="dot", line_color="#57606a")
    plotly_way.add_annotation(x=2022.5, y=1, yref="paper", text="Metodologi 2023", showarrow=False)
    marks = style.Marks()
    marks.hline(75, "dash", "#57606a", "WBK 75")
    marks.hline(85, "dot", "#57606a")
    marks.vline(2022.5, "dot", "#57606a")
    marks.annotation(x=2022.5, y=1, yref="paper", text="Metodologi 2023", showarrow=False)
    ours = marks.put(base())
    assert ours.to_dict() == plotly_way.to_dict()
    assert style.Marks().put(base()).to_dict() == base().to_dict()  # nothing collected: nothing changed
