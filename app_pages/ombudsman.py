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
rekap = st.container()  # the recap of the focus year chosen below
ui.downloads.offer(
    "Templat Ombudsman (.xlsx)", ui.downloads.rating_template("ombudsman"), "templat-ombudsman.xlsx", "tpl_ombudsman"
)
summary = ui.data.ombudsman_summary(f, v)
if summary.summary.empty:
    ui.page.empty_state("Belum ada nilai Ombudsman untuk wilayah dan tahun ini.")
    st.stop()
level = ui.filter.page_select(
    "Tingkat",
    "tingkat",
    ["pemda", "opd"],
    key="omb_tingkat",
    radio=True,
    horizontal=True,
    format_func={"pemda": "Pemerintah daerah", "opd": "OPD / unit layanan"}.get,
)
if level not in summary.entities:
    ui.page.empty_state("Belum ada nilai pada tingkat ini.")
    st.stop()
entities = summary.entities[level]
chart = st.container()  # the overview comes first on the page, its data once the year below is chosen
year = ui.pickers.focus_year(summary.years[level], key="omb_tahun")
with rekap:
    ui.downloads.rekap_button(f, v, year=year)
view = ui.data.ombudsman_view(f, level, year, entities, v)
st.caption(f"Metodologi {year}: {view.method}.")
if view.by_provinsi:  # national: per provinsi, the table one year at a time
    ui.page.plot(
        rating_charts.ombudsman_heatmap,
        view.grouped,
        f.tahun_dari,
        f.tahun_sampai,
        f"Rata-rata nilai Ombudsman per provinsi (sampai {fmt.num(entities, 0)} entitas per tahun)",
        label="label",
        counts=True,
        where=chart,
    )
    chart.caption(
        "Terlalu banyak entitas untuk satu garis per entitas: dikelompokkan per provinsi (rata-rata nilai "
        "dan jumlah per zona). Pilih provinsi di filter samping untuk melihat tiap pemda."
    )
    if not view.compare.empty:
        ui.page.plot(rating_charts.ombudsman_compare, view.compare, year)
    st.caption(f"Tabel: {fmt.num(len(view.table), 0)} entitas tahun {year}, nilai terendah lebih dulu.")
else:
    lines = rating_charts.ombudsman_heatmap if entities > rating_charts.MAX_LINES else rating_charts.ombudsman_lines
    ui.page.plot(lines, view.ratings, f.tahun_dari, f.tahun_sampai, "Nilai Ombudsman lintas tahun", where=chart)
    if not view.compare.empty:
        ui.page.plot(rating_charts.ombudsman_compare, view.compare, year)
    if view.dimensions:
        ui.page.plot(rating_charts.ombudsman_dimensions, view.compare, year)
st.dataframe(
    view.table,
    hide_index=True,
    width="stretch",
    column_config={"Sumber": st.column_config.TextColumn(width="large")},
)
