"""The three signals side by side (LKE, Ombudsman, KPK MCP): comparable MCP areas, who answers for
which area, and plain-language flags where the signals disagree. DataFrames in, DataFrames out."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

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
    mine = owners[owners["region_code"] == region]
    out = []
    for area in ratings.comparable_areas():
        named = mine[mine["comparable_area"] == area]
        owner = named["unit_code"].iloc[0] if not named.empty else ratings.default_owner(area, pemda_units)
        if owner == unit:
            out.append(area)
    return out


def ombudsman_label(row: pd.Series) -> str:
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
    comp = mcp_comparable(mcp)
    comp_y = comp[comp["year"] == year]
    mcp_total = mcp[(mcp["year"] == year) & (mcp["area_key"] == "total")]
    rows = []
    for _, r in now.iterrows():
        region = regions_of.get(r["unit"], "")
        if r["unit"] in vertical:
            rows.append(
                {
                    "unit": r["unit"],
                    "Unit": r["label"],
                    "Nilai LKE": fmt.num(r["total"]),
                    "Kesiapan": vocab.INCOMPLETE_LABEL if r["incomplete"] else vocab.READINESS_LABELS[r["readiness"]],
                    "Ombudsman": NOT_PEMDA,
                    "KPK MCP": NOT_PEMDA,
                    "Catatan": "",
                }
            )
            continue
        own = omb_y[omb_y["unit_code"] == r["unit"]]
        pemda = omb_y[(omb_y["level"] == "pemda") & (omb_y["region_code"] == region)]
        o = own.iloc[0] if not own.empty else (pemda.iloc[0] if not pemda.empty else None)
        areas = owned_areas(r["unit"], region, owners, units_of.get(region, []))
        m = comp_y[(comp_y["region_code"] == region) & (comp_y["comparable"].isin(areas))]
        t = mcp_total[mcp_total["region_code"] == region]
        if not m.empty:
            mcp_text = " · ".join(
                f"{ratings.comparable_areas()[a]['label']}: {fmt.num(s)}" for a, s in zip(m["comparable"], m["score"])
            )
            mcp_value = float(m["score"].mean())
        elif not t.empty:
            mcp_text, mcp_value = f"Pemda (total): {fmt.num(float(t['score'].iloc[0]))}", None
        else:
            mcp_text, mcp_value = "tidak dinilai", None
        rows.append(
            {
                "unit": r["unit"],
                "Unit": r["label"],
                "Nilai LKE": fmt.num(r["total"]),
                "Kesiapan": vocab.INCOMPLETE_LABEL if r["incomplete"] else vocab.READINESS_LABELS[r["readiness"]],
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
                        ratings.national_average(year),
                    )
                ),
            }
        )
    return pd.DataFrame(rows, columns=["unit", "Unit", "Nilai LKE", "Kesiapan", "Ombudsman", "KPK MCP", "Catatan"])
