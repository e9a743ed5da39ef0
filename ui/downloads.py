"""Files offered for download: blank templates, the Excel recap, the PDF report, CSV of a table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pantauzi.core import fmt
from pantauzi.core.filters import Filter
from pantauzi.core.milestones import Milestone
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


@st.cache_data(max_entries=8)
def milestone_template(records: tuple[Milestone, ...]) -> bytes:
    """The ZI milestones template, pre-filled with `records` (pantauzi.workbooks.milestone_template)."""
    import tempfile
    from pathlib import Path

    from pantauzi.workbooks.milestone_template import write_template

    with tempfile.TemporaryDirectory() as tmp:
        return write_template(Path(tmp) / "tonggak.xlsx", list(records)).read_bytes()


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
    """The download button of `csv_bytes(df)`: the only way a page offers a CSV (made when pressed)."""
    st.download_button(label, lambda: csv_bytes(df), file_name, mime="text/csv", key=key)


def table_buttons(df: pd.DataFrame, name: str, key: str) -> None:
    """A table as Excel and as CSV: both formula-safe (pantauzi.workbooks.safetext), each file made when its
    button is pressed (an Excel file of a few hundred rows takes 0,2 s: not on every view)."""
    from pantauzi.workbooks.table import table_xlsx

    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    c1, c2 = st.columns(2)
    c1.download_button("Unduh Excel", lambda: table_xlsx(df, "Rincian"), f"{name}.xlsx", mime=mime, key=f"{key}_xlsx")
    with c2:
        csv_button("Unduh CSV", df, f"{name}.csv", key=f"{key}_csv")


@st.cache_data(max_entries=32, show_spinner="Menyusun rekap Excel…")
def rekap_xlsx(f: Filter, version: int) -> bytes:
    return data.rekap_workbook(f)


def laporan_button(unit: str, year: int, version: int) -> None:
    """'Buat Laporan ZI (PDF)', then its download button: a report takes seconds, so only on request
    (reports.laporan, with the PDF library behind it, is imported only then: 0,4 s on a view)."""
    key = ("_laporan", unit, year, version)
    if st.button(f"Buat Laporan ZI (PDF) {year}", key=f"buat_laporan_{unit}_{year}"):
        from reports import laporan

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


def recap_filter(f: Filter, year: int | None) -> Filter:
    """The selection the recap button exports: the page's focus year only, when the page has one."""
    import dataclasses

    return f if year is None else dataclasses.replace(f, tahun_dari=year, tahun_sampai=year)


def rekap_button(f: Filter, version: int, small: bool, year: int | None = None) -> None:
    """The recap of the current selection -- of the page's focus year `year` when it has one -- and beside it
    the data download of the whole selection (`data_buttons`); a large (national) selection is built only on
    request."""
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    span = "" if year is None else f" {year}"
    chosen = recap_filter(f, year)
    with st.container(horizontal=True):  # the recap and the data download side by side (wrapping on a phone)
        if small or st.session_state.get("_rekap_for") == (chosen, version):
            st.download_button(
                f"Unduh rekap Excel{span} (pilihan ini)",
                lambda: rekap_xlsx(chosen, version),  # made when pressed, not on every view
                f"rekap-pantauzi{span.replace(' ', '-')}.xlsx",
                mime=mime,
                key="unduh_rekap",
            )
        elif st.button(f"Siapkan rekap Excel{span} (pilihan ini)", key="siapkan_rekap"):
            st.session_state["_rekap_for"] = (chosen, version)
            st.rerun()
        data_buttons(f, version, small)


MIMES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
LABELS = {"csv": "CSV", "parquet": "Parquet"}


@st.cache_data(max_entries=16, show_spinner="Menyusun data…")
def export_file(f: Filter, level: str, fmt: str, version: int) -> tuple[bytes, int]:
    return data.export_data(f, level, fmt)


def data_buttons(f: Filter, version: int, small: bool) -> None:
    """Beside the Excel recap: the selection's data at one level as CSV and Parquet (pantauzi.exports),
    each file stating the filter and the data source; a large selection is built only on request."""
    from pantauzi import exports

    with st.popover("Unduh data (CSV / Parquet)"):
        level = st.selectbox("Tingkat data", list(exports.LEVELS), format_func=exports.LEVELS.get, key="ekspor_tingkat")
        if not (small or st.session_state.get("_ekspor_for") == (f, version, level)):
            if st.button("Siapkan data (pilihan ini)", key="siapkan_ekspor"):
                st.session_state["_ekspor_for"] = (f, version, level)
                st.rerun()
            return
        rows = data.export_rows(f, level, version)
        if rows > exports.UI_MAX_ROWS:
            st.warning(
                f"Pilihan ini memuat {fmt.num(rows, 0)} baris, lebih dari {fmt.num(exports.UI_MAX_ROWS, 0)} baris "
                "per unduhan. "
                "Persempit filter (wilayah, instansi atau tahun), atau gunakan perintah "
                "`python -m reports.export` di server."
            )
            return
        for kind in exports.FORMATS:
            st.download_button(
                f"Unduh {LABELS[kind]}",
                lambda kind=kind: export_file(f, level, kind, version)[0],  # made when pressed
                exports.file_name(f, level, kind),
                mime=MIMES[kind],
                key=f"unduh_data_{kind}",
                width="stretch",
            )
        st.caption(
            f"{fmt.num(rows, 0)} baris. Angka sebagai angka (titik desimal); baris berawalan # di CSV dan metadata "
            "Parquet menyebut filter, sumber data dan waktu pembuatan."
        )


def wilayah_button(f: Filter, year: int, version: int) -> None:
    """'Buat Ringkasan ZI wilayah (PDF)' for the selected kab/kota or provinsi and the focus year, then its
    download button (reports.wilayah: one A4 page for a Bupati, Wali Kota or Sekda). Nothing without a
    region in the filter."""
    if not (f.kabkota or f.provinsi):
        return
    region = f.kabkota or f.provinsi
    key = f"_wilayah_pdf_{region}_{year}"  # (data version, bytes): a file of older data is not offered
    if st.button(f"Buat Ringkasan ZI wilayah (PDF) {year}", key=f"buat_wilayah_{region}_{year}"):
        from reports import wilayah  # the PDF library only when asked (as laporan_button)

        with st.spinner("Menyusun Ringkasan ZI…"):
            try:
                st.session_state[key] = (version, data.wilayah_pdf(f, year))
            except wilayah.RegionError as exc:
                st.error(f"Ringkasan tidak dapat dibuat: {fmt.md(exc)}.")
    made = st.session_state.get(key)
    if made is not None and made[0] == version:
        st.download_button(
            "Unduh Ringkasan ZI (PDF)",
            made[1],
            f"ringkasan-zi-{region}-{year}.pdf",
            mime="application/pdf",
            key=f"unduh_wilayah_{region}_{year}",
        )
