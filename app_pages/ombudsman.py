"""Ombudsman RI: compliance / opini per pemda and OPD across years; methodology changes marked."""

import streamlit as st

import ui
from pantauzi.charts import ratings as rating_charts
from pantauzi.core import fmt

f, v = ui.page.page_start("Ombudsman RI")
st.caption(
    "Nilai kepatuhan (≤2021) dan opini (2022+) Ombudsman RI. Metodologi berganti pada 2021, 2022 dan "
    "2025: garis putus-putus menandai pergantiannya; tahun tanpa penilaian tampil sebagai celah, bukan 0. "
    "Tahun yang hanya diumumkan zonanya (tanpa nilai) ada di tabel."
)
ui.downloads.rekap_button(f, v, small=any((f.provinsi, f.kabkota, f.instansi, f.unit)))
st.download_button(
    "Templat Ombudsman (.xlsx)",
    ui.downloads.rating_template("ombudsman"),
    "templat-ombudsman.xlsx",
    key="tpl_ombudsman",
)
summary = ui.data.ombudsman_summary(f, v)
if summary.summary.empty:
    ui.page.empty_state("Belum ada nilai Ombudsman untuk wilayah dan tahun ini.")
    st.stop()
level = st.radio(
    "Tingkat",
    ["pemda", "opd"],
    horizontal=True,
    key="omb_tingkat",
    format_func={"pemda": "Pemerintah daerah", "opd": "OPD / unit layanan"}.get,
)
if level not in summary.entities:
    ui.page.empty_state("Belum ada nilai pada tingkat ini.")
    st.stop()
entities = summary.entities[level]
chart = st.container()  # the overview comes first on the page, its data once the year below is chosen
year = int(st.selectbox("Tahun penilaian", summary.years[level], key="omb_tahun"))
view = ui.data.ombudsman_view(f, level, year, entities, v)
st.caption(f"Metodologi {year}: {view.method}.")
if view.by_provinsi:  # national: per provinsi, the table one year at a time
    chart.plotly_chart(
        ui.figures.cached(
            rating_charts.ombudsman_heatmap,
            view.grouped,
            f.tahun_dari,
            f.tahun_sampai,
            f"Rata-rata nilai Ombudsman per provinsi (sampai {fmt.num(entities, 0)} entitas per tahun)",
            label="label",
            counts=True,
        ),
        width="stretch",
    )
    chart.caption(
        "Terlalu banyak entitas untuk satu garis per entitas: dikelompokkan per provinsi (rata-rata nilai "
        "dan jumlah per zona). Pilih provinsi di filter samping untuk melihat tiap pemda."
    )
    if not view.compare.empty:
        st.plotly_chart(ui.figures.cached(rating_charts.ombudsman_compare, view.compare, year), width="stretch")
    st.caption(f"Tabel: {fmt.num(len(view.table), 0)} entitas tahun {year}, nilai terendah lebih dulu.")
else:
    lines = rating_charts.ombudsman_heatmap if entities > rating_charts.MAX_LINES else rating_charts.ombudsman_lines
    chart.plotly_chart(
        ui.figures.cached(lines, view.ratings, f.tahun_dari, f.tahun_sampai, "Nilai Ombudsman lintas tahun"),
        width="stretch",
    )
    if not view.compare.empty:
        st.plotly_chart(ui.figures.cached(rating_charts.ombudsman_compare, view.compare, year), width="stretch")
    if view.dimensions:
        st.plotly_chart(ui.figures.cached(rating_charts.ombudsman_dimensions, view.compare, year), width="stretch")
st.dataframe(
    view.table,
    hide_index=True,
    width="stretch",
    column_config={"Sumber": st.column_config.TextColumn(width="large")},
)
