"""signals.three_signals (Ringkasan's three-signal table) against the rule written out unit by unit with
plain DataFrame filters, on the demo database: nationally and every provinsi and kab/kota, every year."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pantauzi.core import fmt, ratings, signals, vocab
from pantauzi.core.filters import Filter
from pantauzi.store import lke_queries, rating_queries


def _reference(totals, omb, mcp, owners, units_of, year: int) -> pd.DataFrame:
    """One unit at a time: its own Ombudsman rating else its pemda's; the comparable MCP areas it
    answers for (its pemda's assignment, else the convention), else the pemda's MCP total."""
    omb_y = omb[omb["year"] == year]
    comp = signals.mcp_comparable(mcp)
    comp_y = comp[comp["year"] == year]
    mcp_total = mcp[(mcp["year"] == year) & (mcp["area_key"] == "total")]
    rows = []
    for _, r in totals[totals["year"] == year].iterrows():
        region = r["region_code"]
        kesiapan = vocab.INCOMPLETE_LABEL if r["incomplete"] else vocab.READINESS_LABELS[r["readiness"]]
        base = {"unit": r["unit"], "Unit": r["label"], "Nilai LKE": fmt.num(r["total"]), "Kesiapan": kesiapan}
        if r["instansi_kind"] not in signals.PEMDA_KINDS:
            rows.append(base | {"Ombudsman": signals.NOT_PEMDA, "KPK MCP": signals.NOT_PEMDA, "Catatan": ""})
            continue
        own = omb_y[omb_y["unit_code"] == r["unit"]]
        pemda = omb_y[(omb_y["level"] == "pemda") & (omb_y["region_code"] == region)]
        o = own.iloc[0] if not own.empty else (pemda.iloc[0] if not pemda.empty else None)
        mine = owners[owners["region_code"] == region]
        units = units_of[region]
        areas = []
        for area in ratings.comparable_areas():
            named = mine[mine["comparable_area"] == area]
            owner = named["unit_code"].iloc[0] if not named.empty else ratings.default_owner(area, units)
            if owner == r["unit"]:
                areas.append(area)
        m = comp_y[(comp_y["region_code"] == region) & (comp_y["comparable"].isin(areas))]
        t = mcp_total[mcp_total["region_code"] == region]
        if not m.empty:
            labels = ratings.comparable_areas()
            text = " · ".join(f"{labels[a]['label']}: {fmt.num(s)}" for a, s in zip(m["comparable"], m["score"]))
            value = float(m["score"].mean())
        elif not t.empty:
            text, value = f"Pemda (total): {fmt.num(float(t['score'].iloc[0]))}", None
        else:
            text, value = "tidak dinilai", None
        said = (
            "tidak dinilai"
            if o is None
            else ("OPD: " if o["level"] == "opd" else "Pemda: ") + signals.ombudsman_label(o)
        )
        ready = None if r["incomplete"] else r["readiness"]
        notes = signals.flags(
            r["total"], ready, None if o is None else o["zone"], value, ratings.national_average(year)
        )
        rows.append(base | {"Ombudsman": said, "KPK MCP": text, "Catatan": " ".join(notes)})
    return pd.DataFrame(rows, columns=["unit", "Unit", "Nilai LKE", "Kesiapan", "Ombudsman", "KPK MCP", "Catatan"])


@pytest.fixture(scope="module")
def cur(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    yield con.cursor()
    con.close()


def test_three_signals_follow_the_rule_unit_by_unit(cur):
    regions = [r[0] for r in cur.execute("SELECT DISTINCT region_code FROM units ORDER BY 1").fetchall()]
    years = [r[0] for r in cur.execute("SELECT DISTINCT year FROM lke_submissions ORDER BY 1").fetchall()]
    filters = [Filter()] + [Filter(p) for p in sorted({r.split(".")[0] for r in regions})]
    filters += [Filter(r.split(".")[0], r) for r in regions if "." in r]
    rows = flagged = mcp_areas = 0
    for f in filters:
        totals = lke_queries.unit_totals(cur, f)
        omb, mcp = rating_queries.ombudsman_ratings(cur, f), rating_queries.mcp_scores(cur, f)
        owners = rating_queries.mcp_owners(cur)
        regions_of = dict(zip(totals["unit"], totals["region_code"]))
        units_of = {r: rating_queries.pemda_units(cur, r) for r in set(regions_of.values())}
        vertical = set(totals.loc[~totals["instansi_kind"].isin(signals.PEMDA_KINDS), "unit"])
        for year in years:
            got = signals.three_signals(totals, omb, mcp, owners, units_of, regions_of, year, vertical)
            want = _reference(totals, omb, mcp, owners, units_of, year)
            pd.testing.assert_frame_equal(got, want, obj=f"{f} {year}")
            rows += len(got)
            flagged += int((got["Catatan"] != "").sum())
            mcp_areas += int((~got["KPK MCP"].isin(["tidak dinilai", signals.NOT_PEMDA])).sum())
    assert rows > 100 and flagged > 0 and mcp_areas > 0  # the comparison saw flags and MCP areas
