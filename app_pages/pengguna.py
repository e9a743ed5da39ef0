"""Pengguna (admin): who may sign in, their role and the regions/instansi an evaluator may upload for."""

import streamlit as st

import ui
from pantauzi.core import access, vocab

user = ui.auth.page_user()
ui.auth.require_role(user, "admin")
st.title("Pengguna")
path = access.auth_path()
st.dataframe(ui.data.people(path).table, hide_index=True, width="stretch")
st.caption(f"Berkas kredensial: `{path}` (di luar git; kata sandi disimpan sebagai hash bcrypt).")

with st.form("pengguna_baru", clear_on_submit=True):
    st.subheader("Tambah atau ubah pengguna", anchor=False)
    c1, c2 = st.columns(2)
    username = c1.text_input("Nama pengguna")
    name = c2.text_input("Nama lengkap")
    role = c1.selectbox("Peran", vocab.ROLES, format_func=vocab.ROLE_LABELS.get)
    password = c2.text_input("Kata sandi (min. 8 karakter)", type="password")
    regions = c1.text_input("Kode wilayah (pisahkan dengan koma, mis. 81.71)")
    instansi = c2.text_input("Kode instansi (pisahkan dengan koma)")
    if st.form_submit_button("Simpan pengguna"):
        split = lambda text: [x.strip() for x in text.split(",") if x.strip()]  # noqa: E731
        try:
            if not username.strip():
                raise ValueError("nama pengguna wajib diisi")
            access.add_user(
                path,
                username.strip(),
                name.strip() or username.strip(),
                password,
                role,
                split(regions),
                split(instansi),
            )
            st.success(f"Pengguna '{username.strip()}' disimpan.")
        except ValueError as exc:
            st.error(f"Tidak disimpan: {exc}")
