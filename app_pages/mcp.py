"""KPK MCP: per pemda across years and per area; the 2024 area change and the national average marked."""

import streamlit as st

import ui
from pantauzi.charts import ratings as rating_charts
from pantauzi.core import fmt, ratings, signals

f, v = ui.page.page_start("KPK MCP")
st.caption(
    "Monitoring Center for Prevention KPK: nilai 0–100 per pemda dan area. Himpunan area berubah pada "
    "2024; tren lintas 2024 memakai area pembanding."
)
ui.downloads.rekap_button(f, v, small=any((f.provinsi, f.kabkota, f.instansi, f.unit)))
st.download_button("Templat KPK MCP (.xlsx)", ui.downloads.rating_template("mcp"), "templat-mcp.xlsx", key="tpl_mcp")
summary = ui.data.mcp_summary(f, v)
if summary.empty:
    ui.page.empty_state("Belum ada nilai MCP untuk wilayah dan tahun ini.")
    st.stop()
years = sorted(summary["year"].unique(), reverse=True)
year = int(st.selectbox("Tahun", years, key="mcp_tahun"))
pemda = int(summary.loc[summary["year"] == year, "pemda"].iloc[0])
if pemda > rating_charts.MAX_ROWS:
    st.plotly_chart(
        rating_charts.mcp_heatmap(
            ui.data.mcp_by_provinsi(f, year, v),
            year,
            f"KPK MCP {year}: rata-rata per provinsi ({fmt.num(pemda, 0)} pemda; area tahun {year})",
        ),
        width="stretch",
    )
    st.caption(
        "Terlalu banyak pemda untuk satu baris per pemda: rata-rata pemda per provinsi. Pilih provinsi "
        "di filter samping untuk melihat tiap pemda; tabel di bawah memuat semua pemda."
    )
else:
    st.plotly_chart(rating_charts.mcp_heatmap(ui.data.mcp_scores(f, v, year), year), width="stretch")
now = ui.data.mcp_scores(f, v, year, "total").sort_values("score")
nat = ratings.national_average(year)
if not now.empty:
    table = now.assign(
        Pemda=now["region_name"],
        Nilai=now["score"].map(fmt.num),
        Pita=[ratings.mcp_band(s) for s in now["score"]],
        Sumber=now["source"].fillna("–"),
    )
    shown = ["Pemda", "Nilai", "Pita", "Sumber"]
    if nat is not None:
        table = table.assign(
            Nasional=fmt.num(nat), Selisih=[("+" if s >= nat else "−") + fmt.num(abs(s - nat)) for s in now["score"]]
        )
        shown = ["Pemda", "Nilai", "Nasional", "Selisih", "Pita", "Sumber"]
    st.dataframe(table[shown], hide_index=True, width="stretch")
if nat is None:
    st.caption(f"Rata-rata nasional {year} belum diketahui.")
if not now.empty:
    names = dict(zip(now["region_code"], now["region_name"]))
    region = st.selectbox("Pemda", sorted(names, key=names.get), format_func=names.get, key="mcp_pemda")
    one = ui.data.mcp_scores(f, v, region=region)
    st.plotly_chart(
        rating_charts.mcp_trend(
            one[one["area_key"] == "total"], signals.mcp_comparable(one), f.tahun_dari, f.tahun_sampai, names[region]
        ),
        width="stretch",
    )
