"""Ombudsman RI: compliance / opini per pemda and OPD across years; methodology changes marked."""
import streamlit as st

from pantauzi import fmt, rating_charts, ratings, ui

f, v = ui.page_start("Ombudsman RI")
st.caption("Nilai kepatuhan (≤2021) dan opini (2022+) Ombudsman RI. Metodologi berganti pada 2021, 2022 dan "
           "2025: garis putus-putus menandai pergantiannya; tahun tanpa penilaian tampil sebagai celah, bukan 0. "
           "Tahun yang hanya diumumkan zonanya (tanpa nilai) ada di tabel.")
df = ui.ombudsman_ratings(f, v)
ui.rekap_button(f, v, small=any((f.provinsi, f.kabkota, f.instansi, f.unit)))
st.download_button("Templat Ombudsman (.xlsx)", ui.rating_template("ombudsman"), "templat-ombudsman.xlsx",
                   key="tpl_ombudsman")
if df.empty:
    ui.empty_state("Belum ada nilai Ombudsman untuk wilayah dan tahun ini.")
    st.stop()
level = st.radio("Tingkat", ["pemda", "opd"], horizontal=True, key="omb_tingkat",
                 format_func={"pemda": "Pemerintah daerah", "opd": "OPD / unit layanan"}.get)
part = df[df["level"] == level]
if part.empty:
    ui.empty_state("Belum ada nilai pada tingkat ini.")
    st.stop()
entities = part["entity"].nunique()
grouped = ui.ombudsman_by_provinsi(f, level, v) if entities > rating_charts.MAX_ROWS else None
if grouped is not None:
    st.plotly_chart(rating_charts.ombudsman_heatmap(
        grouped, f.tahun_dari, f.tahun_sampai, f"Rata-rata nilai Ombudsman per provinsi ({fmt.num(entities, 0)} "
        "entitas)", label="label", counts=True), width="stretch")
    st.caption("Terlalu banyak entitas untuk satu garis per entitas: dikelompokkan per provinsi (rata-rata nilai "
               "dan jumlah per zona). Pilih provinsi di filter samping untuk melihat tiap pemda.")
elif entities > rating_charts.MAX_LINES:
    st.plotly_chart(rating_charts.ombudsman_heatmap(part, f.tahun_dari, f.tahun_sampai,
                                                    "Nilai Ombudsman lintas tahun"), width="stretch")
else:
    st.plotly_chart(rating_charts.ombudsman_lines(part, f.tahun_dari, f.tahun_sampai,
                                                  "Nilai Ombudsman lintas tahun"), width="stretch")
years = sorted(part["year"].unique(), reverse=True)
year = int(st.selectbox("Tahun penilaian", years, key="omb_tahun"))
st.caption(f"Metodologi {year}: {ratings.ombudsman_method(year).name}.")
now = part[(part["year"] == year) & part["score"].notna()]
if grouped is not None:
    by_prov = grouped[(grouped["year"] == year) & grouped["score"].notna()]
    if not by_prov.empty:
        st.plotly_chart(rating_charts.ombudsman_compare(by_prov.assign(
            entity=by_prov["label"], zone=[ratings.ombudsman_method(year).band(s).zone for s in by_prov["score"]]),
            year), width="stretch")
elif not now.empty:
    st.plotly_chart(rating_charts.ombudsman_compare(now, year), width="stretch")
    if len(now) <= rating_charts.MAX_LINES and now[[f"dim_{d}" for d in ratings.DIMENSIONS]].notna().any().any():
        st.plotly_chart(rating_charts.ombudsman_dimensions(now, year), width="stretch")
shown = part[part["year"] == year].sort_values("score", na_position="last") if grouped is not None else part
if grouped is not None:
    st.caption(f"Tabel: {fmt.num(len(shown), 0)} entitas tahun {year}, nilai terendah lebih dulu.")
table = shown.assign(
    Entitas=shown["entity"], Tahun=shown["year"].astype(str), Nilai=shown["score"].map(fmt.num),
    Zona=shown["zone"].fillna("–"), Kategori=shown["category"].fillna(shown["published_category"]).fillna("–"),
    Metodologi=shown["methodology"], Sumber=shown["source"].fillna("–"),
    Data=shown["synthetic"].map({True: "sintetis", False: "terbit"}))
st.dataframe(table[["Entitas", "Tahun", "Nilai", "Zona", "Kategori", "Metodologi", "Data", "Sumber"]],
             hide_index=True, width="stretch", column_config={"Sumber": st.column_config.TextColumn(width="large")})
