"""Ombudsman RI: compliance / opini per pemda and OPD across years; methodology changes marked."""
import streamlit as st

from pantauzi import fmt, rating_charts, ratings, ui

f, v = ui.page_start("Ombudsman RI")
st.caption("Nilai kepatuhan (≤2021) dan opini (2022+) Ombudsman RI. Metodologi berganti pada 2021, 2022 dan "
           "2025: garis putus-putus menandai pergantiannya; tahun tanpa penilaian tampil sebagai celah, bukan 0. "
           "Tahun yang hanya diumumkan zonanya (tanpa nilai) ada di tabel.")
df = ui.ombudsman_ratings(f, v)
ui.rekap_button(f, v, small=any((f.provinsi, f.kabkota, f.instansi, f.unit)))
if df.empty:
    ui.empty_state("Belum ada nilai Ombudsman untuk wilayah dan tahun ini.")
else:
    level = st.radio("Tingkat", ["pemda", "opd"], horizontal=True, key="omb_tingkat",
                     format_func={"pemda": "Pemerintah daerah", "opd": "OPD / unit layanan"}.get)
    part = df[df["level"] == level]
    if part.empty:
        ui.empty_state("Belum ada nilai pada tingkat ini.")
    else:
        st.plotly_chart(rating_charts.ombudsman_lines(part, f.tahun_dari, f.tahun_sampai,
                                                      "Nilai Ombudsman lintas tahun"), width="stretch")
        years = sorted(part["year"].unique(), reverse=True)
        year = int(st.selectbox("Tahun penilaian", years, key="omb_tahun"))
        m = ratings.ombudsman_method(year)
        st.caption(f"Metodologi {year}: {m.name}.")
        now = part[(part["year"] == year) & part["score"].notna()]
        if not now.empty:
            st.plotly_chart(rating_charts.ombudsman_compare(now, year), width="stretch")
            if now[[f"dim_{d}" for d in ratings.DIMENSIONS]].notna().any().any():
                st.plotly_chart(rating_charts.ombudsman_dimensions(now, year), width="stretch")
        table = part.assign(
            Entitas=part["entity"], Tahun=part["year"].astype(str), Nilai=part["score"].map(fmt.num),
            Zona=part["zone"].fillna("–"), Kategori=part["category"].fillna(part["published_category"]).fillna("–"),
            Metodologi=part["methodology"], Sumber=part["source"].fillna("–"),
            Data=part["synthetic"].map({True: "sintetis", False: "terbit"}))
        st.dataframe(table[["Entitas", "Tahun", "Nilai", "Zona", "Kategori", "Metodologi", "Data", "Sumber"]],
                     hide_index=True, width="stretch",
                     column_config={"Sumber": st.column_config.TextColumn(width="large")})
st.download_button("Templat Ombudsman (.xlsx)", ui.rating_template("ombudsman"), "templat-ombudsman.xlsx",
                   key="tpl_ombudsman")
