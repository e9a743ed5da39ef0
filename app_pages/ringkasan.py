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

year = ui.pickers.focus_year(years.years, ui.pickers.rating_years(f, v))
level = years.levels[year]
view = ui.data.ringkasan_overview(f, year, level, v)
ui.downloads.rekap_button(f, v, year=year)
ui.downloads.wilayah_button(f, year, v)

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
    "PermenPANRB (nilai total, pengungkit, tiap area, IPAK, capaian kinerja, IPKP), bukan hanya nilai total. "
    f"Kelengkapan bukti dukung: {fmt.pct(view.evidence_share) if view.evidence_share is not None else '–'} "
    f"dari jawaban; {fmt.num(view.tpi_changed, 0)} jawaban diubah TPI pada {fmt.num(view.tpi_units, 0)} unit."
)

if level == "unit":
    ui.page.plot(lke_charts.totals_bar, view.bars)
    if not view.trend.empty:
        ui.page.plot(lke_charts.totals_trend, view.trend)
else:
    ui.page.plot(lke_charts.group_bar, view.groups, view.level_name)
    st.caption(
        f"Terlalu banyak unit untuk satu batang per unit: dikelompokkan per {view.level_name}. "
        "Pilih wilayah atau instansi di filter samping untuk menelusuri sampai ke OPD."
    )
    if len(years.years) > 1:
        ui.page.plot(lke_charts.totals_band, years.summary)

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
ui.page.rincian_link(unit, year)
st.markdown(review.headline)
if review.steps:
    st.caption(review.steps)
# one under the other: side by side at 1440 px each half hid its answer (Syarat, Hilang) behind a scroll
st.markdown("**Kriteria yang belum terpenuhi**")
if review.failed_table.empty:
    st.success("Semua kriteria WBK dan WBBM terpenuhi.")
else:
    ui.page.table(
        review.failed_table,
        ["Predikat", "Nilai", "Syarat", "Kriteria"],
        Predikat=st.column_config.TextColumn(width=70),
        Nilai=st.column_config.TextColumn(width=70),
        Syarat=st.column_config.TextColumn(width=100),
        Kriteria=st.column_config.TextColumn(width="large"),
    )
st.markdown("**Sub-area yang paling banyak kehilangan nilai**")
if review.weakest_table.empty:
    st.success("Tidak ada nilai yang hilang.")
else:
    ui.page.table(
        review.weakest_table,
        ["Hilang", "Sub-area", "Nilai", "Bobot", "Area"],
        Hilang=st.column_config.TextColumn(width=70),
        Nilai=st.column_config.TextColumn(width=60),
        Bobot=st.column_config.TextColumn(width=60),
        Area=st.column_config.TextColumn(width="medium"),
        **{"Sub-area": st.column_config.TextColumn(width="large")},
    )

st.subheader(f"Tiga sinyal {year}: LKE, Ombudsman RI, KPK MCP")
three = ui.data.three_signals(f, year, v).table if level == "unit" else None
if three is None:
    st.caption("Pilih provinsi, kabupaten/kota atau instansi di filter untuk melihat tiga sinyal per OPD.")
elif three.empty:
    ui.page.empty_state()
else:
    ui.page.table(
        three,
        ["Unit", "Profil", "Kesiapan", "Nilai LKE", "Ombudsman", "KPK MCP", "Catatan"],
        Unit=st.column_config.TextColumn(width=160, pinned=True),
        Profil=st.column_config.LinkColumn("Profil", display_text="buka profil", width=90),
        Kesiapan=st.column_config.TextColumn(width=95),
        **{
            "Nilai LKE": st.column_config.TextColumn(width=70),
            "KPK MCP": st.column_config.TextColumn(width=140),
            "Bukti dukung": st.column_config.TextColumn(width=80),
            "Diubah TPI": st.column_config.TextColumn(width=70),
        },
        Ombudsman=st.column_config.TextColumn(width=140),
        Catatan=st.column_config.TextColumn(width=120),  # the whole note on hover
    )
    st.caption(
        "Ombudsman: nilai OPD sendiri bila dinilai, selain itu nilai pemdanya. MCP: area yang menjadi "
        "tanggung jawab unit (konvensi atau penetapan pemda), selain itu nilai total pemda."
    )
