"""Pengguna (admin): who may sign in, their role and the regions/instansi an evaluator may upload for;
the sign-in audit (who, when, from where; never a password)."""

import streamlit as st

import ui
import ui.pengusulan
from pantauzi.core import access, fmt, vocab

user = ui.auth.page_user()
ui.auth.require_role(user, "admin")
st.title("Pengguna")
ui.auth.flash()
path = access.auth_path()
people = ui.data.people(path)
st.dataframe(people.table, hide_index=True, width="stretch")
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
            named = "; ".join(f"{f} '{c}' tidak dikenal" for f, c in zip(unknown["Isian"], unknown["Kode yang diisi"]))
            st.error(f"Tidak disimpan: {fmt.md(named)}. Pilih dari kode yang sah di bawah.")
            st.dataframe(unknown, hide_index=True, width="stretch")  # data as plain text, never Markdown
        else:
            try:
                if not username.strip():
                    raise ValueError("nama pengguna wajib diisi")
                if role == "evaluator" and not (split(regions) or split(instansi)):
                    raise ValueError("evaluator perlu kode wilayah atau kode instansi yang ditugaskan")
                ui.auth.save_user(
                    user,
                    username.strip(),
                    name.strip() or username.strip(),
                    password,
                    role,
                    split(regions),
                    split(instansi),
                )
            except ValueError as exc:
                st.error(f"Tidak disimpan: {fmt.md(exc)}")

ui.auth.manage_users(user, people.usernames)
changes = ui.data.user_changes().table
if not changes.empty:
    st.subheader("Riwayat perubahan pengguna", anchor=False)
    st.dataframe(changes, hide_index=True, width="stretch")

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

st.divider()
st.subheader("Token API PortalRB", anchor=False)
st.caption(
    "PortalRB menarik usulan dan jawaban LKE dengan `Authorization: Bearer <token>`; token menentukan "
    "instansinya. Token ditampilkan sekali saat dibuat dan disimpan hanya sebagai hash SHA-256."
)
instansi_rows = ui.pengusulan.instansi_for(user)
instansi_names = dict(zip(instansi_rows["code"], instansi_rows["name"]))
if "token_baru" in st.session_state:
    token_id, token = st.session_state.pop("token_baru")
    st.success(f"Token #{token_id} dibuat. Salin sekarang: token ini tidak akan ditampilkan lagi.")
    st.code(token, language=None)
with st.form("token_baru_form", clear_on_submit=True):
    t1, t2, t3 = st.columns([3, 2, 1])
    token_instansi = t1.selectbox("Instansi", list(instansi_names), format_func=instansi_names.get)
    token_label = t2.text_input("Keterangan (mis. PortalRB 2026)")
    token_limit = t3.number_input("Batas per menit", 0, 100000, 0, help="0: pengaturan server")
    if st.form_submit_button("Buat token"):
        try:
            st.session_state["token_baru"] = ui.pengusulan.create_token(
                token_instansi, token_label.strip() or None, int(token_limit) or None, user.username or "admin"
            )
        except ValueError as exc:
            st.error(f"Tidak dibuat: {fmt.md(exc)}")
        else:
            st.rerun()
token_rows = ui.pengusulan.tokens()
if not token_rows.empty:
    st.dataframe(ui.pengusulan.token_table(token_rows), hide_index=True, width="stretch")
    active = ui.pengusulan.active_tokens(token_rows)
    if active:
        r1, r2 = st.columns([3, 1])
        revoke = r1.selectbox("Cabut token", active, format_func=lambda i: f"#{i}", key="cabut_token")
        if r2.button("Cabut", key="cabut_token_btn"):
            ui.pengusulan.revoke_token(int(revoke), user.username or "admin")
            st.rerun()
