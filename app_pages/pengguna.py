"""Pengguna (admin): who may sign in, their role and the regions/instansi an evaluator may upload for;
the sign-in audit (who, when, from where; never a password)."""

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
        unknown = ui.data.unknown_codes(split(regions), split(instansi))
        if not unknown.empty:
            st.error("Tidak disimpan: ada kode yang tidak dikenal. Pilih dari kode yang sah di bawah.")
            st.dataframe(unknown, hide_index=True, width="stretch")  # data as plain text, never Markdown
        else:
            try:
                if not username.strip():
                    raise ValueError("nama pengguna wajib diisi")
                if role == "evaluator" and not (split(regions) or split(instansi)):
                    raise ValueError("evaluator perlu kode wilayah atau kode instansi yang ditugaskan")
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

st.subheader("Riwayat masuk", anchor=False)
st.caption(
    "Setiap percobaan masuk lewat formulir: siapa, kapan, dari alamat mana, dan hasilnya (kata sandi tidak pernah "
    "dicatat; nama pengguna yang tidak dikenal dicatat sebagai kode acak)."
)
audit = ui.data.login_audit().table
if audit.empty:
    ui.page.empty_state("Belum ada percobaan masuk.")
else:
    st.dataframe(audit, hide_index=True, width="stretch")
