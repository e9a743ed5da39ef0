"""Plotly figures for Ombudsman RI and KPK MCP: gaps for years not rated, methodology changes marked."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pantauzi.charts import style
from pantauzi.core import fmt, ratings

ZONE_COLORS = {"hijau": "#1a7f37", "kuning": "#d29922", "merah": "#cf222e"}
# In a line per entity the colour is the entity's (its line and its dots); the zone is the dot's shape.
ZONE_SYMBOLS = {"hijau": "circle", "kuning": "diamond", "merah": "x"}
NO_ZONE_SYMBOL = "circle-open"
ENTITY_COLORS = (
    "#0969da",
    "#cf222e",
    "#1a7f37",
    "#8250df",
    "#bf8700",
    "#1b7c83",
    "#e16f24",
    "#57606a",
    "#bf3989",
    "#4d2d00",
    "#6e7781",
    "#0550ae",
)
MCP_COLORS = {"hijau": "#1a7f37", "biru": "#2f81f7", "kuning": "#d29922", "merah": "#cf222e"}
MAX_LINES = 12  # more entities than this: one heatmap row each instead of a line each
MAX_ROWS = 60  # more than this: grouped per provinsi (national views)


def _layout(fig: go.Figure, title: str, height: int = 440, **kw: int) -> go.Figure:
    return style.apply(fig, title, height, **kw)


def _years(lo: int, hi: int) -> list[int]:
    return list(range(lo, hi + 1))


def _methodology_marks(fig: go.Figure, years: list[int], below: bool = False) -> None:
    """A dashed line and a label where the Ombudsman methodology changes; shade years with no survey.
    `below`: the labels under the plot (a heatmap has its years on top)."""
    shown = set(years)
    marks = [m for m in ratings.ombudsman_methods() if m.first in shown and m.first - 1 in shown]
    drawn = style.Marks()
    for i, m in enumerate(marks):
        drawn.vline(m.first - 0.5, "dot", "#57606a")
        # neighbouring marks a year apart: their labels on alternate rows, so they never overlap
        row = i % 2 if any(abs(m.first - o.first) <= 3 for o in marks if o is not m) else 0
        drawn.annotation(
            x=m.first - 0.5,
            y=0.0 if below else 1.0,
            yref="paper",
            yshift=-16 * row if below else 16 * row,
            text=f"Metodologi {m.first}",  # the name on hover: side by side they overlap
            hovertext=m.name,
            showarrow=False,
            xanchor="left",
            yanchor="top" if below else "bottom",
            textangle=0,
            font=dict(size=10, color="#57606a"),
        )
    drawn.put(fig)
    for y in years:
        if ratings.ombudsman_not_rated(y):
            fig.add_vrect(
                x0=y - 0.5,
                x1=y + 0.5,
                fillcolor="#8c959f",
                opacity=0.15,
                line_width=0,
                annotation_text="tidak ada penilaian",
                annotation_position="bottom left",
                annotation_textangle=-90,  # upright inside the one-year band: it never crosses a neighbour
                annotation_font=dict(size=10, color="#57606a"),
            )


def ombudsman_lines(df: pd.DataFrame, lo: int, hi: int, title: str) -> go.Figure:
    """Score per entity across years; a year without a rating is a gap, never 0."""
    years = _years(lo, hi)
    fig = go.Figure()
    seen: set[str | None] = set()
    for i, (entity, part) in enumerate(df.groupby("entity", sort=True)):
        by_year = {int(y): r for y, r in zip(part["year"], part.to_dict("records"))}
        ys = [
            by_year[y]["score"] if y in by_year and by_year[y]["score"] == by_year[y]["score"] else None for y in years
        ]
        text = [
            (
                "tidak dinilai"
                if y not in by_year
                else f"{fmt.num(by_year[y]['score'])} · {by_year[y]['zone'] or '-'}"
                + (f" ({by_year[y]['category']})" if isinstance(by_year[y]["category"], str) else "")
                + (" · sintetis" if by_year[y]["synthetic"] else f" · sumber: {str(by_year[y]['source'])[:80]}")
            )
            for y in years
        ]
        zones = [by_year[y]["zone"] if y in by_year else None for y in years]
        seen |= {z for z, v in zip(zones, ys) if v is not None}
        color = ENTITY_COLORS[i % len(ENTITY_COLORS)]
        # the line carries the entity's legend entry (a line in its colour), its dots the zone shapes
        fig.add_scatter(
            x=years,
            y=ys,
            mode="lines",
            name=style.short(str(entity)),
            legendgroup=str(entity),
            connectgaps=False,
            line=dict(color=color, width=2),
            hoverinfo="skip",
        )
        fig.add_scatter(
            x=years,
            y=ys,
            mode="markers",
            name=style.short(str(entity)),
            legendgroup=str(entity),
            showlegend=False,
            text=text,
            customdata=[str(entity)] * len(years),
            marker=dict(
                size=10,
                color=color,
                symbol=[ZONE_SYMBOLS.get(str(z), NO_ZONE_SYMBOL) for z in zones],
                line=dict(width=1, color=color),
            ),
            hovertemplate="%{customdata}<br>%{x}: %{text}<extra></extra>",
        )
    for zone in [*ZONE_SYMBOLS, None]:  # the legend of the shapes: one entry per zone drawn
        if zone in seen:
            fig.add_scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=f"zona {zone}" if zone else "tanpa zona",
                legendgroup="zona",
                legendgrouptitle_text="Bentuk titik",
                marker=dict(size=10, color="#57606a", symbol=ZONE_SYMBOLS.get(str(zone), NO_ZONE_SYMBOL)),
                hoverinfo="skip",
            )
    _methodology_marks(fig, years)
    style.year_axis(fig, years, title="", range=[lo - 0.6, hi + 0.6])
    fig.update_yaxes(title="Nilai Ombudsman (0–100)", range=[0, 105])
    return _layout(fig, title, top=34)


def ombudsman_heatmap(
    df: pd.DataFrame, lo: int, hi: int, title: str, label: str = "entity", counts: bool = False
) -> go.Figure:
    """Entity (or provinsi) × year, coloured by score; a year without a rating stays empty."""
    years = _years(lo, hi)
    d = df[df["score"].notna()]
    rows = sorted(d[label].unique(), reverse=True)  # alphabetical from the top
    cell = {(r[label], int(r["year"])): r for r in d.to_dict("records")}
    z = [[cell[(e, y)]["score"] if (e, y) in cell else None for y in years] for e in rows]
    if counts:  # grouped: the mean and how many entities sit in each zone
        text = [
            [
                (
                    f"{fmt.num(c['score'])} · {c['scored']} dinilai: {c['hijau']} hijau, {c['kuning']} kuning, "
                    f"{c['merah']} merah"
                )
                if (c := cell.get((e, y)))
                else "tidak dinilai"
                for y in years
            ]
            for e in rows
        ]
    else:
        text = [
            [
                (f"{fmt.num(c['score'])} · {c['zone'] or '-'}") if (c := cell.get((e, y))) else "tidak dinilai"
                for y in years
            ]
            for e in rows
        ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=years,
            y=style.short_unique(rows),
            text=[[t.split(" · ")[0] for t in r] for r in text],
            customdata=[[[t, str(e)] for t in r] for r, e in zip(text, rows)],
            texttemplate="%{text}",
            textfont=dict(size=10),
            xgap=1,
            ygap=1,
            zmin=0,
            zmax=100,
            colorscale="RdYlGn",
            hovertemplate="%{customdata[1]}<br>%{x}: %{customdata[0]}<extra></extra>",
            colorbar=dict(title="Nilai", thickness=10),
        )
    )
    _methodology_marks(fig, years, below=True)
    style.year_axis(fig, years, title="", side="top", range=[lo - 0.5, hi + 0.5])
    _layout(fig, title, height=max(320, 150 + 24 * len(rows)), top=30, bottom=50)
    return style.min_width(fig, 170 + 46 * len(years))


def ombudsman_compare(df: pd.DataFrame, year: int) -> go.Figure:
    """Pemda of one year side by side, coloured by zone."""
    d = df.sort_values("score")
    fig = go.Figure(
        go.Bar(
            x=d["score"],
            y=style.short_unique(d["entity"]),
            orientation="h",
            marker_color=[ZONE_COLORS.get(z, "#8c959f") for z in d["zone"]],
            text=[f"{fmt.num(s)} · {z}" for s, z in zip(d["score"], d["zone"])],
            textposition="inside",  # inside the bar's end: never clipped at the plot's edge
            insidetextanchor="end",
            customdata=d["entity"],
            hovertemplate="%{customdata}<br>%{text}<extra></extra>",
        )
    )
    fig.update_xaxes(title="Nilai (0–100)", range=[0, 105])
    return _layout(fig, f"Perbandingan wilayah, Ombudsman {year}", height=max(260, 90 + 34 * len(d)))


def ombudsman_dimensions(df: pd.DataFrame, year: int) -> go.Figure:
    dims = [d for d in ratings.DIMENSIONS if f"dim_{d}" in df and df[f"dim_{d}"].notna().any()]
    fig = go.Figure()
    for d in dims:
        name = ratings.label(d, "dimension")
        fig.add_bar(
            x=["<br>".join(style.wrap(str(e), 10)) for e in df["entity"]],
            y=df[f"dim_{d}"],
            name=style.short(name, 40),
            customdata=df["entity"],
            text=[fmt.num(v) for v in df[f"dim_{d}"]],
            hovertemplate="%{customdata}<br>" + name + " %{text}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickangle=0, tickfont=dict(size=10))
    fig.update_yaxes(title="Nilai dimensi (0–100)", range=[0, 105])
    return _layout(fig, f"Dimensi penilaian Ombudsman {year}")


def mcp_heatmap(df: pd.DataFrame, year: int, title: str | None = None) -> go.Figure:
    """Pemda (or provinsi, grouped) × the year's own MCP areas (and the total)."""
    keys = ["total"] + [a.key for a in ratings.mcp_areas(year)]
    d = df[df["year"] == year]
    pemda = sorted(d["region_name"].unique())
    cell = {(r, k): float(s) for r, k, s in zip(d["region_name"], d["area_key"], d["score"])}
    z = [[cell.get((p, k)) for k in keys] for p in pemda]
    text = [[fmt.num(v) if v is not None else "tidak dinilai" for v in row] for row in z]
    names = [ratings.label(k, "mcp_area") for k in keys]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[style.short(n, 24) for n in names],
            y=style.short_unique(pemda),
            text=[[t if t != "tidak dinilai" else "–" for t in row] for row in text],
            customdata=[[[t, str(p), n] for t, n in zip(row, names)] for row, p in zip(text, pemda)],
            texttemplate="%{text}",
            textfont=dict(size=10),
            xgap=1,
            ygap=1,
            zmin=0,
            zmax=100,
            colorscale="RdYlGn",
            hovertemplate="%{customdata[1]}<br>%{customdata[2]}: %{customdata[0]}<extra></extra>",
            colorbar=dict(title="Nilai", thickness=10),
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", tickangle=-60)  # area names stay in sight above a tall heatmap
    _layout(
        fig,
        title or f"KPK MCP {year}: nilai per area (area tahun {year})",
        height=max(360, 200 + (40 if len(pemda) <= 20 else 26) * len(pemda)),
        top=130,  # the angled area names above the cells, the title above them
    )
    return style.min_width(fig, 190 + 58 * len(keys))


