"""KPK MCP: per pemda across years and per area; the 2024 area change and the national average marked."""

import streamlit as st

import ui
from pantauzi.charts import ratings as rating_charts

f, v = ui.page.page_start("KPK MCP")
st.caption(
    "Monitoring Center for Prevention KPK: nilai 0–100 per pemda dan area. Himpunan area berubah pada "
    "2024; tren lintas 2024 memakai area pembanding."
)
rekap = st.container()  # the recap of the focus year chosen below
ui.downloads.offer("Templat KPK MCP (.xlsx)", ui.downloads.rating_template("mcp"), "templat-mcp.xlsx", "tpl_mcp")
years = ui.data.mcp_years(f, v)
if not years.years:
    ui.page.empty_state("Belum ada nilai MCP untuk wilayah dan tahun ini.")
    st.stop()
year = ui.pickers.focus_year(years.years, label="Tahun", key="mcp_tahun")
with rekap:
    ui.downloads.rekap_button(f, v, year=year)
view = ui.data.mcp_year(f, year, years.pemda[year], v)
ui.page.plot(rating_charts.mcp_heatmap, view.heatmap, year, view.title)
if view.by_provinsi:
    st.caption(
        "Terlalu banyak pemda untuk satu baris per pemda: rata-rata pemda per provinsi. Pilih provinsi "
        "di filter samping untuk melihat tiap pemda; tabel di bawah memuat semua pemda."
    )
if not view.table.empty:
    st.dataframe(view.table, hide_index=True, width="stretch")
if view.national is None:
    st.caption(f"Rata-rata nasional {year} belum diketahui.")
if view.names:
    names = view.names
    region = ui.filter.page_select(
        "Pemda", "pemda", sorted(names, key=names.__getitem__), format_func=names.get, key="mcp_pemda"
    )
    trend = ui.data.mcp_trend(f, region, v)
    ui.page.plot(rating_charts.mcp_trend, trend.totals, trend.comparable, f.tahun_dari, f.tahun_sampai, trend.name)
