"""The three signals side by side (LKE, Ombudsman, KPK MCP): comparable MCP areas, who answers for
which area, and plain-language flags where the signals disagree. DataFrames in, DataFrames out."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

import pandas as pd

from pantauzi.core import fmt, ratings, vocab


def mcp_comparable(mcp: pd.DataFrame) -> pd.DataFrame:
    """Each pemda × year × comparable area: the mean of that year's own areas mapped to it [U]."""
    areas = mcp[mcp["area_key"] != "total"]
    if areas.empty:
        return pd.DataFrame(columns=["region_code", "region_name", "year", "comparable", "score", "areas"])
    cross = pd.DataFrame(ratings.crosswalk(), columns=["first", "last", "area_key", "comparable"])
    m = areas.merge(cross, on="area_key")
    m = m[(m["year"] >= m["first"]) & (m["year"] <= m["last"])]
    return m.groupby(["region_code", "region_name", "year", "comparable"], as_index=False).agg(
        score=("score", "mean"), areas=("area_key", lambda s: ", ".join(sorted(s)))
    )


def owned_areas(unit: str, region: str, owners: pd.DataFrame, pemda_units: list[str]) -> list[str]:
    """The comparable MCP areas a unit answers for: its pemda's own assignment, else the convention."""
    return _owned(unit, _assigned(owners).get(region, {}), pemda_units)


def _assigned(owners: pd.DataFrame) -> dict[str, dict[str, str]]:
    """region -> comparable area -> the unit its pemda named for it (the first row of each, as listed)."""
    out: dict[str, dict[str, str]] = {}
    for region, area, unit in zip(owners["region_code"], owners["comparable_area"], owners["unit_code"]):
        out.setdefault(region, {}).setdefault(area, unit)
    return out


def _owned(unit: str, named: dict[str, str], pemda_units: list[str]) -> list[str]:
    return [
        area
        for area in ratings.comparable_areas()
        if (named[area] if area in named else ratings.default_owner(area, pemda_units)) == unit
    ]


def ombudsman_label(row: pd.Series | Mapping[str, Any]) -> str:
    """'91,01 · hijau (B)' or the published zone/opini when no score was published."""
    parts = []
    if row["score"] == row["score"] and row["score"] is not None:
        parts.append(fmt.num(row["score"]))
    zone = row["zone"] if isinstance(row["zone"], str) else None
    cat = row["category"] if isinstance(row["category"], str) else row.get("published_category")
    text = zone or ""
    if isinstance(cat, str) and cat:
        text += f" ({cat})" if text else cat
    if text:
        parts.append(text)
    return " · ".join(parts) or "tidak dinilai"


def flags(
    lke_total: float | None,
    lke_ready: str | None,
    omb_zone: str | None,
    mcp_score: float | None,
    mcp_national: float | None,
) -> list[str]:
    """Plain sentences where the signals point in different directions."""
    out = []
    high_lke = lke_total is not None and lke_total >= 75
    if high_lke and omb_zone == "merah":
        out.append(
            f"Nilai LKE {fmt.num(lke_total)} (≥ 75) tetapi Ombudsman menempatkan pelayanannya di zona merah: "
            "periksa kepatuhan standar pelayanan sebelum pengusulan."
        )
    if lke_total is not None and lke_total < 60 and omb_zone == "hijau":
        out.append(
            f"Ombudsman zona hijau tetapi nilai LKE baru {fmt.num(lke_total)}: pelayanan baik belum "
            "tercermin dalam bukti LKE."
        )
    if lke_ready in ("wbk", "wbbm") and mcp_score is not None and mcp_score < 50:
        out.append(
            f"Siap {lke_ready.upper()} menurut LKE, tetapi nilai MCP area yang menjadi tanggung jawabnya "
            f"hanya {fmt.num(mcp_score)} (< 50)."
        )
    if mcp_score is not None and mcp_national is not None and mcp_score < mcp_national - 10:
        out.append(
            f"Nilai MCP areanya {fmt.num(mcp_score)}, lebih dari 10 poin di bawah rata-rata nasional "
            f"{fmt.num(mcp_national)}."
        )
    return out


