"""LKE page sections (Ringkasan, Area Perubahan) and the unit pickers they offer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

import pandas as pd

from pantauzi.core import fmt, signals, vocab
from pantauzi.core.filters import Filter, group_level
from pantauzi.core.vocab import LEVEL_NAMES, Level
from pantauzi.store import answer_queries, export_queries, lke_queries, lookups, rating_queries, selection
from pantauzi.store.selection import Cursor

SEARCH_LIMIT = 50  # units offered by a unit picker at once (the rest through its search box)


def _milestone_when(year: int, date: object) -> str:
    """A milestone's date when known, else its year (NaT/None: only the year was recorded)."""
    return fmt.date(date) if isinstance(date, datetime.date) and date == date else str(year)


def milestone_steps(steps: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, when) per ZI milestone of a unit, oldest first."""
    return [
        (vocab.MILESTONE_LABELS.get(k, k), _milestone_when(y, d))
        for k, y, d in zip(steps["kind"], steps["year"], steps["date"])
    ]


# ---------------------------------------------------------------- shared by both LKE pages
@dataclass(frozen=True)
class LkeYears:
    summary: pd.DataFrame  # year, units, mean_total, q1, median, q3, ready
    years: list[int]  # newest first
    levels: dict[int, Level]  # year -> group level of the page's overview (provinsi … unit)


def lke_years(cur: Cursor, f: Filter) -> LkeYears:
    """The years of the selection with LKE scores and, per year, how finely the overview can group."""
    summary = lke_queries.year_summary(cur, f)
    years = sorted({int(y) for y in summary["year"]}, reverse=True)
    levels = {int(y): group_level(f, int(n)) for y, n in zip(summary["year"], summary["units"])}
    return LkeYears(summary, years, levels)


@dataclass(frozen=True)
class UnitChoices:
    units: pd.DataFrame  # unit, label, total: the first SEARCH_LIMIT of the order


def unit_choices(cur: Cursor, f: Filter, year: int, text: str | None, order: str) -> UnitChoices:
    """The units of `year` a unit picker offers, weakest/strongest first or by name, narrowed by `text`."""
    return UnitChoices(lke_queries.unit_search(cur, f, year, text, order, SEARCH_LIMIT))


@dataclass(frozen=True)
class UnitLookup:
    units: pd.DataFrame  # code, name, matches: every unit of the selection, assessed or not
    matches: int  # units matching in all (the frame holds at most SEARCH_LIMIT)


def unit_lookup(cur: Cursor, f: Filter, text: str | None, keep: str | None) -> UnitLookup:
    """Units of the selection by name, `keep` first, narrowed by `text`."""
    found = lookups.unit_lookup(cur, f, text, keep, SEARCH_LIMIT)
    return UnitLookup(found, int(found["matches"].iloc[0]) if not found.empty else 0)


# ---------------------------------------------------------------- Ringkasan
@dataclass(frozen=True)
class RingkasanOverview:
    level: Level
    level_name: str
    groups: pd.DataFrame  # group_totals: code, label, units, mean/min/max_total, wbbm, wbk, belum, incomplete
    wbbm: int
    wbk: int
    belum: int
    incomplete: int
    units: int
    bars: pd.DataFrame  # unit level only: this year's unit totals
    trend: pd.DataFrame  # unit level only, when the selection spans more than one year: every unit total
    evidence_share: float | None = None  # answered questions with evidence / answered, pooled over the year
    tpi_changed: int = 0  # answers the TPI changed, summed over the units with self and TPI
    tpi_units: int = 0  # units with both a self and a TPI submission that year


def ringkasan_overview(cur: Cursor, f: Filter, year: int, level: Level) -> RingkasanOverview:
    """Ringkasan's metrics and its overview chart's frames for one year."""
    groups = lke_queries.group_totals(cur, f, year, level)
    evidence = answer_queries.evidence_by_group(cur, f, year, level)
    groups = groups.merge(
        evidence[["code", "answered", "with_evidence", "evidence_share", "tpi_changed", "tpi_units"]],
        on="code",
        how="left",
    )
    answered = int(evidence["answered"].sum())
    bars = trend = pd.DataFrame()
    if level == "unit":
        totals = lke_queries.unit_totals(cur, f)
        bars = totals[totals["year"] == year]
        trend = totals if totals["year"].nunique() > 1 else trend
    return RingkasanOverview(
        level,
        LEVEL_NAMES[level],
        groups,
        int(groups["wbbm"].sum()),
        int(groups["wbk"].sum()),
        int(groups["belum"].sum()),
        int(groups["incomplete"].sum()),
        int(groups["units"].sum()),
        bars,
        trend,
        float(evidence["with_evidence"].sum()) / answered if answered else None,
        int(evidence["tpi_changed"].astype(float).fillna(0.0).sum()),
        int(evidence["tpi_units"].sum()),
    )


@dataclass(frozen=True)
class MoversView:
    movers: pd.DataFrame  # unit, label, total, previous, change
    table: pd.DataFrame  # Unit, Nilai, Sebelumnya, Perubahan


def movers(cur: Cursor, f: Filter, year: int, limit: int = 8) -> MoversView:
    """The largest changes against the previous year."""
    moves = lke_queries.movers(cur, f, year, limit)
    table = pd.DataFrame(
        {
            "Unit": moves["label"],
            "Nilai": moves["total"].map(fmt.num),
            "Sebelumnya": moves["previous"].map(fmt.num),
            "Perubahan": [("▲ " if c > 0 else "▼ ") + fmt.num(abs(c)) for c in moves["change"]],
        }
    )
    return MoversView(moves, table)


def _threshold(t: float, criterion: str) -> str:
    if t != t:  # NaN: the criterion is holding the WBK predicate, not a number
        return "predikat WBK"
    return "≥ " + (fmt.pct(t) if "area:" in criterion else fmt.num(t))


@dataclass(frozen=True)
class UnitReview:
    row: pd.DataFrame  # the unit's unit_totals row of the year
    headline: str  # Markdown: name, instansi, stage, total, readiness
    milestones: pd.DataFrame  # kind, year, date
    steps: str  # the milestones in one line ("" when none)
    failed: pd.DataFrame  # failed_criteria
    failed_table: pd.DataFrame  # Predikat, Kriteria, Nilai, Syarat
    weakest: pd.DataFrame  # weakest_subareas
    weakest_table: pd.DataFrame  # Sub-area, Area, Bobot, Nilai, Hilang


def unit_review(cur: Cursor, f: Filter, unit: str, year: int) -> UnitReview:
    """'Yang perlu dibenahi lebih dulu': one unit's year, its unmet criteria and weakest sub-areas."""
    rows = lke_queries.unit_totals(cur, Filter(f.provinsi, f.kabkota, f.instansi, unit, year, year, f.tahap))
    row = rows.iloc[0]
    status = vocab.INCOMPLETE_LABEL if row["incomplete"] else vocab.READINESS_LABELS[row["readiness"]]
    if row["wbbm_needs_wbk"]:
        status += " (nilai sudah memenuhi WBBM, tetapi predikat Menuju WBK belum dipegang)"
    headline = (
        f"**{fmt.md(row['unit_name'])}** ({fmt.md(row['instansi_name'])}), tahap {vocab.STAGE_LABELS[row['stage']]}: "
        f"nilai **{fmt.num(row['total'])}** — {status}."
    )
    steps = lke_queries.unit_milestones(cur, unit)
    sid = int(row["submission_id"])
    failed = lke_queries.failed_criteria(cur, sid)
    weak = lke_queries.weakest_subareas(cur, sid)
    failed_table = pd.DataFrame(
        {
            "Predikat": failed["level"].str.upper(),
            "Kriteria": failed["label"],
            "Nilai": [fmt.pct(x) if "area:" in c else fmt.num(x) for x, c in zip(failed["value"], failed["criterion"])],
            "Syarat": [_threshold(t, c) for t, c in zip(failed["threshold"], failed["criterion"])],
        }
    )
    weakest_table = pd.DataFrame(
        {
            "Sub-area": weak["name"],
            "Area": weak["area_name"],
            "Bobot": weak["weight"].map(fmt.num),
            "Nilai": weak["score"].map(fmt.num),
            "Hilang": weak["lost"].map(fmt.num),
        }
    )
    line = " · ".join(f"{k}: {w}" for k, w in milestone_steps(steps))
    return UnitReview(rows, headline, steps, line, failed, failed_table, weak, weakest_table)


