"""Masuk: sign in as evaluator or admin (only shown when login is enabled)."""

import streamlit as st

import ui

st.title("Masuk")
st.caption(
    "Evaluator dan admin masuk untuk mengunggah data. Pimpinan dapat melihat grafik tanpa masuk "
    "bila pengelola mengizinkannya."
)
ui.auth.login_form()
