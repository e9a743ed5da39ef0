"""Plotly figures for Ombudsman RI and KPK MCP: gaps for years not rated, methodology changes marked."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pantauzi.core import fmt, ratings

ZONE_COLORS = {"hijau": "#1a7f37", "kuning": "#d29922", "merah": "#cf222e"}
MCP_COLORS = {"hijau": "#1a7f37", "biru": "#2f81f7", "kuning": "#d29922", "merah": "#cf222e"}
MAX_LINES = 12  # more entities than this: one heatmap row each instead of a line each
MAX_ROWS = 60  # more than this: grouped per provinsi (national views)


def _layout(fig: go.Figure, title: str, height: int = 440) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        separators=",.",
        margin=dict(l=10, r=10, t=70, b=10),
        legend_title_text="",
        hoverlabel=dict(namelength=-1),
    )
    return fig


def _years(lo: int, hi: int) -> list[int]:
    return list(range(lo, hi + 1))


def _methodology_marks(fig: go.Figure, years: list[int], below: bool = False) -> None:
    """A dashed line and a label where the Ombudsman methodology changes; shade years with no survey.
    `below`: the labels under the plot (a heatmap has its years on top)."""
    shown = set(years)
    for m in ratings.ombudsman_methods():
        if m.first in shown and m.first - 1 in shown:
            fig.add_vline(x=m.first - 0.5, line_dash="dot", line_color="#57606a")
            fig.add_annotation(
                x=m.first - 0.5,
                y=0.0 if below else 1.0,
                yref="paper",
                text=f"Metodologi {m.first}",  # the name on hover: side by side they overlap
                hovertext=m.name,
                showarrow=False,
                xanchor="left",
                yanchor="top" if below else "bottom",
                textangle=0,
                font=dict(size=10, color="#57606a"),
            )
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
            )


def ombudsman_lines(df: pd.DataFrame, lo: int, hi: int, title: str) -> go.Figure:
    """Score per entity across years; a year without a rating is a gap, never 0."""
    years = _years(lo, hi)
    fig = go.Figure()
    for entity, part in df.groupby("entity", sort=True):
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
        colors = [ZONE_COLORS.get(by_year[y]["zone"], "#8c959f") if y in by_year else "#8c959f" for y in years]
        fig.add_scatter(
            x=years,
            y=ys,
            mode="lines+markers",
            name=entity,
            connectgaps=False,
            text=text,
            marker=dict(size=10, color=colors, line=dict(width=1, color="white")),
            hovertemplate="%{fullData.name}<br>%{x}: %{text}<extra></extra>",
        )
    _methodology_marks(fig, years)
    fig.update_xaxes(title="Tahun", tickmode="array", tickvals=years, range=[lo - 0.6, hi + 0.6])
    fig.update_yaxes(title="Nilai Ombudsman (0–100)", range=[0, 105])
    return _layout(fig, title)


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
            y=rows,
            text=[[t.split(" · ")[0] for t in r] for r in text],
            customdata=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=100,
            colorscale="RdYlGn",
            hovertemplate="%{y}<br>%{x}: %{customdata}<extra></extra>",
            colorbar=dict(title="Nilai"),
        )
    )
    _methodology_marks(fig, years, below=True)
    fig.update_xaxes(title="", side="top", tickmode="array", tickvals=years, range=[lo - 0.5, hi + 0.5])
    fig = _layout(fig, title, height=max(320, 150 + 24 * len(rows)))
    fig.update_layout(margin=dict(t=100, b=40))
    return fig


def ombudsman_compare(df: pd.DataFrame, year: int) -> go.Figure:
    """Pemda of one year side by side, coloured by zone."""
    d = df.sort_values("score")
    fig = go.Figure(
        go.Bar(
            x=d["score"],
            y=d["entity"],
            orientation="h",
            marker_color=[ZONE_COLORS.get(z, "#8c959f") for z in d["zone"]],
            text=[f"{fmt.num(s)} · {z}" for s, z in zip(d["score"], d["zone"])],
            textposition="outside",
            hovertemplate="%{y}<br>%{text}<extra></extra>",
        )
    )
    fig.update_xaxes(title="Nilai (0–100)", range=[0, 110])
    return _layout(fig, f"Perbandingan wilayah, Ombudsman {year}", height=max(260, 60 + 34 * len(d)))


def ombudsman_dimensions(df: pd.DataFrame, year: int) -> go.Figure:
    dims = [d for d in ratings.DIMENSIONS if f"dim_{d}" in df and df[f"dim_{d}"].notna().any()]
    fig = go.Figure()
    for d in dims:
        fig.add_bar(
            x=df["entity"],
            y=df[f"dim_{d}"],
            name=d.capitalize(),
            hovertemplate="%{x}<br>" + d + " %{y:.2f}<extra></extra>",
        )
    fig.update_layout(barmode="group")
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
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[ratings.mcp_area_label(k) for k in keys],
            y=pemda,
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=100,
            colorscale="RdYlGn",
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            colorbar=dict(title="Nilai"),
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")  # area names stay in sight above a tall heatmap
    fig = _layout(
        fig,
        title or f"KPK MCP {year}: nilai per area (area tahun {year})",
        height=max(360, 200 + (46 if len(pemda) <= 20 else 26) * len(pemda)),
    )
    fig.update_layout(margin=dict(t=190))  # the angled area names above, the title above them
    return fig


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
    for first, note in ratings.mcp_area_changes():  # where the reference data starts a new set of areas
        if lo < first <= hi:
            fig.add_vline(x=first - 0.5, line_dash="dot", line_color="#57606a")
            fig.add_annotation(
                x=first - 0.5,
                y=1.0,
                yref="paper",
                showarrow=False,
                xanchor="left",
                yanchor="bottom",
                text=f"{first}: {note}",
                font=dict(size=10, color="#57606a"),
            )
    fig.update_xaxes(title="Tahun", tickmode="array", tickvals=years, range=[lo - 0.6, hi + 0.6])
    fig.update_yaxes(title="Nilai MCP (0–100)", range=[0, 105])
    return _layout(fig, f"KPK MCP {region}: total dan area pembanding lintas tahun", height=480)
