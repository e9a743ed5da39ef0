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
st.info(p.headline)
st.markdown("**Tahap Zona Integritas:** " + p.stage)
st.markdown("**Predikat ZI:** " + fmt.md(p.predicate))
st.page_link(
    "app_pages/simulasi.py",
    label="Simulasi menuju WBK/WBBM",
    query_params={**st.query_params.to_dict(), "tinjau": unit},
)

if p.report_years:
    rated = {int(y) for y in p.checked}  # LKE years with an Ombudsman or MCP signal
    report_year = ui.pickers.focus_year(p.report_years, rated, label="Tahun laporan", key="laporan_tahun")
    ui.downloads.laporan_button(unit, report_year, v)
    ui.downloads.rekap_button(p.selection, v, year=report_year)
    ui.page.rincian_link(unit, report_year)

st.subheader("Tanda yang perlu diperhatikan")
for n in p.flags:
    st.warning(n)
if not p.flags:
    st.success(p.agreement)

st.subheader("LKE Zona Integritas")
if p.totals.empty:
    ui.page.empty_state("Unit ini belum punya nilai LKE pada rentang tahun ini.")
else:
    left, right = st.columns(2)
    ui.page.plot(lke_charts.totals_trend, p.totals, where=left)
    ui.page.plot(lke_charts.area_lines, p.areas, where=right)

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
    ui.page.plot(rating_charts.ombudsman_lines, p.ombudsman, f.tahun_dari, f.tahun_sampai, f"Nilai Ombudsman {who}")

st.subheader("KPK MCP")
if p.pemda_opd and not p.mcp_areas:
    st.caption("Unit ini bukan penanggung jawab area MCP mana pun; ditampilkan nilai total pemdanya.")
if p.mcp.empty:
    ui.page.empty_state("Tidak ada nilai MCP pemda yang berlaku untuk unit ini pada rentang tahun ini.")
else:
    st.caption("Area tanggung jawab: " + p.mcp_area_names)
    ui.page.plot(rating_charts.mcp_trend, p.mcp_totals, p.comparable, f.tahun_dari, f.tahun_sampai, p.region_name)
