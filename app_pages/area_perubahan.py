"""Area Perubahan: the six change areas per OPD across years, pemenuhan vs reform, self vs TPI."""
import streamlit as st

from pantauzi import charts, ui

st.title("Area Perubahan")
ui.demo_banner()
f = ui.current_filter()
v = ui.data_version()
df = ui.area_scores(f, v)
if df.empty:
    ui.empty_state()
    st.stop()

years = sorted(df["year"].unique(), reverse=True)
year = st.selectbox("Tahun penilaian", years, index=years.index(ui.page_param("tahun", years, years[0])))
ui.set_page_param("tahun", year)
st.plotly_chart(charts.area_heatmap(df[df["year"] == year]), width="stretch")

labels = dict(zip(df["unit"], df["label"]))
units = sorted(labels, key=labels.get)
default = f.unit if f.unit in units else units[0]
unit = st.selectbox("OPD / unit", units, format_func=labels.get,
                    index=units.index(ui.page_param("tinjau", units, default)))
ui.set_page_param("tinjau", unit)
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
