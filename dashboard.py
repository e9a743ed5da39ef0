"""PantauZI entry point: page config, sign-in, the shared sidebar filter, pages by role.

`streamlit run dashboard.py` finds `app` below and serves it: the pages and, on the same port, the
PortalRB integration API under /api/portalrb (ui.api_app), sharing the app's store.
uvicorn imports this file as the module `dashboard` (only `app` is built then); every session runs it
as `__main__`, which builds the pages."""

import duckdb
import streamlit as st

import ui
import ui.api_app
from pantauzi.core.vocab import AnyRole
from pantauzi.store import db

if __name__ == "dashboard":  # imported by uvicorn (`streamlit run` serves dashboard:app)
    app = st.App("dashboard.py", routes=ui.api_app.routes())


def pages_for(role: AnyRole, signed_in: bool, login: bool) -> dict[str, list[st.Page]]:
    """A page a role may not use is not in its navigation (and each page checks the role again)."""
    if role == "none":
        return {"": [st.Page("app_pages/masuk.py", title="Masuk", default=True)]}
    pages = {
        "Grafik": [
            st.Page("app_pages/ringkasan.py", title="Ringkasan", default=True),
            st.Page("app_pages/area_perubahan.py", title="Area Perubahan"),
            st.Page("app_pages/ombudsman.py", title="Ombudsman RI"),
            st.Page("app_pages/mcp.py", title="KPK MCP"),
            st.Page("app_pages/profil_opd.py", title="Profil OPD"),
            st.Page("app_pages/rincian_jawaban.py", title="Rincian Jawaban"),
            st.Page("app_pages/simulasi.py", title="Simulasi"),
        ]
    }
    if role in ("evaluator", "admin"):
        pages["Data"] = [
            st.Page("app_pages/unggah.py", title="Unggah Data"),
            st.Page("app_pages/pengusulan.py", title="Pengusulan"),
        ]
    if role == "admin":
        pages["Data"].append(st.Page("app_pages/pengguna.py", title="Pengguna"))
        pages["Data"].append(st.Page("app_pages/predikat.py", title="Predikat ZI"))
    if login and not signed_in:
        pages["Akun"] = [st.Page("app_pages/masuk.py", title="Masuk")]
    return pages


def main() -> None:
    st.set_page_config(page_title="PantauZI", layout="wide")
    ui.runtime.memory_trimmer()  # one thread per process: memory back to the system after sessions end
    ui.page.remember_address()  # before the sign-in, whose cookie reader may rerun the session early
    user = ui.auth.current_user()
    pages = pages_for(user.role, user.signed_in, ui.auth.login_enabled())
    pg = st.navigation(pages)
    ui.page.keep_address(pg, pages)
    try:
        with ui.data.store().hold():  # one open of the database file per page run, not one per query
            if user.role != "none":
                ui.filter.sidebar(pg)
            ui.auth.account_box(user)
            pg.run()
    except db.DatabaseError as exc:  # e.g. busy: another process held the file longer than the wait
        st.error(str(exc) + ".")
    except duckdb.Error as exc:  # never DuckDB's English text on a page
        st.error(f"Basis data tidak dapat dibaca: {db.explain(exc)}. Muat ulang halaman sebentar lagi.")


if __name__ == "__main__":
    main()
