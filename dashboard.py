"""PantauZI entry point: page config, the shared sidebar filter, pages by role."""
import streamlit as st

from pantauzi import ui

st.set_page_config(page_title="PantauZI", layout="wide")

PAGES = {
    "viewer": [
        st.Page("app_pages/ringkasan.py", title="Ringkasan", default=True),
        st.Page("app_pages/area_perubahan.py", title="Area Perubahan"),
    ],
}

pg = st.navigation(PAGES[ui.current_role()])
ui.sidebar_filter()
pg.run()
