"""Area Perubahan: the six change areas per OPD across years, pemenuhan vs reform, self vs TPI."""

import streamlit as st

import ui
from pantauzi.charts import lke as lke_charts
from pantauzi.core.filters import Filter, group_level
from pantauzi.core.vocab import LEVEL_NAMES

f, v = ui.page.page_start("Area Perubahan")
summary = ui.data.year_summary(f, v)
if summary.empty:
    ui.page.empty_state()
    st.stop()

year = ui.pickers.focus_year(list(summary["year"]))
level = group_level(f, int(summary.loc[summary["year"] == year, "units"].iloc[0]))
heat = ui.data.area_by_group(f, year, level, v)
ui.downloads.rekap_button(f, v, small=level == "unit")
if level == "unit":
    st.plotly_chart(lke_charts.area_heatmap(heat), width="stretch")
else:
    st.plotly_chart(
        lke_charts.area_heatmap(heat, f"Rata-rata capaian area perubahan per {LEVEL_NAMES[level]} (% dari bobot)"),
        width="stretch",
    )
    st.caption("Pilih wilayah atau instansi di filter samping untuk menelusuri sampai ke OPD.")

unit = ui.pickers.search_unit("OPD / unit", f, year, v, "label", f.unit)
if unit is None:
    st.stop()
mine = Filter(f.provinsi, f.kabkota, f.instansi, unit, f.tahun_dari, f.tahun_sampai, f.tahap)
one = ui.data.area_scores(mine, v)
ui.page.profile_link(unit)
label = one["label"].iloc[0]
left, right = st.columns(2)
with left:
    st.plotly_chart(lke_charts.area_lines(one), width="stretch")
with right:
    this_year = one[one["year"] == year]
    if this_year.empty:
        ui.page.empty_state(f"{label} belum dinilai pada tahun {year}.")
    else:
        st.plotly_chart(lke_charts.area_radar(this_year), width="stretch")
if not this_year.empty:
    st.plotly_chart(lke_charts.pemenuhan_reform_bar(this_year), width="stretch")
    ui.downloads.laporan_button(unit, int(year), v)

st.subheader("Penilaian mandiri dibanding TPI")
both = ui.data.stage_comparison(mine, v)
if both.empty and level == "unit":
    both = ui.data.stage_comparison(f, v)  # a small selection: every unit's pairs
if both.empty:
    ui.page.empty_state("Belum ada unit yang memiliki nilai mandiri dan TPI pada tahun yang sama.")
else:
    st.plotly_chart(lke_charts.self_vs_tpi(both), width="stretch")
