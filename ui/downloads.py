"""Files offered for download: blank templates, the Excel recap, the PDF report, CSV of a table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pantauzi.core import fmt
from pantauzi.core.filters import Filter
from pantauzi.core.vocab import Layout
from ui import data


@st.cache_data(max_entries=4)
def blank_template(layout: Layout) -> bytes:
    """An empty workbook of one layout, generated with openpyxl."""
    import tempfile
    from pathlib import Path

    from pantauzi.workbooks import lke_template

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "templat.xlsx"
        (lke_template.blank_portalrb if layout == "portalrb" else lke_template.blank_legacy)(path)
        return path.read_bytes()


@st.cache_data(max_entries=4)
def rating_template(kind: str) -> bytes:
    import tempfile
    from pathlib import Path

    from pantauzi.workbooks.rating_template import write_template

    with tempfile.TemporaryDirectory() as tmp:
        return write_template(kind, Path(tmp) / f"{kind}.xlsx").read_bytes()


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as a CSV download: every text that a spreadsheet would run (= + - @ …) gets an apostrophe
    (pantauzi.workbooks.safetext); numbers stay numbers, missing values are empty."""
    from pantauzi.workbooks import safetext

    rows = ([None if pd.isna(v) else v for v in row] for row in df.itertuples(index=False))
    return safetext.csv_bytes([str(c) for c in df.columns], rows)


def csv_button(label: str, df: pd.DataFrame, file_name: str, key: str) -> None:
    """The download button of `csv_bytes(df)`: the only way a page offers a CSV."""
    st.download_button(label, csv_bytes(df), file_name, mime="text/csv", key=key)


@st.cache_data(max_entries=32, show_spinner="Menyusun rekap Excel…")
def rekap_xlsx(f: Filter, version: int) -> bytes:
    return data.rekap_workbook(f)


def laporan_button(unit: str, year: int, version: int) -> None:
    """'Buat Laporan ZI (PDF)', then its download button: a report takes seconds, so only on request."""
    from reports import laporan

    key = ("_laporan", unit, year, version)
    if st.button(f"Buat Laporan ZI (PDF) {year}", key=f"buat_laporan_{unit}_{year}"):
        with st.spinner("Menyusun Laporan ZI…"):
            try:
                st.session_state[key] = data.laporan_pdf(unit, year)
            except laporan.ReportError as exc:
                st.error(f"Laporan tidak dapat dibuat: {fmt.md(exc)}.")
    if key in st.session_state:
        st.download_button(
            "Unduh Laporan ZI (PDF)",
            st.session_state[key],
            f"laporan-zi-{unit}-{year}.pdf",
            mime="application/pdf",
            key=f"unduh_laporan_{unit}_{year}",
        )


def rekap_button(f: Filter, version: int, small: bool) -> None:
    """The recap of the current selection; a large (national) selection is built only on request. The
    file itself is made when the button is pressed (deferred data), not on every view of the page."""
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if small or st.session_state.get("_rekap_for") == (f, version):
        st.download_button(
            "Unduh rekap Excel (pilihan ini)",
            lambda: rekap_xlsx(f, version),
            "rekap-pantauzi.xlsx",
            mime=mime,
            key="unduh_rekap",
        )
    elif st.button("Siapkan rekap Excel (pilihan ini)", key="siapkan_rekap"):
        st.session_state["_rekap_for"] = (f, version)
        st.rerun()
