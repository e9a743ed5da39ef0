"""Profil OPD: one unit on one page — LKE across years, Ombudsman, the MCP area it answers for, ZI stage,
and plain-language flags where the signals disagree."""

import streamlit as st

import ui
from pantauzi.charts import lke as lke_charts
from pantauzi.charts import ratings as rating_charts
from pantauzi.core import fmt

f, v = ui.page.page_start("Profil OPD")
unit = ui.pickers.lookup_unit("OPD / unit", f, v)
if unit is None:
    ui.page.empty_state("Tidak ada unit pada pilihan wilayah ini (atau yang cocok dengan pencarian).")
    st.stop()
p = ui.data.profile(f, unit, v)
st.markdown("### " + fmt.md(p.unit_name))
st.caption(f"{fmt.md(p.instansi_name)} · {fmt.md(p.region_name)}")
st.markdown("**Tahap Zona Integritas:** " + p.stage)

if p.report_years:
    report_year = int(st.selectbox("Tahun laporan", p.report_years, key="laporan_tahun"))
    ui.downloads.laporan_button(unit, report_year, v)
    ui.downloads.rekap_button(p.selection, v, small=True)

st.subheader("Tanda yang perlu diperhatikan")
for n in p.flags:
    st.warning(n)
if not p.flags:
    st.success(
        "LKE, Ombudsman dan MCP tidak saling bertentangan pada tahun yang punya lebih dari satu sinyal ("
        + (", ".join(p.checked) or "belum ada")
        + ")."
    )

st.subheader("LKE Zona Integritas")
if p.totals.empty:
    ui.page.empty_state("Unit ini belum punya nilai LKE pada rentang tahun ini.")
else:
    left, right = st.columns(2)
    left.plotly_chart(ui.figures.cached(lke_charts.totals_trend, p.totals), width="stretch")
    right.plotly_chart(ui.figures.cached(lke_charts.area_lines, p.areas), width="stretch")

st.subheader("Ombudsman RI")
if not p.pemda_opd:
    st.caption(
        f"{fmt.md(p.instansi_name)} adalah instansi vertikal: penilaian Ombudsman dan MCP pemda tidak berlaku "
        "untuk unit ini."
    )
elif p.ombudsman.empty:
    ui.page.empty_state("Tidak dinilai Ombudsman pada rentang tahun ini (unit maupun pemdanya).")
else:
    who = "unit ini" if p.ombudsman_own else f"pemda {p.region_name} (unit ini tidak dinilai sendiri)"
    st.plotly_chart(
        ui.figures.cached(
            rating_charts.ombudsman_lines, p.ombudsman, f.tahun_dari, f.tahun_sampai, f"Nilai Ombudsman {who}"
        ),
        width="stretch",
    )

st.subheader("KPK MCP")
if p.pemda_opd and not p.mcp_areas:
    st.caption("Unit ini bukan penanggung jawab area MCP mana pun; ditampilkan nilai total pemdanya.")
if p.mcp.empty:
    ui.page.empty_state("Tidak ada nilai MCP pemda yang berlaku untuk unit ini pada rentang tahun ini.")
else:
    st.caption("Area tanggung jawab: " + p.mcp_area_names)
    st.plotly_chart(
        ui.figures.cached(
            rating_charts.mcp_trend, p.mcp_totals, p.comparable, f.tahun_dari, f.tahun_sampai, p.region_name
        ),
        width="stretch",
    )
