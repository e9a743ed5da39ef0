"""Ombudsman RI: compliance / opini per pemda and OPD across years; methodology changes marked."""

import streamlit as st

import ui
from pantauzi.charts import ratings as rating_charts
from pantauzi.core import fmt, ratings

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
if summary.empty:
    ui.page.empty_state("Belum ada nilai Ombudsman untuk wilayah dan tahun ini.")
    st.stop()
level = st.radio(
    "Tingkat",
    ["pemda", "opd"],
    horizontal=True,
    key="omb_tingkat",
    format_func={"pemda": "Pemerintah daerah", "opd": "OPD / unit layanan"}.get,
)
mine = summary[summary["level"] == level]
if mine.empty:
    ui.page.empty_state("Belum ada nilai pada tingkat ini.")
    st.stop()
entities = int(mine["entities"].max())  # the most entities any one year rated
years = sorted(mine["year"].unique(), reverse=True)
if entities > rating_charts.MAX_ROWS:  # national: per provinsi, the table one year at a time
    grouped = ui.data.ombudsman_by_provinsi(f, level, v)
    st.plotly_chart(
        rating_charts.ombudsman_heatmap(
            grouped,
            f.tahun_dari,
            f.tahun_sampai,
            f"Rata-rata nilai Ombudsman per provinsi (sampai {fmt.num(entities, 0)} entitas per tahun)",
            label="label",
            counts=True,
        ),
        width="stretch",
    )
    st.caption(
        "Terlalu banyak entitas untuk satu garis per entitas: dikelompokkan per provinsi (rata-rata nilai "
        "dan jumlah per zona). Pilih provinsi di filter samping untuk melihat tiap pemda."
    )
    year = int(st.selectbox("Tahun penilaian", years, key="omb_tahun"))
    st.caption(f"Metodologi {year}: {ratings.ombudsman_method(year).name}.")
    by_prov = grouped[(grouped["year"] == year) & grouped["score"].notna()]
    if not by_prov.empty:
        band = ratings.ombudsman_method(year).band
        st.plotly_chart(
            rating_charts.ombudsman_compare(
                by_prov.assign(entity=by_prov["label"], zone=[band(s).zone for s in by_prov["score"]]), year
            ),
            width="stretch",
        )
    shown = ui.data.ombudsman_ratings(f, v, level, year).sort_values("score", na_position="last")
    st.caption(f"Tabel: {fmt.num(len(shown), 0)} entitas tahun {year}, nilai terendah lebih dulu.")
else:
    shown = ui.data.ombudsman_ratings(f, v, level)
    chart = rating_charts.ombudsman_heatmap if entities > rating_charts.MAX_LINES else rating_charts.ombudsman_lines
    st.plotly_chart(chart(shown, f.tahun_dari, f.tahun_sampai, "Nilai Ombudsman lintas tahun"), width="stretch")
    year = int(st.selectbox("Tahun penilaian", years, key="omb_tahun"))
    st.caption(f"Metodologi {year}: {ratings.ombudsman_method(year).name}.")
    now = shown[(shown["year"] == year) & shown["score"].notna()]
    if not now.empty:
        st.plotly_chart(rating_charts.ombudsman_compare(now, year), width="stretch")
        if len(now) <= rating_charts.MAX_LINES and now[[f"dim_{d}" for d in ratings.DIMENSIONS]].notna().any().any():
            st.plotly_chart(rating_charts.ombudsman_dimensions(now, year), width="stretch")
table = shown.assign(
    Entitas=shown["entity"],
    Tahun=shown["year"].astype(str),
    Nilai=shown["score"].map(fmt.num),
    Zona=shown["zone"].fillna("–"),
    Kategori=shown["category"].fillna(shown["published_category"]).fillna("–"),
    Metodologi=shown["methodology"],
    Sumber=shown["source"].fillna("–"),
    Data=shown["synthetic"].map({True: "sintetis", False: "terbit"}),
)
st.dataframe(
    table[["Entitas", "Tahun", "Nilai", "Zona", "Kategori", "Metodologi", "Data", "Sumber"]],
    hide_index=True,
    width="stretch",
    column_config={"Sumber": st.column_config.TextColumn(width="large")},
)
