"""Masuk: sign in as evaluator or admin (only shown when login is enabled)."""
import streamlit as st

from pantauzi import ui

st.title("Masuk")
st.caption("Evaluator dan admin masuk untuk mengunggah data. Pimpinan dapat melihat grafik tanpa masuk "
           "bila pengelola mengizinkannya.")
ui.login_form()