def mcp_trend(totals: pd.DataFrame, comparable: pd.DataFrame, lo: int, hi: int, region: str) -> go.Figure:
    """One pemda: the total and each comparable area across years, with the national average."""
    years = _years(lo, hi)
    fig = go.Figure()
    tot = dict(zip(totals["year"], totals["score"]))
    fig.add_scatter(
        x=years,
        y=[tot.get(y) for y in years],
        name="Nilai total",
        mode="lines+markers",
        line=dict(width=4, color="#24292f"),
        connectgaps=False,
        hovertemplate="Total %{x}: %{y:.2f}<extra></extra>",
    )
    nat = ratings.national_averages()
    fig.add_scatter(
        x=years,
        y=[nat.get(y) for y in years],
        name="Rata-rata nasional",
        mode="lines+markers",
        line=dict(dash="dash", color="#57606a"),
        connectgaps=False,
        hovertemplate="Rata-rata nasional %{x}: %{y:.2f}<extra></extra>",
    )
    labels = ratings.comparable_areas()
    for area, part in comparable.groupby("comparable"):
        vals = dict(zip(part["year"], part["score"]))
        name = str(labels[str(area)]["label"])
        fig.add_scatter(
            x=years,
            y=[vals.get(y) for y in years],
            name=name,
            mode="lines+markers",
            connectgaps=False,
            opacity=0.8,
            hovertemplate=name + " %{x}: %{y:.2f}<extra></extra>",
        )
    marks = style.Marks()
    for first, note in ratings.mcp_area_changes():  # where the reference data starts a new set of areas
        if lo < first <= hi:
            marks.vline(first - 0.5, "dot", "#57606a")
            # inside the plot's empty bottom (scores there are rare), wrapped to a phone's width, on the
            # side of the line that has the room
            marks.annotation(
                x=first - 0.5,
                y=0.02,
                yref="paper",
                showarrow=False,
                xanchor="left" if first - lo <= hi - first else "right",
                yanchor="bottom",
                align="left",
                text="<br>".join(style.wrap(f"{first}: {note}", 30)),
                font=dict(size=10, color="#57606a"),
                bgcolor="rgba(255,255,255,0.8)",
            )
    marks.put(fig)
    style.year_axis(fig, years, title="", range=[lo - 0.6, hi + 0.6])
    fig.update_yaxes(title="Nilai MCP (0–100)", range=[0, 105])
    return _layout(fig, f"KPK MCP {region}: total dan area pembanding lintas tahun", height=500, top=20)
