"""Pengguna (admin): who may sign in, their role and the regions/instansi an evaluator may upload for."""

import pandas as pd
import streamlit as st

import ui
import ui.pengusulan
from pantauzi.core import access

user = ui.auth.page_user()
ui.auth.require_role(user, "admin")
st.title("Pengguna")
path = access.auth_path()
data = access.load(path) or {"credentials": {"usernames": {}}}
people = [access.user_of(data, u) for u in data["credentials"]["usernames"]]
st.dataframe(
    pd.DataFrame(
        {
            "Nama pengguna": [u.username for u in people],
            "Nama": [u.name for u in people],
            "Peran": [access.ROLE_LABELS[u.role] for u in people],
            "Wilayah": [", ".join(u.regions) for u in people],
            "Instansi": [", ".join(u.instansi) for u in people],
        }
    ),
    hide_index=True,
    width="stretch",
)
st.caption(f"Berkas kredensial: `{path}` (di luar git; kata sandi disimpan sebagai hash bcrypt).")

with st.form("pengguna_baru", clear_on_submit=True):
    st.subheader("Tambah atau ubah pengguna", anchor=False)
    c1, c2 = st.columns(2)
    username = c1.text_input("Nama pengguna")
    name = c2.text_input("Nama lengkap")
    role = c1.selectbox("Peran", access.ROLES, format_func=access.ROLE_LABELS.get)
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
            st.error(f"Tidak dibuat: {exc}")
        else:
            st.rerun()
token_rows = ui.pengusulan.tokens()
if not token_rows.empty:
    st.dataframe(
        pd.DataFrame(
            {
                "Id": token_rows["id"],
                "Instansi": token_rows["instansi_code"],
                "Keterangan": token_rows["label"].fillna(""),
                "Dibuat": [str(t)[:16] for t in token_rows["created_at"]],
                "Oleh": token_rows["created_by"].fillna(""),
                "Status": ["dicabut" if pd.notna(t) else "aktif" for t in token_rows["revoked_at"]],
                "Terakhir dipakai": [str(t)[:16] if pd.notna(t) else "" for t in token_rows["last_used_at"]],
                "Panggilan": token_rows["calls"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    active = [int(i) for i, r in zip(token_rows["id"], token_rows["revoked_at"]) if pd.isna(r)]
    if active:
        r1, r2 = st.columns([3, 1])
        revoke = r1.selectbox("Cabut token", active, format_func=lambda i: f"#{i}", key="cabut_token")
        if r2.button("Cabut", key="cabut_token_btn"):
            ui.pengusulan.revoke_token(int(revoke), user.username or "admin")
            st.rerun()
