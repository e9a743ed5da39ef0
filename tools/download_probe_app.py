"""The app of tools/download_probe.py: one download button per way of offering a file, chosen by `?cara=`.

- `tunda`: Streamlit's deferred download (data= a callable, made when pressed), a press reruns the page
- `tunda-abaikan`: the same with on_click="ignore" (a press reruns nothing)
- `siap`: the file made beforehand (bytes), on_click="ignore": what ui.downloads.offer does
"""

import time

import streamlit as st

way = st.query_params.get("cara", "siap")
st.title(f"Unduhan: {way}")


def content() -> bytes:
    return (f"dibuat {time.time()}\n" + "x" * 20000).encode()


if way == "tunda":
    st.download_button("Unduh", content, "berkas.txt", mime="text/plain", key="unduh")
elif way == "tunda-abaikan":
    st.download_button("Unduh", content, "berkas.txt", mime="text/plain", key="unduh", on_click="ignore")
else:
    st.download_button("Unduh", content(), "berkas.txt", mime="text/plain", key="unduh", on_click="ignore")
