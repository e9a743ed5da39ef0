"""Unggah Data: evaluators upload LKE workbooks; preview, then save; versions and restore; templates."""

import hashlib

import streamlit as st

import ui
from loaders import upload, workbook
from pantauzi.core import fmt, vocab
from pantauzi.core.filters import STAGES

user = ui.auth.page_user()
ui.auth.require_role(user, "evaluator", "admin")
f, v = ui.page.page_start("Unggah Data")
units = ui.data.allowed_units(user)
if units.empty:
    st.warning("Akun Anda belum ditugaskan ke wilayah atau instansi mana pun. Hubungi admin.")
    st.stop()
unit_names = {u: f"{n} · {r or ''}" for u, n, r in zip(units["unit"], units["unit_name"], units["region_name"])}
STAGE_CHOICES = [s for s in STAGES if s != "akhir"]
NARROWED = (
    f"Anda boleh mengunggah untuk {fmt.num(len(units), 0)} unit: daftar ini memuat unit pada pilihan filter "
    "samping (dan unit yang disebut workbook). Pilih provinsi, kabupaten/kota atau instansi untuk unit lain."
)

with st.expander("Templat kosong", expanded=False):
    st.caption("Isi templat di Excel, lalu unggah di bawah. Pilihan jawaban tersedia sebagai daftar di sel.")
    left, right = st.columns(2)
    ui.downloads.offer(
        "Templat LKE ZI (PermenPANRB 90/2021)",
        ui.downloads.blank_template("legacy"),
        "templat-lke-zi-90-2021.xlsx",
        "tpl_legacy",
        where=left,
    )
    ui.downloads.offer(
        "Templat Jawaban PortalRB 2026",
        ui.downloads.blank_template("portalrb"),
        "templat-jawaban-portalrb-2026.xlsx",
        "tpl_portalrb",
        where=right,
    )

files = st.file_uploader(
    "Workbook LKE ZI (.xlsx; .xlsm hanya dibaca datanya, makro tidak dijalankan) atau JSON jawaban-unit PortalRB, "
    f"paling besar {workbook.MAX_FILE_BYTES // workbook.MIB} MB per berkas",
    type=["xlsx", "xlsm", "json"],
    accept_multiple_files=True,
    key="unggah_berkas",
)


def choose_target(p: upload.Preview, key: str) -> tuple[str | None, int | None, str | None]:
    """Unit / year / stage: what the workbook says where it says so; otherwise the evaluator picks
    (no silent default that could replace another unit's data)."""
    found = p.detected
    offer, narrowed = upload.offered_units(units, f, ui.filter.SIDEBAR_OPTIONS, (found.get("unit"),))
    order = list(offer["unit"])
    unit_default = found.get("unit") if found.get("unit") in order else (f.unit if f.unit in order else None)
    c1, c2, c3 = st.columns([3, 1, 2])
    unit = c1.selectbox(
        "Unit",
        order,
        index=order.index(unit_default) if unit_default else None,
        format_func=unit_names.get,
        key=f"unit_{key}",
        placeholder="Pilih unit",
    )
    if narrowed:
        c1.caption(NARROWED)
    year_found = int(found["year"]) if str(found.get("year", "")).isdigit() else None
    year = c2.number_input("Tahun", 2017, 2030, year_found, key=f"tahun_{key}", placeholder="Tahun")
    stages = ([None] if p.layout.startswith("portalrb") else []) + STAGE_CHOICES
    stage_default = found.get("stage") if found.get("stage") in STAGE_CHOICES else stages[0]
    stage = c3.selectbox(
        "Tahap",
        stages,
        index=stages.index(stage_default),
        key=f"tahap_{key}",
        format_func=lambda s: "Semua tahap dalam berkas" if s is None else vocab.STAGE_LABELS[s],
    )
    return unit, (int(year) if year is not None else None), stage


for n, sent in enumerate(files or []):
    content = sent.getvalue()
    p = ui.upload.upload_preview(content, sent.name)
    with st.container(border=True):
        st.subheader(fmt.md(sent.name), anchor=False)
        if not p.ok:
            st.error(f"Berkas ditolak: {len(p.errors)} kesalahan. Tidak ada data yang disimpan.")
            st.dataframe(upload.problem_table(p.errors), hide_index=True, width="stretch")
            continue
        key = f"{n}_{p.digest[:12]}"  # the same file may be chosen twice in one upload
        unit, year, stage = choose_target(p, key)
        ui.upload.show_preview(p)
        done_key = f"tersimpan_{p.digest}_{unit}_{year}_{stage}"
        if unit is None or year is None:
            st.info("Pilih unit dan tahun penilaian untuk menyimpan berkas ini.")
        if st.button("Simpan", key=f"simpan_{key}", type="primary", disabled=unit is None or year is None):
            try:
                st.session_state[done_key] = ui.data.save(user, p, unit, year, stage)
            except upload.WorkbookRejected as exc:
                st.error(fmt.md(exc.render()))
        for o in st.session_state.get(done_key, []):
            text = vocab.IMPORT_STATUS_LABELS[o.status]
            st.success(
                f"{fmt.md(unit_names.get(o.unit, o.unit))} {o.year} · {vocab.STAGE_LABELS[o.stage]}: {text} "
                f"(pengajuan #{o.submission_id}, nilai {fmt.num(o.total)})."
            )

ui.upload.forget_previews({(hashlib.sha256(u.getvalue()).hexdigest(), u.name) for u in files or []})

st.header("Riwayat versi", anchor=False)
offer, narrowed = upload.offered_units(units, f, ui.filter.SIDEBAR_OPTIONS, (f.unit,))
if offer.empty:
    ui.page.empty_state(NARROWED)
    st.stop()
c1, c2, c3 = st.columns([3, 1, 2])
order = list(offer["unit"])
h_unit = c1.selectbox(
    "Unit", order, format_func=unit_names.get, key="riwayat_unit", index=order.index(f.unit) if f.unit in order else 0
)
if narrowed:
    c1.caption(NARROWED)
h_year = int(c2.number_input("Tahun", 2017, 2030, f.tahun_sampai, key="riwayat_tahun"))
h_stage = c3.selectbox("Tahap", STAGE_CHOICES, format_func=vocab.STAGE_LABELS.get, key="riwayat_tahap")
history = ui.data.versions(h_unit, h_year, h_stage)
ui.upload.restored_message()
if history.versions.empty:
    ui.page.empty_state("Belum ada versi tersimpan untuk unit, tahun dan tahap ini.")
else:
    st.dataframe(history.table, hide_index=True, width="stretch")
    pick = st.selectbox(
        "Versi",
        list(history.files),
        key="riwayat_versi",
        format_func=lambda i: f"#{i} · {history.files[i]}",
    )
    name, data = ui.data.stored_file(int(pick)) or ("", b"")
    b1, b2 = st.columns(2)
    ui.downloads.offer("Unduh berkas asli versi ini", data, name, "unduh_versi", where=b1)
    ui.upload.restore_controls(b2, user, int(pick), history.current[pick])
    st.caption(f"Riwayat perubahan: siapa mengunggah atau memulihkan, kapan ({history.zone}).")
    st.dataframe(history.events, hide_index=True, width="stretch")
