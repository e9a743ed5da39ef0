"""Area Perubahan: the six change areas per OPD across years, pemenuhan vs reform, self vs TPI."""

import streamlit as st

import ui
from pantauzi.charts import lke as lke_charts
from pantauzi.core import fmt

f, v = ui.page.page_start("Area Perubahan")
years = ui.data.lke_years(f, v)
if not years.years:
    ui.page.empty_state()
    st.stop()

year = ui.pickers.focus_year(years.years)
level = years.levels[year]
overview = ui.data.area_overview(f, year, level, v)
ui.downloads.rekap_button(f, v, year=year)
if overview.title is None:
    ui.page.plot(lke_charts.area_heatmap, overview.heatmap)
else:
    ui.page.plot(lke_charts.area_heatmap, overview.heatmap, overview.title)
    st.caption("Pilih wilayah atau instansi di filter samping untuk menelusuri sampai ke OPD.")
st.dataframe(overview.evidence, hide_index=True, width="stretch")  # evidence share and TPI changes

unit = ui.pickers.search_unit("OPD / unit", f, year, v, "label", f.unit)
if unit is None:
    st.stop()
one = ui.data.unit_areas(f, unit, year, level, v)
ui.page.profile_link(unit)
ui.page.rincian_link(unit, year)
left, right = st.columns(2)
with left:
    ui.page.plot(lke_charts.area_lines, one.areas)
with right:
    if one.this_year.empty:
        ui.page.empty_state(f"{fmt.md(one.label)} belum dinilai pada tahun {year}.")
    else:
        ui.page.plot(lke_charts.area_radar, one.this_year)
if not one.this_year.empty:
    ui.page.plot(lke_charts.pemenuhan_reform_bar, one.this_year)
    ui.downloads.laporan_button(unit, year, v)

st.subheader("Penilaian mandiri dibanding TPI")
if one.both.empty:
    ui.page.empty_state("Belum ada unit yang memiliki nilai mandiri dan TPI pada tahun yang sama.")
else:
    ui.page.plot(lke_charts.self_vs_tpi, one.both)
