"""Profil OPD: one unit on one page — LKE across years, Ombudsman, the MCP area it answers for, ZI stage,
and plain-language flags where the signals disagree."""

import dataclasses

import streamlit as st

import ui
from pantauzi.charts import lke as lke_charts
from pantauzi.charts import ratings as rating_charts
from pantauzi.core import fmt, ratings, signals, vocab

f, v = ui.page.page_start("Profil OPD")
unit = ui.pickers.lookup_unit("OPD / unit", f, v)
if unit is None:
    ui.page.empty_state("Tidak ada unit pada pilihan wilayah ini (atau yang cocok dengan pencarian).")
    st.stop()
info = ui.data.unit_profile(unit, v).iloc[0]
region = info["region_code"]
st.markdown(f"### {info['unit_name']}")
st.caption(f"{info['instansi_name']} · {info['region_name']}")
steps = ui.data.unit_milestones(unit, v)
st.markdown(
    "**Tahap Zona Integritas:** "
    + (
        " → ".join(
            f"{vocab.MILESTONE_LABELS.get(k, k)} ({fmt.date(d) if d == d and d is not None else y})"
            for k, y, d in zip(steps["kind"], steps["year"], steps["date"])
        )
        if not steps.empty
        else "belum dicanangkan"
    )
)

mine = dataclasses.replace(f, unit=unit, provinsi=None, kabkota=None, instansi=None)
pemda_opd = info["instansi_kind"] in signals.PEMDA_KINDS
totals = ui.data.unit_totals(mine, v)
omb_all = ui.data.ombudsman_ratings(mine, v) if pemda_opd else ui.data.ombudsman_ratings(mine, v).iloc[0:0]
own = omb_all[omb_all["unit_code"] == unit]
omb = own if not own.empty else omb_all[omb_all["level"] == "pemda"]
mcp = ui.data.mcp_scores(mine, v) if pemda_opd else ui.data.mcp_scores(mine, v).iloc[0:0]
areas = signals.owned_areas(unit, region, ui.data.mcp_owners(v), ui.data.pemda_units(region, v))
comp = signals.mcp_comparable(mcp)
comp = comp[comp["comparable"].isin(areas)]

if not totals.empty:
    report_year = int(st.selectbox("Tahun laporan", sorted(totals["year"].unique(), reverse=True), key="laporan_tahun"))
    ui.downloads.laporan_button(unit, report_year, v)
    ui.downloads.rekap_button(mine, v, small=True)

st.subheader("Tanda yang perlu diperhatikan")
checked, notes = [], []
for year in sorted(set(totals["year"]) & (set(omb["year"]) | set(comp["year"])), reverse=True):
    last, o_now, m_now = totals[totals["year"] == year], omb[omb["year"] == year], comp[comp["year"] == year]
    checked.append(str(year))
    notes += [
        f"{year}: {n}"
        for n in signals.flags(
            float(last["total"].iloc[0]),
            None if bool(last["incomplete"].iloc[0]) else last["readiness"].iloc[0],
            o_now["zone"].iloc[0] if not o_now.empty else None,
            float(m_now["score"].mean()) if not m_now.empty else None,
            ratings.national_average(year),
        )
    ]
for n in notes:
    st.warning(n)
if not notes:
    st.success(
        "LKE, Ombudsman dan MCP tidak saling bertentangan pada tahun yang punya lebih dari satu sinyal ("
        + (", ".join(checked) or "belum ada")
        + ")."
    )

st.subheader("LKE Zona Integritas")
if totals.empty:
    ui.page.empty_state("Unit ini belum punya nilai LKE pada rentang tahun ini.")
else:
    left, right = st.columns(2)
    left.plotly_chart(lke_charts.totals_trend(totals), width="stretch")
    right.plotly_chart(lke_charts.area_lines(ui.data.area_scores(mine, v)), width="stretch")

st.subheader("Ombudsman RI")
if not pemda_opd:
    st.caption(
        f"{info['instansi_name']} adalah instansi vertikal: penilaian Ombudsman dan MCP pemda tidak "
        "berlaku untuk unit ini."
    )
elif omb.empty:
    ui.page.empty_state("Tidak dinilai Ombudsman pada rentang tahun ini (unit maupun pemdanya).")
else:
    who = "unit ini" if not own.empty else f"pemda {info['region_name']} (unit ini tidak dinilai sendiri)"
    st.plotly_chart(
        rating_charts.ombudsman_lines(omb, f.tahun_dari, f.tahun_sampai, f"Nilai Ombudsman {who}"), width="stretch"
    )

st.subheader("KPK MCP")
if pemda_opd and not areas:
    st.caption("Unit ini bukan penanggung jawab area MCP mana pun; ditampilkan nilai total pemdanya.")
totals_mcp = mcp[mcp["area_key"] == "total"]
if mcp.empty:
    ui.page.empty_state("Tidak ada nilai MCP pemda yang berlaku untuk unit ini pada rentang tahun ini.")
else:
    st.caption("Area tanggung jawab: " + (", ".join(ratings.comparable_areas()[a]["label"] for a in areas) or "–"))
    st.plotly_chart(
        rating_charts.mcp_trend(totals_mcp, comp, f.tahun_dari, f.tahun_sampai, info["region_name"]), width="stretch"
    )
