"""Area Perubahan: the six change areas per OPD across years, pemenuhan vs reform, self vs TPI."""
import streamlit as st

from pantauzi import charts, ui

f, v = ui.page_start("Area Perubahan")
df = ui.area_scores(f, v)
if df.empty:
    ui.empty_state()
    st.stop()

year = ui.focus_year(list(df["year"]))
st.plotly_chart(charts.area_heatmap(df[df["year"] == year]), width="stretch")

labels = dict(zip(df["unit"], df["label"]))
units = sorted(labels, key=labels.get)
default = f.unit if f.unit in units else units[0]
unit = ui.pick_unit("OPD / unit", labels, units, default)
one = df[df["unit"] == unit]
left, right = st.columns(2)
with left:
    st.plotly_chart(charts.area_lines(one), width="stretch")
with right:
    this_year = one[one["year"] == year]
    if this_year.empty:
        ui.empty_state(f"{labels[unit]} belum dinilai pada tahun {year}.")
    else:
        st.plotly_chart(charts.area_radar(this_year), width="stretch")
if not this_year.empty:
    st.plotly_chart(charts.pemenuhan_reform_bar(this_year), width="stretch")

st.subheader("Penilaian mandiri dibanding TPI")
both = ui.stage_comparison(f, v)
if both.empty:
    ui.empty_state("Belum ada unit yang memiliki nilai mandiri dan TPI pada tahun yang sama.")
else:
    st.plotly_chart(charts.self_vs_tpi(both[both["unit"] == unit] if unit in set(both["unit"]) else both),
                    width="stretch")
