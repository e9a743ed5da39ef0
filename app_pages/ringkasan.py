"""Ringkasan: who is ready for WBK/WBBM this year, who is slipping, and what to fix first."""

import streamlit as st

import ui
from pantauzi.charts import lke as lke_charts
from pantauzi.core import fmt, vocab

f, v = ui.page.page_start("Ringkasan")
years = ui.data.lke_years(f, v)
if not years.years:
    ui.page.empty_state()
    st.stop()

year = ui.pickers.focus_year(years.years)
level = years.levels[year]
view = ui.data.ringkasan_overview(f, year, level, v)
ui.downloads.rekap_button(f, v, small=level == "unit")

c1, c2, c3, c4 = st.columns(4)
c1.metric("Siap WBBM", view.wbbm)
c2.metric("Siap WBK", view.wbk)
c3.metric("Belum siap", view.belum)
c4.metric(
    vocab.INCOMPLETE_LABEL,
    view.incomplete,
    help="Ada sub-area tanpa jawaban: dicatat, tetapi tidak pernah direkomendasikan untuk WBK/WBBM.",
)
st.caption(
    f"Tahun {year}: {fmt.num(view.units, 0)} unit dinilai. Kesiapan memakai semua kriteria "
    "PermenPANRB (nilai total, pengungkit, tiap area, IPAK, capaian kinerja, IPKP), bukan hanya nilai total."
)

if level == "unit":
    st.plotly_chart(ui.figures.cached(lke_charts.totals_bar, view.bars), width="stretch")
    if not view.trend.empty:
        st.plotly_chart(ui.figures.cached(lke_charts.totals_trend, view.trend), width="stretch")
else:
    st.plotly_chart(ui.figures.cached(lke_charts.group_bar, view.groups, view.level_name), width="stretch")
    st.caption(
        f"Terlalu banyak unit untuk satu batang per unit: dikelompokkan per {view.level_name}. "
        "Pilih wilayah atau instansi di filter samping untuk menelusuri sampai ke OPD."
    )
    if len(years.years) > 1:
        st.plotly_chart(ui.figures.cached(lke_charts.totals_band, years.summary), width="stretch")

st.subheader("Perubahan terbesar dibanding tahun sebelumnya")
moves = ui.data.movers(f, year, v)
if moves.table.empty:
    ui.page.empty_state("Belum ada tahun pembanding untuk tahun ini.")
else:
    st.dataframe(moves.table, hide_index=True, width="stretch")

st.subheader("Yang perlu dibenahi lebih dulu")
unit = ui.pickers.search_unit("Unit untuk ditinjau", f, year, v, "total", f.unit)
if unit is None:
    st.stop()
review = ui.data.unit_review(f, unit, year, v)
ui.page.profile_link(unit)
st.markdown(review.headline)
if review.steps:
    st.caption(review.steps)
left, right = st.columns(2)
with left:
    st.markdown("**Kriteria yang belum terpenuhi**")
    if review.failed_table.empty:
        st.success("Semua kriteria WBK dan WBBM terpenuhi.")
    else:
        st.dataframe(review.failed_table, hide_index=True, width="stretch")
with right:
    st.markdown("**Sub-area yang paling banyak kehilangan nilai**")
    if review.weakest_table.empty:
        st.success("Tidak ada nilai yang hilang.")
    else:
        st.dataframe(review.weakest_table, hide_index=True, width="stretch")

st.subheader(f"Tiga sinyal {year}: LKE, Ombudsman RI, KPK MCP")
three = ui.data.three_signals(f, year, v).table if level == "unit" else None
if three is None:
    st.caption("Pilih provinsi, kabupaten/kota atau instansi di filter untuk melihat tiga sinyal per OPD.")
elif three.empty:
    ui.page.empty_state()
else:
    st.dataframe(
        three,
        hide_index=True,
        width="stretch",
        column_config={
            "Profil": st.column_config.LinkColumn("Profil", display_text="buka profil"),
            "Catatan": st.column_config.TextColumn(width="large"),
        },
    )
    st.caption(
        "Ombudsman: nilai OPD sendiri bila dinilai, selain itu nilai pemdanya. MCP: area yang menjadi "
        "tanggung jawab unit (konvensi atau penetapan pemda), selain itu nilai total pemda."
    )
