"""Pengguna (admin): who may sign in, their role and the regions/instansi an evaluator may upload for;
the sign-in audit (who, when, from where; never a password)."""

import pandas as pd
import streamlit as st

import ui
from pantauzi.core import access
from pantauzi.core import signin as rules
from pantauzi.store import assignments, signin

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
        unknown = ui.data.read(assignments.unknown, split(regions), split(instansi))
        if unknown:
            st.error("Tidak disimpan: ada kode yang tidak dikenal. Pilih dari kode yang sah di bawah.")
            st.dataframe(  # codes and names from input and data: shown as plain text, never Markdown
                pd.DataFrame(
                    [
                        {
                            "Isian": f"Kode {u.field}",
                            "Kode yang diisi": u.code,
                            "Kode yang sah": ", ".join(f"{c} ({n})" for c, n in u.choices)
                            + (f", dan {u.more} kode lain" if u.more else ""),
                        }
                        for u in unknown
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
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
audit = ui.data.read(signin.recent)
if audit.empty:
    ui.page.empty_state("Belum ada percobaan masuk.")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "Waktu (UTC)": audit["at"].dt.strftime("%d-%m-%Y %H:%M:%S"),
                "Nama pengguna": [
                    f"tidak dikenal ({u[1:9]})" if u.startswith(rules.UNKNOWN_PREFIX) else u for u in audit["username"]
                ],
                "Hasil": audit["ok"].map({True: "berhasil", False: "gagal"}),
                "Alamat klien": audit["client"].fillna("-"),
                "Keterangan": audit["reason"].map(lambda r: rules.REASON_LABELS.get(r, r)),
            }
        ),
        hide_index=True,
        width="stretch",
    )
