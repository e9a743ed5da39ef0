"""Simulasi: the fewest answer improvements from a unit-year's latest stage to WBK or WBBM, editable and
rescored on every edit, saved as an Excel action list."""

import streamlit as st

import ui
from pantauzi.core import fmt
from pantauzi.pagedata.simulasi import ALL_OPTIONS, TARGET_LABELS

f, v = ui.page.page_start("Simulasi")
st.caption(
    "Jalan terpendek menuju WBK atau WBBM: jawaban paling sedikit yang perlu diperbaiki agar setiap kriteria "
    "kesiapan terpenuhi, dihitung ulang dengan penilai PantauZI."
)
years = ui.data.lke_years(f, v)
if not years.years:
    ui.page.empty_state()
    st.stop()
left, right = st.columns(2)
with left:
    year = ui.pickers.focus_year(years.years)
with right:
    target = ui.filter.page_select(
        "Target", "target", list(TARGET_LABELS), "wbk", radio=True, format_func=TARGET_LABELS.get, horizontal=True
    )
unit = ui.pickers.search_unit("OPD / unit", f, year, v, "label", st.query_params.get("tinjau") or f.unit)
if unit is None:
    st.stop()
view = ui.data.simulasi(unit, year, target, v)
if view.plan is None:
    ui.page.empty_state(f"{fmt.md(view.unit_name)} belum dinilai pada tahun {year}.")
    st.stop()
ui.page.profile_link(unit)
st.caption(
    f"Dari tahap {view.stage_label} ({fmt.md(view.methodology_title)}); predikat Menuju WBK sebelum {year}: "
    + ("ada" if view.holds_wbk else "tidak tercatat")
    + "."
)
for reason in view.plan.reasons:
    st.warning(fmt.md(reason))
if not view.survey.empty:
    st.subheader("Bukan jawaban: nilai yang harus dicapai")
    st.dataframe(view.survey, hide_index=True, width="stretch")

st.subheader("Rencana perbaikan jawaban")
st.info(fmt.md(view.summary))
edited = st.data_editor(
    view.table,
    hide_index=True,
    width="stretch",
    disabled=["No", "Area", "Pertanyaan", "Jawaban kini", "Poin", "Kriteria"],
    column_config={
        "Pakai": st.column_config.CheckboxColumn("Pakai", help="Hapus centang untuk mengeluarkan baris ini"),
        "Usulan": st.column_config.SelectboxColumn("Usulan", options=ALL_OPTIONS, required=True),
        "Poin": st.column_config.TextColumn("Poin", help="Tambahan nilai total dari usulan rencana ini saja"),
        "Pertanyaan": st.column_config.TextColumn("Pertanyaan", width="medium"),
        "qid": None,
    },
    key=f"rencana-{unit}-{year}-{target}",
)
check = ui.data.simulasi_check(view, edited)
for problem in check.problems:
    st.error(fmt.md(problem))
c1, c2, c3 = st.columns(3)
c1.metric("Nilai total kini", fmt.num(check.total_today))
c2.metric("Nilai total dengan rencana", fmt.num(check.total), delta=fmt.num(check.total - check.total_today))
c3.metric("Pengungkit dengan rencana", fmt.num(check.pengungkit))
(st.success if check.meets else st.warning)(fmt.md(check.status))
st.dataframe(check.criteria, hide_index=True, width="stretch")
st.caption(fmt.md(view.method_note))
if not check.rows.empty:
    plan = ui.downloads.prepared(  # built on request, not on every edit
        "daftar-tindakan",
        (unit, year, target, v, check.rows.to_csv(index=False)),
        "Siapkan daftar tindakan (Excel)",
        lambda: ui.data.action_list(view, check),
        "Menyusun daftar tindakan…",
    )
    if plan is not None:
        ui.downloads.offer(
            "Unduh daftar tindakan (Excel)",
            plan,
            f"simulasi-{unit}-{year}-{target}.xlsx",
            "daftar-tindakan",
            ui.downloads.XLSX,
        )