PEMDA_KINDS = ("pemkot", "pemkab", "pemprov")
NOT_PEMDA = "tidak berlaku (instansi vertikal)"


def three_signals(
    totals: pd.DataFrame,
    omb: pd.DataFrame,
    mcp: pd.DataFrame,
    owners: pd.DataFrame,
    units_of: dict[str, list[str]],
    regions_of: dict[str, str],
    year: int,
    vertical: AbstractSet[str] = frozenset(),
) -> pd.DataFrame:
    """One row per unit assessed in `year`: LKE total and readiness, its Ombudsman rating (its own as an
    OPD, else its pemda's), and the MCP score of the area it answers for (else its pemda's total).
    Units of vertical instansi (kejaksaan, kanwil…) are not pemda OPDs: the pemda's signals do not apply."""
    now = totals[totals["year"] == year]
    omb_y = omb[omb["year"] == year]
    comp_y = mcp_comparable(mcp[mcp["year"] == year])  # only the year's areas are compared
    mcp_total = mcp[(mcp["year"] == year) & (mcp["area_key"] == "total")]
    # each lookup once, by key (a filter of the frames per unit cost ~1 ms a unit)
    own_of: dict[Any, dict[Any, Any]] = {}
    pemda_of: dict[Any, dict[Any, Any]] = {}
    for rec in omb_y.to_dict("records"):
        own_of.setdefault(rec["unit_code"], rec)
        if rec["level"] == "pemda":
            pemda_of.setdefault(rec["region_code"], rec)
    comp_of: dict[str, list[tuple[str, float]]] = {}
    for region, area, score in zip(comp_y["region_code"], comp_y["comparable"], comp_y["score"]):
        comp_of.setdefault(region, []).append((area, score))
    total_of: dict[str, float] = {}
    for region, score in zip(mcp_total["region_code"], mcp_total["score"]):
        total_of.setdefault(region, score)
    assigned = _assigned(owners)
    labels = {a: v["label"] for a, v in ratings.comparable_areas().items()}
    national = ratings.national_average(year)
    rows = []
    for r in now.to_dict("records"):
        region = regions_of.get(r["unit"], "")
        readiness = vocab.INCOMPLETE_LABEL if r["incomplete"] else vocab.READINESS_LABELS[r["readiness"]]
        if r["unit"] in vertical:
            rows.append(
                {
                    "unit": r["unit"],
                    "Unit": r["label"],
                    "Nilai LKE": fmt.num(r["total"]),
                    "Kesiapan": readiness,
                    "Ombudsman": NOT_PEMDA,
                    "KPK MCP": NOT_PEMDA,
                    "Catatan": "",
                }
            )
            continue
        o = own_of.get(r["unit"]) or pemda_of.get(region)
        areas = set(_owned(r["unit"], assigned.get(region, {}), units_of.get(region, [])))
        m = [(a, score) for a, score in comp_of.get(region, []) if a in areas]
        if m:
            mcp_text = " · ".join(f"{labels[a]}: {fmt.num(score)}" for a, score in m)
            mcp_value: float | None = float(pd.Series([score for _, score in m], dtype=float).mean())
        elif region in total_of:
            mcp_text, mcp_value = f"Pemda (total): {fmt.num(float(total_of[region]))}", None
        else:
            mcp_text, mcp_value = "tidak dinilai", None
        rows.append(
            {
                "unit": r["unit"],
                "Unit": r["label"],
                "Nilai LKE": fmt.num(r["total"]),
                "Kesiapan": readiness,
                "Ombudsman": (
                    "tidak dinilai"
                    if o is None
                    else ("OPD: " if o["level"] == "opd" else "Pemda: ") + ombudsman_label(o)
                ),
                "KPK MCP": mcp_text,
                "Catatan": " ".join(
                    flags(
                        r["total"],
                        None if r["incomplete"] else r["readiness"],
                        None if o is None else o["zone"],
                        mcp_value,
                        national,
                    )
                ),
            }
        )
    return pd.DataFrame(rows, columns=["unit", "Unit", "Nilai LKE", "Kesiapan", "Ombudsman", "KPK MCP", "Catatan"])
