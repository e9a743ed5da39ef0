"""Plotly figures: DataFrame in, go.Figure out. Indonesian titles, axes and hover numbers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from pantauzi.charts import style
from pantauzi.core import fmt, refdata, vocab
from pantauzi.core.refdata import Methodology
from pantauzi.core.vocab import Predicate

Status = vocab.Readiness | Literal["incomplete"]
STATUS_ORDER: tuple[Status, ...] = ("wbbm", "wbk", "belum", vocab.INCOMPLETE)
STATUS_LABELS: dict[Status, str] = {
    **{k: v for k, v in vocab.READINESS_LABELS.items()},
    vocab.INCOMPLETE: vocab.INCOMPLETE_LABEL,
}
COLORS: dict[Status, str] = {"wbbm": "#1a7f37", "wbk": "#2f81f7", "belum": "#d29922", "incomplete": "#8c959f"}
LINE_DASH: dict[Predicate, str] = {"wbk": "dash", "wbbm": "dot"}
# Which methodology (and so which thresholds) an evaluation year is judged by; a test passes its own.
MethodologyOf = Callable[[int], Methodology]
AREA_SHORT = {
    "manajemen_perubahan": "Manajemen Perubahan",
    "penataan_tatalaksana": "Tatalaksana",
    "penataan_sdm": "SDM Aparatur",
    "akuntabilitas_kinerja": "Akuntabilitas Kinerja",
    "penguatan_pengawasan": "Pengawasan",
    "pelayanan_publik": "Pelayanan Publik",
}


def _layout(fig: go.Figure, title: str, height: int = 420, **kw: int) -> go.Figure:
    return style.apply(fig, title, height, **kw)


def _status(row: pd.Series) -> Status:
    return vocab.INCOMPLETE if row["incomplete"] else row["readiness"]


def _short(v: float) -> str:
    """75.0 -> '75', 82.5 -> '82,5': a threshold as its label shows it."""
    return fmt.num(v, 2).rstrip("0").rstrip(",")


def _threshold_runs(
    years: Iterable[int], predicate: Predicate, criterion: str, methodology_of: MethodologyOf, scale: float = 1.0
) -> list[tuple[int, int, float]]:
    """(first year, last year, value) of a predicate's threshold, one run per stretch of years that share it;
    a year before every methodology (e.g. 2019 in the national benchmark database) draws no line."""
    runs: list[tuple[int, int, float]] = []
    for y in sorted({int(y) for y in years}):
        try:
            m = methodology_of(y)
        except KeyError:
            continue
        v = round(m.threshold(predicate, criterion) * scale, 9)
        if runs and runs[-1][2] == v:
            runs[-1] = (runs[-1][0], y, v)
        else:
            runs.append((y, y, v))
    return runs


def _threshold_hlines(
    fig: go.Figure,
    years: Iterable[int],
    criterion: str,
    methodology_of: MethodologyOf,
    predicates: tuple[Predicate, ...] = vocab.PREDICATES,
    scale: float = 1.0,
    label: Callable[[Predicate, float], str] = lambda p, v: f"{vocab.PREDICATE_LABELS[p]} {_short(v)}",
) -> None:
    """Horizontal threshold lines over a chart with years on x: one line across the chart where every
    year shown has the same value, else one segment per stretch of years."""
    marks = style.Marks()
    for p in predicates:
        dash = "dash" if len(predicates) == 1 else LINE_DASH[p]
        runs = _threshold_runs(years, p, criterion, methodology_of, scale)
        if len(runs) == 1:
            marks.hline(runs[0][2], dash, "#57606a", label(p, runs[0][2]))
            continue
        for lo, hi, v in runs:
            marks.shape(
                type="line",
                x0=lo - 0.5,
                x1=hi + 0.5,
                y0=v,
                y1=v,
                xref="x",
                yref="y",
                line=dict(dash=dash, color="#57606a"),
            )
            marks.annotation(x=hi + 0.5, y=v, text=label(p, v), showarrow=False, xanchor="right", yanchor="bottom")
    marks.put(fig)


def totals_bar(df: pd.DataFrame, methodology_of: MethodologyOf = refdata.for_year) -> go.Figure:
    """Sorted horizontal bars of totals for one year, coloured by readiness, with the WBK/WBBM total
    thresholds of that year's methodology (75/85)."""
    d = df.sort_values("total")
    d = d.assign(axis=style.short_unique(d["label"]))
    status = d.apply(_status, axis=1)
    labels = STATUS_LABELS
    fig = go.Figure()
    for key in STATUS_ORDER:
        part = d[status == key]
        if part.empty:
            continue
        fig.add_bar(
            x=part["total"],
            y=part["axis"],
            orientation="h",
            name=labels[key],
            marker_color=COLORS[key],
            text=[fmt.num(v) for v in part["total"]],
            textposition="inside",  # inside the bar, at its start: never clipped at the plot's edge nor
            insidetextanchor="start",  # crossed by the WBK/WBBM lines near its end
            customdata=part["label"],
            hovertemplate="%{customdata}<br>Nilai total %{text}<extra></extra>",
        )
    # above the plot, each label ending at its line (never past the plot's right edge), WBBM's a row
    # above WBK's: 10 points apart on a phone's narrow plot they would overlap side by side
    row = {"wbk": 0, "wbbm": 1}
    marks = style.Marks()
    for p in vocab.PREDICATES:
        for x in sorted({v for _, _, v in _threshold_runs(d["year"], p, "total", methodology_of)}):
            marks.vline(x, "dash", "#57606a")
            marks.annotation(
                x=x,
                y=1,
                yref="paper",
                yanchor="bottom",
                xanchor="right",
                yshift=17 * row[p],
                showarrow=False,
                text=f"{vocab.PREDICATE_LABELS[p]} {_short(x)}",
                font=dict(size=11, color="#57606a"),
            )
    marks.put(fig)
    fig.update_xaxes(title="Nilai total LKE (0–100)", range=[0, 105])
    fig.update_yaxes(title="", categoryorder="array", categoryarray=list(d["axis"]))
    return _layout(fig, "Nilai total per unit", height=max(320, 28 * len(d) + 160), top=36)


