"""Pengusulan (admin; evaluators for their instansi): which units the agency proposes to KemenPANRB for
WBK / WBK-afirmasi / WBBM in a year. PortalRB pulls exactly this list through /api/portalrb."""

import streamlit as st

import ui
import ui.pengusulan as usul
from pantauzi.core import fmt, localtime, portalrb

user = ui.auth.page_user()
ui.auth.require_role(user, "evaluator", "admin")
st.title("Pengusulan")
st.caption(
    "Tandai unit yang diusulkan ke KemenPANRB. PortalRB menarik daftar ini dan jawaban LKE-nya lewat API "
    "PantauZI (alamat dasar `/api/portalrb`, token per instansi dari admin)."
)
if "usul_saved" in st.session_state:
    st.success(st.session_state.pop("usul_saved"))
choices = usul.instansi_for(user)
if choices.empty:
    st.warning("Akun Anda belum ditugaskan ke instansi mana pun. Hubungi admin.")
    st.stop()
names = dict(zip(choices["code"], choices["name"]))
c1, c2 = st.columns([3, 1])
instansi = c1.selectbox("Instansi", list(names), format_func=names.get, key="usul_instansi")
year = int(c2.number_input("Tahun usulan", 2017, 2100, usul.proposal_year(), key="usul_tahun"))

df = usul.units(instansi, year)
if df.empty:
    ui.page.empty_state(f"Instansi ini tidak punya unit aktif pada tahun {year}.")
    st.stop()

clock = localtime.Clock()
for endpoint, (state, when) in usul.list_states(instansi, year).items():
    label = "Daftar WBK" if endpoint == "unit-wbk" else "Daftar WBBM"
    if state == usul.CHANGED:
        st.warning(f"{label}: {usul.CHANGED} ({clock.stamp(when)}). Minta Refetch di PortalRB.")
    elif state == usul.SAME:
        st.caption(f"{label}: terakhir ditarik PortalRB {clock.stamp(when)}, tidak berubah sejak itu.")

st.dataframe(usul.unit_table(df), hide_index=True, width="stretch")

NONE = "Tidak diusulkan"
with st.form("usulan"):
    st.subheader(f"Usulan tahun {year}", anchor=False)
    st.caption("WBBM hanya untuk unit yang telah berpredikat WBK pada tahun sebelumnya.")
    picked: dict[str, str] = {}
    for u, name, kategori, holds in zip(df["unit"], df["unit_name"], df["kategori"], df["holds_wbk"]):
        options = [NONE, "WBK", "WBK-AFIRMASI"] + (["WBBM"] if holds else [])
        current = kategori if isinstance(kategori, str) and kategori in options else NONE
        left, right = st.columns([3, 2])
        left.text(f"{name} ({u})")
        value = right.selectbox(
            "Usulan",
            options,
            index=options.index(current),
            key=f"usul_{instansi}_{year}_{u}",
            format_func=lambda k: portalrb.KATEGORI_LABELS.get(k, k),
            label_visibility="collapsed",
        )
        if value != NONE:
            picked[u] = value
    if st.form_submit_button("Simpan usulan"):
        try:
            usul.save(instansi, year, picked, user.username or "tamu")
        except ValueError as exc:
            st.error(f"Tidak disimpan: {fmt.md(exc)}")
        else:
            st.session_state["usul_saved"] = f"Usulan tahun {year} disimpan: {len(picked)} unit."
            st.rerun()
