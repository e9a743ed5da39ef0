"""Rincian Jawaban: one unit and year question by question — each stage's answer, its value and points,
notes, evidence, what the TPI changed — with four filters and an Excel/CSV download (issue 21)."""

import streamlit as st

import ui
from pantauzi.core import fmt
from pantauzi.pagedata.answers import FILTERS, POINTS_RULE

f, v = ui.page.page_start("Rincian Jawaban")
unit = ui.pickers.lookup_unit("OPD / unit", f, v)
if unit is None:
    ui.page.empty_state("Tidak ada unit pada pilihan wilayah ini (atau yang cocok dengan pencarian).")
    st.stop()
years = ui.data.rincian_years(unit, v)
if not years:
    ui.page.empty_state("Unit ini belum punya LKE tersimpan.")
    st.stop()
year = ui.pickers.focus_year(years)
top = st.container()  # the summary, drawn above the filters once the page data is read
st.subheader("Jawaban per pertanyaan")
boxes = st.columns(len(FILTERS))
chosen = frozenset(k for box, (k, label) in zip(boxes, FILTERS.items()) if box.checkbox(label, key=f"saring_{k}"))
view = ui.data.rincian_jawaban(unit, year, chosen, v)
if view is None:
    ui.page.empty_state(f"Belum ada LKE unit ini pada tahun {year}.")
    st.stop()
with top:
    ui.page.profile_link(unit)
    st.markdown(view.headline)
    c1, c2, c3 = st.columns(3)
    c1.metric("Kelengkapan bukti dukung", fmt.pct(view.with_evidence / view.answered) if view.answered else "–")
    c1.caption(f"{view.with_evidence} dari {view.answered} pertanyaan yang dijawab punya bukti dukung.")
    if view.changed >= 0:
        c2.metric("Jawaban diubah TPI", view.changed)
        c3.metric("Selisih nilai TPI − mandiri", fmt.num(view.changed_points))
    else:
        c2.caption("Perubahan oleh TPI: unit-tahun ini belum punya penilaian mandiri dan TPI sekaligus.")
    st.dataframe(view.summary, hide_index=True, width="stretch")

st.caption(f"{view.shown} baris ditampilkan.")
if view.table.empty:
    ui.page.empty_state("Tidak ada pertanyaan yang cocok dengan saringan ini.")
else:
    st.dataframe(
        view.table,
        hide_index=True,
        width="stretch",
        height=600 if view.shown > 15 else "auto",
        column_config={
            view.link_column: st.column_config.LinkColumn(view.link_column, display_text="buka tautan"),
            "Nomor": st.column_config.TextColumn(width="small", pinned=True),
            "Pertanyaan": st.column_config.TextColumn(width="medium"),
        },
    )
    ui.downloads.table_buttons(view.download, f"rincian-jawaban-{unit}-{year}", "rincian", (unit, year, chosen, v))
st.caption(POINTS_RULE)