def totals_trend(df: pd.DataFrame, methodology_of: MethodologyOf = refdata.for_year) -> go.Figure:
    """One line per unit across years, with the WBK/WBBM lines. More than style.MAX_LINES units: the
    MAX_LINES lowest in the latest year each a line, the others one "lainnya" line (their median)."""
    fig = go.Figure()
    shown, rest = _weakest_units(df, style.MAX_LINES)
    for label, part in df[df["label"].isin(shown)].groupby("label", sort=True):
        fig.add_scatter(
            x=part["year"],
            y=part["total"],
            mode="lines+markers",
            name=style.short(str(label)),
            text=[fmt.num(v) for v in part["total"]],
            hovertemplate=f"{label}<br>Tahun %{{x}}: %{{text}}<extra></extra>",
        )
    if rest:
        med = df[df["label"].isin(rest)].groupby("year", as_index=False)["total"].median()
        name = f"Lainnya ({len(rest)} unit, median)"
        fig.add_scatter(
            x=med["year"],
            y=med["total"],
            mode="lines+markers",
            name=name,
            line=dict(color="#8c959f", dash="dot"),
            text=[fmt.num(v) for v in med["total"]],
            hovertemplate=f"{name}<br>Tahun %{{x}}: %{{text}}<extra></extra>",
        )
    _threshold_hlines(fig, df["year"], "total", methodology_of)
    style.year_axis(fig, df["year"], title="")
    fig.update_yaxes(title="Nilai total LKE")
    title = "Perkembangan nilai total lintas tahun"
    if rest:
        title += f" ({style.MAX_LINES} unit terendah {int(df['year'].max())})"
    return _layout(fig, title)


def _weakest_units(df: pd.DataFrame, n: int) -> tuple[list[str], list[str]]:
    """(the n units lowest in their latest year, the others): every unit when there are at most n."""
    last = df.sort_values("year").groupby("label").tail(1)
    latest = last[last["year"] == last["year"].max()].sort_values(["total", "label"])
    order = list(latest["label"]) + sorted(set(last["label"]) - set(latest["label"]))
    return order[:n], order[n:]