@dataclass(frozen=True)
class ThreeSignalsView:
    table: pd.DataFrame  # Unit, Nilai LKE, Kesiapan, Ombudsman, KPK MCP, Catatan, Profil (a link)


def three_signals(cur: Cursor, f: Filter, year: int) -> ThreeSignalsView:
    """LKE, Ombudsman and MCP per unit of the selection for one year (see pantauzi.core.signals)."""
    totals = lke_queries.unit_totals(cur, f)
    regions_of = dict(zip(totals["unit"], totals["region_code"]))
    vertical = set(totals.loc[~totals["instansi_kind"].isin(signals.PEMDA_KINDS), "unit"])
    three = signals.three_signals(
        totals,
        rating_queries.ombudsman_ratings(cur, f),
        rating_queries.mcp_scores(cur, f),
        rating_queries.mcp_owners(cur),
        {r: rating_queries.pemda_units(cur, r) for r in set(regions_of.values())},
        regions_of,
        year,
        vertical,
    )
    if three.empty:
        return ThreeSignalsView(three)
    ev = answer_queries.evidence_by_unit(cur, selection.year_only(f, year)).set_index("unit")
    return ThreeSignalsView(
        three.drop(columns=["unit"]).assign(
            **{
                "Bukti dukung": [_share(ev, u) for u in three["unit"]],
                "Diubah TPI": [_changed(ev, u) for u in three["unit"]],
            },
            Profil=[f"/profil_opd?tinjau={u}" for u in three["unit"]],
        )
    )


