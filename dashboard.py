"""PantauZI entry point: page config, sign-in, the shared sidebar filter, pages by role."""

import duckdb
import streamlit as st

import ui
from pantauzi.core.vocab import AnyRole
from pantauzi.store import db

st.set_page_config(page_title="PantauZI", layout="wide")

CHARTS = [
    st.Page("app_pages/ringkasan.py", title="Ringkasan", default=True),
    st.Page("app_pages/area_perubahan.py", title="Area Perubahan"),
    st.Page("app_pages/ombudsman.py", title="Ombudsman RI"),
    st.Page("app_pages/mcp.py", title="KPK MCP"),
    st.Page("app_pages/profil_opd.py", title="Profil OPD"),
]
UPLOAD = st.Page("app_pages/unggah.py", title="Unggah Data")
USERS = st.Page("app_pages/pengguna.py", title="Pengguna")
LOGIN = st.Page("app_pages/masuk.py", title="Masuk")


def pages_for(role: AnyRole, signed_in: bool, login: bool) -> dict[str, list]:
    """A page a role may not use is not in its navigation (and each page checks the role again)."""
    if role == "none":
        return {"": [st.Page("app_pages/masuk.py", title="Masuk", default=True)]}
    pages = {"Grafik": list(CHARTS)}
    if role in ("evaluator", "admin"):
        pages["Data"] = [UPLOAD]
    if role == "admin":
        pages["Data"].append(USERS)
    if login and not signed_in:
        pages["Akun"] = [LOGIN]
    return pages


user = ui.auth.current_user()
pg = st.navigation(pages_for(user.role, user.signed_in, ui.auth.login_enabled()))
try:
    with ui.data.store().hold():  # one open of the database file per page run, not one per query
        if user.role != "none":
            ui.filter.sidebar()
        ui.auth.account_box(user)
        pg.run()
except db.DatabaseError as exc:  # e.g. busy: another process held the file longer than the wait
    st.error(str(exc) + ".")
except duckdb.Error as exc:  # never DuckDB's English text on a page
    st.error(f"Basis data tidak dapat dibaca: {db.explain(exc)}. Muat ulang halaman sebentar lagi.")
