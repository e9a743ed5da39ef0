"""Predikat ZI (admin): record which units hold WBK/WBBM and since when — pencanangan, usulan, predikat,
pencabutan with year, date and decree (SK); by form or Excel template. The readiness rule (WBBM needs an
earlier WBK predicate) reads these records: saving recomputes the stored readiness of the unit."""

import datetime as dt

import streamlit as st

import ui
from pantauzi.core import fmt, vocab
from pantauzi.core import milestones as rules
from pantauzi.core.problems import WorkbookRejected

user = ui.auth.page_user()
ui.auth.require_role(user, "admin")
f, v = ui.page.page_start("Predikat ZI")
view = ui.data.milestones(f, v)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def saved(outcome, what: str) -> None:
    st.session_state["_predikat_ok"] = (
        f"{what}: {outcome.saved} disimpan, {outcome.removed} dihapus; kesiapan {outcome.recomputed} "
        "pengajuan berubah karena aturan WBBM memerlukan predikat WBK sebelumnya."
    )
    st.rerun()


def refused(exc: WorkbookRejected) -> None:
    st.error("Tidak disimpan (tidak ada yang berubah):")
    for p in exc.problems[:20]:
        st.text("• " + p.render())


if "_predikat_ok" in st.session_state:
    st.success(st.session_state.pop("_predikat_ok"))

st.subheader("Predikat yang dipegang", anchor=False)
if view.held.empty:
    ui.page.empty_state("Belum ada unit pada pilihan ini yang tercatat memegang predikat WBK/WBBM.")
else:
    st.dataframe(view.held, hide_index=True, width="stretch")

st.subheader("Tonggak tercatat", anchor=False)
if view.table.empty:
    ui.page.empty_state("Belum ada tonggak ZI yang tercatat untuk pilihan ini.")
else:
    st.dataframe(view.table, hide_index=True, width="stretch")

st.subheader("Tambah atau ubah tonggak", anchor=False)
unit = ui.pickers.lookup_unit("OPD / unit", f, v)
if unit is None:
    ui.page.empty_state("Tidak ada unit pada pilihan wilayah ini.")
else:
    with st.form("tonggak_baru", clear_on_submit=True):
        c1, c2 = st.columns(2)
        kind = c1.selectbox("Tonggak", vocab.MILESTONE_KINDS, format_func=vocab.MILESTONE_LABELS.get, key="tg_jenis")
        year = c2.number_input("Tahun", rules.YEARS[0], rules.YEARS[1], dt.date.today().year, step=1, key="tg_tahun")
        date = c1.date_input("Tanggal (opsional)", value=None, format="DD-MM-YYYY", key="tg_tanggal")
        decree = c2.text_input("Nomor SK (opsional)", max_chars=rules.DECREE_MAX, key="tg_sk")
        note = st.text_input("Catatan (opsional)", max_chars=rules.NOTE_MAX, key="tg_catatan")
        st.caption("Tonggak yang sama (unit, tonggak, tahun) yang sudah tercatat diganti dengan isian ini.")
        if st.form_submit_button("Simpan tonggak"):
            row = rules.Milestone(unit, kind, int(year), date, decree.strip() or None, note.strip() or None)
            try:
                saved(ui.data.save_milestones(user, [row], [], "formulir"), "Tonggak")
            except WorkbookRejected as exc:
                refused(exc)

if view.keys:
    st.subheader("Hapus tonggak", anchor=False)
    gone = st.selectbox("Tonggak yang dihapus", view.keys, format_func=view.key_labels.get, key="tg_hapus")
    if st.button("Hapus tonggak ini", key="tg_hapus_ok"):
        try:
            saved(ui.data.save_milestones(user, [], [gone], "formulir"), "Tonggak")
        except WorkbookRejected as exc:
            refused(exc)

st.subheader("Templat Excel", anchor=False)
st.caption(
    "Templat berisi tonggak tercatat pada pilihan ini; tambah atau ubah baris di Excel, lalu unggah. "
    "Seluruh berkas disimpan dalam satu transaksi, atau tidak sama sekali."
)
ui.downloads.offer(
    "Unduh templat tonggak ZI", ui.downloads.milestone_template(view.records), "tonggak-zi.xlsx", "tg_templat", XLSX
)
upload = st.file_uploader("Unggah templat tonggak ZI (.xlsx)", type=["xlsx"], key="tg_berkas")
if upload is not None and st.button("Simpan dari berkas", key="tg_berkas_ok"):
    try:
        saved(ui.data.save_milestone_file(user, upload.getvalue(), upload.name), fmt.md(upload.name))
    except WorkbookRejected as exc:
        refused(exc)