def _share(ev: pd.DataFrame, unit: str) -> str:
    """A unit's evidence share as shown ('–' when nothing is answered or the unit is not in `ev`)."""
    x = ev["evidence_share"].get(unit)
    return "–" if x is None or pd.isna(x) else fmt.pct(float(x))


def _changed(ev: pd.DataFrame, unit: str) -> str:
    """Answers the TPI changed ('–' without both a self and a TPI submission)."""
    x = ev["tpi_changed"].get(unit)
    return "–" if x is None or pd.isna(x) else fmt.num(float(x), 0)


def evidence_table(ev: pd.DataFrame, level: Level) -> pd.DataFrame:
    """Per unit or group: answered questions, those with evidence, the share, the TPI's changes."""
    table = pd.DataFrame(
        {
            LEVEL_NAMES[level].capitalize(): ev["label"],
            "Unit dinilai": ev["units"].map(lambda n: fmt.num(float(n), 0)),
            "Dijawab": ev["answered"].map(lambda n: fmt.num(float(n), 0)),
            "Dengan bukti dukung": ev["with_evidence"].map(lambda n: fmt.num(float(n), 0)),
            "Kelengkapan bukti": [("–" if pd.isna(x) else fmt.pct(float(x))) for x in ev["evidence_share"]],
            "Diubah TPI": [
                ("–" if n == 0 else fmt.num(float(x), 0))
                for x, n in zip(ev["tpi_changed"].astype(float).fillna(0.0), ev["tpi_units"])
            ],
        }
    )
    return table.drop(columns=["Unit dinilai"]) if level == "unit" else table  # one unit per row: no count


# ---------------------------------------------------------------- Area Perubahan
@dataclass(frozen=True)
class AreaOverview:
    level: Level
    heatmap: pd.DataFrame  # area_by_group: code, label, area_key, area_order, area_name, pct, units
    title: str | None  # the heatmap's title when grouped (None: the chart's own, one row per unit)
    evidence: pd.DataFrame  # evidence_table: per unit or group, evidence share and the TPI's changes


def area_overview(cur: Cursor, f: Filter, year: int, level: Level) -> AreaOverview:
    """The six change areas of one year, per unit or per group, and the evidence completeness beside."""
    heat = lke_queries.area_by_group(cur, f, year, level)
    title = None if level == "unit" else f"Rata-rata capaian area perubahan per {LEVEL_NAMES[level]} (% dari bobot)"
    ev = answer_queries.evidence_by_group(cur, f, year, level)
    return AreaOverview(level, heat, title, evidence_table(ev.sort_values("label", kind="stable"), level))


@dataclass(frozen=True)
class UnitAreas:
    label: str
    areas: pd.DataFrame  # area_scores of the unit across the years
    this_year: pd.DataFrame  # its rows of the focus year
    both: pd.DataFrame  # stage_comparison: the unit's (or, small selections, every unit's) self vs TPI


def unit_areas(cur: Cursor, f: Filter, unit: str, year: int, level: Level) -> UnitAreas:
    """One unit's areas across years and in the focus year, and its self vs TPI pairs."""
    mine = replace(f, unit=unit)
    one = lke_queries.area_scores(cur, mine)
    both = lke_queries.stage_comparison(cur, mine)
    if both.empty and level == "unit":
        both = lke_queries.stage_comparison(cur, f)  # a small selection: every unit's pairs
    return UnitAreas(str(one["label"].iloc[0]), one, one[one["year"] == year], both)


# ---------------------------------------------------------------- the shared sidebar filter
def options_scope(kind: str, f: Filter) -> Filter:
    """The part of `f` one sidebar level's choices depend on: the levels above it, never the years or
    the stage (every unit of a region is a choice, assessed in those years or not). Equal scopes,
    equal choices: the cache of the choices is keyed by this."""
    if kind == "provinsi":
        return Filter()
    if kind == "kabkota":
        return Filter(f.provinsi)
    return Filter(f.provinsi, f.kabkota, f.instansi if kind == "unit" else None)


def export_rows(cur: Cursor, f: Filter, level: str) -> int:
    """How many rows the data download of `level` holds for `f` (pantauzi.exports writes the file)."""
    return export_queries.count(cur, f, level)


def filter_options(cur: Cursor, kind: str, f: Filter) -> pd.DataFrame:
    """code, name of one sidebar level's choices (provinsi, kabkota, instansi, unit) under `f`."""
    f = options_scope(kind, f)
    if kind == "provinsi":
        return lookups.provinsi_options(cur)
    if kind == "kabkota":
        return lookups.kabkota_options(cur, f.provinsi)
    return (lookups.instansi_options if kind == "instansi" else lookups.unit_options)(cur, f)