def group_bar(df: pd.DataFrame, level_name: str) -> go.Figure:
    """Per group (provinsi, kab/kota, instansi): units by readiness, stacked, groups by mean total."""
    d = df.sort_values(["mean_total", "label"])
    axis = style.short_unique(d["label"])
    labels = STATUS_LABELS
    mean = [fmt.num(v) for v in d["mean_total"]]
    fig = go.Figure()
    for key in STATUS_ORDER:
        fig.add_bar(
            x=d[key],
            y=axis,
            orientation="h",
            name=labels[key],
            marker_color=COLORS[key],
            customdata=list(zip(mean, d["units"], d["label"])),
            hovertemplate="%{customdata[2]}<br>" + labels[key] + ": %{x} unit<br>Rata-rata nilai total "
            "%{customdata[0]} (%{customdata[1]} unit)<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title="Jumlah unit dinilai")
    fig.update_yaxes(title="", categoryorder="array", categoryarray=axis)
    return _layout(
        fig,
        f"Kesiapan unit per {level_name} (urut rata-rata nilai total, terendah di bawah)",
        height=max(320, 24 * len(d) + 170),
    )


def totals_band(df: pd.DataFrame, methodology_of: MethodologyOf = refdata.for_year) -> go.Figure:
    """Per year: median total with the middle half of the units (Q1–Q3) as a band, and the mean."""
    fig = go.Figure()
    fig.add_scatter(x=df["year"], y=df["q3"], mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip")
    fig.add_scatter(
        x=df["year"],
        y=df["q1"],
        mode="lines",
        line=dict(width=0),
        fill="tonexty",
        fillcolor="rgba(47,129,247,0.2)",
        name="Separuh unit di tengah (Q1–Q3)",
        text=[f"{fmt.num(a)}–{fmt.num(b)}" for a, b in zip(df["q1"], df["q3"])],
        hovertemplate="Tahun %{x}: Q1–Q3 %{text}<extra></extra>",
    )
    for col, name, dash in (("median", "Median", "solid"), ("mean_total", "Rata-rata", "dot")):
        fig.add_scatter(
            x=df["year"],
            y=df[col],
            mode="lines+markers",
            name=name,
            line=dict(dash=dash),
            text=[fmt.num(v) for v in df[col]],
            hovertemplate=f"{name} %{{x}}: %{{text}}<extra></extra>",
        )
    _threshold_hlines(fig, df["year"], "total", methodology_of)
    style.year_axis(fig, df["year"], title="")
    fig.update_yaxes(title="Nilai total LKE")
    return _layout(fig, "Sebaran nilai total lintas tahun")


def area_heatmap(df: pd.DataFrame, title: str = "Capaian area perubahan (% dari bobot)") -> go.Figure:
    """Unit (or group) × change area, % of the area's weight: a ranked list, the highest mean on top,
    the colour scale below the plot (beside it, it takes a phone's width from the cells)."""
    pivot = df.pivot_table(index="label", columns="area_order", values="pct")
    pivot = pivot.loc[pivot.mean(axis=1).sort_values(kind="stable").index]  # plotly draws row 0 at the bottom
    names = df.drop_duplicates("area_order").set_index("area_order")["area_key"].map(AREA_SHORT)
    z = pivot.values * 100
    cells = [[fmt.num(v, 1) + "%" if v == v else "–" for v in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[names[c] for c in pivot.columns],
            y=style.short_unique(pivot.index, 22),
            zmin=0,
            zmax=100,
            colorscale="RdYlGn",
            colorbar=dict(
                title=dict(text="% bobot", side="right"),
                orientation="h",
                x=0,
                xanchor="left",
                y=-0.02,
                yanchor="top",
                thickness=10,
                len=1,
            ),
            text=[[c.rstrip("%") for c in row] for row in cells],  # the cell: the number; the %: the scale
            customdata=[[[c, str(name)] for c in row] for row, name in zip(cells, pivot.index)],
            texttemplate="%{text}",
            textfont=dict(size=11),
            xgap=1,
            ygap=1,
            hovertemplate="%{customdata[1]}<br>%{x}: %{customdata[0]} dari bobot<extra></extra>",
        )
    )
    fig.update_xaxes(side="top", tickangle=-90)  # upright: an angled name reaches past the last column
    _layout(fig, title, height=max(320, 30 * len(pivot) + 230), top=120, bottom=60)
    return style.min_width(fig, 150 + 50 * len(pivot.columns))


def area_lines(df: pd.DataFrame, methodology_of: MethodologyOf = refdata.for_year) -> go.Figure:
    """One line per change area across years for one unit."""
    fig = go.Figure()
    for key, part in df.groupby("area_key", sort=False):
        name = AREA_SHORT[str(key)]
        fig.add_scatter(
            x=part["year"],
            y=part["pct"] * 100,
            mode="lines+markers",
            name=name,
            text=[fmt.num(v * 100, 1) + "%" for v in part["pct"]],
            hovertemplate=f"{name}<br>%{{x}}: %{{text}}<extra></extra>",
        )
    _threshold_hlines(
        fig,
        df["year"],
        "area_pct",
        methodology_of,
        predicates=("wbk",),
        scale=100,
        label=lambda p, v: f"Syarat {vocab.PREDICATE_LABELS[p]} {_short(v)}%",
    )
    style.year_axis(fig, df["year"], title="")
    fig.update_yaxes(title="% dari bobot area", range=[0, 105])
    return _layout(fig, "Area perubahan lintas tahun", height=460)


def area_radar(df: pd.DataFrame) -> go.Figure:
    """The six areas of one unit in one year."""
    theta = [AREA_SHORT[k].replace(" ", "<br>") for k in df["area_key"]]  # two short lines fit a phone
    fig = go.Figure(
        go.Scatterpolar(
            r=list(df["pct"] * 100) + [df["pct"].iloc[0] * 100],
            theta=theta + theta[:1],
            fill="toself",
            name="Capaian",
            text=[fmt.num(v * 100, 1) + "%" for v in df["pct"]] + [""],
            hovertemplate="%{theta}: %{text}<extra></extra>",
        )
    )
    fig.update_polars(radialaxis=dict(range=[0, 100], ticksuffix="%"), angularaxis=dict(tickfont=dict(size=10)))
    _layout(fig, "Profil area perubahan")
    fig.update_layout(margin=dict(l=80, r=80, b=30), showlegend=False)
    return fig


def pemenuhan_reform_bar(df: pd.DataFrame) -> go.Figure:
    """Pemenuhan vs reform per area (points), for one unit and year."""
    names = [AREA_SHORT[k].replace(" ", "<br>") for k in df["area_key"]]
    fig = go.Figure()
    for col, label, color in (("pemenuhan", "Pemenuhan", "#2f81f7"), ("reform", "Reform", "#bf8700")):
        fig.add_bar(
            x=names,
            y=df[col],
            name=label,
            marker_color=color,
            text=[fmt.num(v) for v in df[col]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{x}}<br>{label}: %{{text}}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickangle=0, tickfont=dict(size=9))
    fig.update_yaxes(title="Nilai")
    return _layout(fig, "Pemenuhan dan reform per area", top=10)


def self_vs_tpi(df: pd.DataFrame) -> go.Figure:
    """Self-assessment vs TPI totals per unit-year."""
    full = [f"{r.label} {r.year}" for r in df.itertuples()]
    one = df["label"].nunique() == 1  # one unit (its own pairs): the year says it all on the axis
    x = [str(r.year) if one else f"{style.short(str(r.label), 18)}<br>{r.year}" for r in df.itertuples()]
    fig = go.Figure()
    for col, label, color in (
        ("self_total", vocab.STAGE_LABELS["self"], "#8c959f"),
        ("tpi_total", vocab.STAGE_LABELS["tpi"], "#1a7f37"),
    ):
        fig.add_bar(
            x=x,
            y=df[col],
            name=label,
            marker_color=color,
            text=[fmt.num(v) for v in df[col]],
            textposition="outside",
            textangle=0,
            textfont=dict(size=10),
            cliponaxis=False,
            customdata=full,
            hovertemplate=f"%{{customdata}}<br>{label}: %{{text}}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(type="category", tickangle=0, tickfont=dict(size=10))
    fig.update_yaxes(title="Nilai total")
    return _layout(fig, f"{vocab.STAGE_LABELS['self']} dibanding {vocab.STAGE_LABELS['tpi']}")
