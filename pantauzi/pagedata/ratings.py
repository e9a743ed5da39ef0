"""Ombudsman RI and KPK MCP page sections."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pantauzi.charts.ratings import MAX_LINES, MAX_ROWS
from pantauzi.core import fmt, ratings, signals
from pantauzi.core.filters import Filter
from pantauzi.store import rating_queries
from pantauzi.store.selection import Cursor


# ---------------------------------------------------------------- Ombudsman RI
@dataclass(frozen=True)
class OmbudsmanSummary:
    summary: pd.DataFrame  # level, year, entities, scored
    entities: dict[str, int]  # level -> the most entities any one year rated
    years: dict[str, list[int]]  # level -> its years, newest first


def ombudsman_summary(cur: Cursor, f: Filter) -> OmbudsmanSummary:
    """Which levels (pemda, opd) and years the selection has Ombudsman ratings for."""
    summary = rating_queries.ombudsman_summary(cur, f)
    entities, years = {}, {}
    for level, rows in summary.groupby("level"):
        entities[str(level)] = int(rows["entities"].max())
        years[str(level)] = sorted({int(y) for y in rows["year"]}, reverse=True)
    return OmbudsmanSummary(summary, entities, years)


def _ombudsman_table(shown: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Entitas": shown["entity"],
            "Tahun": shown["year"].astype(str),
            "Nilai": shown["score"].map(fmt.num),
            "Zona": shown["zone"].fillna("–"),
            "Kategori": shown["category"].fillna(shown["published_category"]).fillna("–"),
            "Metodologi": [ratings.label(m, "methodology") for m in shown["methodology"]],
            "Data": shown["synthetic"].map({True: "sintetis", False: "terbit"}),
            "Sumber": shown["source"].fillna("–"),
        }
    )[["Entitas", "Tahun", "Nilai", "Zona", "Kategori", "Metodologi", "Data", "Sumber"]]


@dataclass(frozen=True)
class OmbudsmanView:
    by_provinsi: bool  # too many entities for a row each: grouped per provinsi, the table one year at a time
    grouped: pd.DataFrame  # by_provinsi only: ombudsman_by_provinsi (code, label, year, score, counts per zone)
    ratings: pd.DataFrame  # the rows the table shows (by_provinsi: of `year`; else every year, the chart's too)
    method: str  # the methodology of `year`
    compare: pd.DataFrame  # `year`'s scored entities (entity, score, zone…) for the comparison chart
    dimensions: bool  # whether `year` has dimension scores worth a chart (few entities only)
    table: pd.DataFrame  # Entitas, Tahun, Nilai, Zona, Kategori, Metodologi, Data, Sumber


def ombudsman_view(cur: Cursor, f: Filter, level: str, year: int, entities: int) -> OmbudsmanView:
    """The Ombudsman page for one level and focus year; `entities` from its OmbudsmanSummary."""
    method = ratings.ombudsman_method(year)
    name = method.name if method is not None else "–"
    if entities > MAX_ROWS:
        grouped = rating_queries.ombudsman_by_provinsi(cur, f, level)
        by_prov = grouped[(grouped["year"] == year) & grouped["score"].notna()]
        zones = [method.band(s).zone if method is not None else None for s in by_prov["score"]]
        compare = by_prov.assign(entity=by_prov["label"], zone=pd.Series(zones, index=by_prov.index, dtype=object))
        shown = rating_queries.ombudsman_ratings(cur, f, level, year).sort_values(
            "score", na_position="last", kind="stable"
        )
        return OmbudsmanView(True, grouped, shown, name, compare, False, _ombudsman_table(shown))
    shown = rating_queries.ombudsman_ratings(cur, f, level)
    now = shown[(shown["year"] == year) & shown["score"].notna()]
    dims = now[[f"dim_{d}" for d in ratings.DIMENSIONS]]
    dimensions = not now.empty and len(now) <= MAX_LINES and bool(dims.notna().any().any())
    return OmbudsmanView(False, pd.DataFrame(), shown, name, now, dimensions, _ombudsman_table(shown))


# ---------------------------------------------------------------- KPK MCP
@dataclass(frozen=True)
class McpYears:
    summary: pd.DataFrame  # year, pemda
    years: list[int]  # newest first
    pemda: dict[int, int]  # year -> pemda scored


def mcp_years(cur: Cursor, f: Filter) -> McpYears:
    """The years the selection has MCP scores for."""
    summary = rating_queries.mcp_summary(cur, f)
    years = sorted({int(y) for y in summary["year"]}, reverse=True)
    return McpYears(summary, years, {int(y): int(n) for y, n in zip(summary["year"], summary["pemda"])})


@dataclass(frozen=True)
class McpYear:
    pemda: int  # pemda scored in the year
    by_provinsi: bool  # too many pemda for a row each: the heatmap averages per provinsi
    heatmap: pd.DataFrame  # mcp_scores of the year, or mcp_by_provinsi
    title: str | None  # the heatmap's title when grouped (None: the chart's own)
    totals: pd.DataFrame  # the year's total scores, lowest first
    national: float | None  # the published national average of the year
    table: pd.DataFrame  # Pemda, Nilai, [Nasional, Selisih,] Pita, Sumber
    names: dict[str, str]  # region_code -> pemda name, for the trend's picker


def mcp_year(cur: Cursor, f: Filter, year: int, pemda: int) -> McpYear:
    """The MCP page for one year (`pemda` scored in it, from McpYears): heatmap per pemda or per
    provinsi, the table against the national average."""
    by_provinsi = pemda > MAX_ROWS
    if by_provinsi:
        heat = rating_queries.mcp_by_provinsi(cur, f, year)
        title: str | None = f"KPK MCP {year}: rata-rata per provinsi ({fmt.num(pemda, 0)} pemda; area tahun {year})"
    else:
        heat, title = rating_queries.mcp_scores(cur, f, year), None
    now = rating_queries.mcp_scores(cur, f, year, "total").sort_values("score", kind="stable")
    nat = ratings.national_average(year)
    table = pd.DataFrame(
        {
            "Pemda": now["region_name"],
            "Nilai": now["score"].map(fmt.num),
            "Pita": [ratings.mcp_band(s) for s in now["score"]],
            "Sumber": now["source"].fillna("–"),
        }
    )
    if nat is not None:
        table = table.assign(
            Nasional=fmt.num(nat), Selisih=[("+" if s >= nat else "−") + fmt.num(abs(s - nat)) for s in now["score"]]
        )[["Pemda", "Nilai", "Nasional", "Selisih", "Pita", "Sumber"]]
    names = dict(zip(now["region_code"], now["region_name"]))
    return McpYear(pemda, by_provinsi, heat, title, now, nat, table, names)


@dataclass(frozen=True)
class McpTrend:
    name: str
    totals: pd.DataFrame  # the pemda's total scores across the years
    comparable: pd.DataFrame  # its areas mapped onto the comparable areas (across the 2024 change)


def mcp_trend(cur: Cursor, f: Filter, region: str) -> McpTrend:
    """One pemda's MCP across the years."""
    one = rating_queries.mcp_scores(cur, f, region=region)
    name = str(one["region_name"].iloc[0]) if not one.empty else region
    return McpTrend(name, one[one["area_key"] == "total"], signals.mcp_comparable(one))
