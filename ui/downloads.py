"""Files offered for download: blank templates, the Excel recap, the PDF report, CSV of a table.

Every download button of the app is `offer`: a file already made, pressed without rerunning the page. A
file that takes time to make is made on request first (`prepared`: 'Siapkan …', then 'Unduh …'). Streamlit's
deferred download (`data=` a callable, made when pressed) is not used: in Streamlit 1.67 the file it makes
belongs to no session, so a script run of any other session that ends before the browser fetches it deletes
it (a cancelled download), and the rerun a press starts can drop the callable ('Deferred file … not found').
`python -m tools.download_probe --presses 30` (two other sessions reloading the same server meanwhile), on
2026-12-04: deferred 18 of 30 files lost, deferred with on_click="ignore" 1 of 30, made beforehand 0 of 30.
A file made beforehand stays with this session's last run, and `on_click="ignore"` starts no new run.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from pantauzi.core import fmt
from pantauzi.core.filters import Filter
from pantauzi.core.milestones import Milestone
from pantauzi.core.vocab import Layout
from ui import data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
T = TypeVar("T")


def offer(label: str, data: bytes | str, file_name: str, key: str, mime: str | None = None, where: Any = st, **kw: Any):
    """The download button of a file already made (`where`: st, a column or a container); pressing it
    downloads and reruns nothing (module docstring)."""
    return where.download_button(label, data, file_name, mime=mime, key=key, on_click="ignore", **kw)


def prepared(key: str, fingerprint: Hashable, label: str, make: Callable[[], T], spinner: str) -> T | None:
    """What `make()` returns once the button `label` (key `siapkan_<key>`) was pressed for this `fingerprint`
    (the selection and data version it is made from), kept in the session; None until then. A file of another
    selection is let go as soon as the selection changes."""
    slot = f"_siap_{key}"
    held = st.session_state.get(slot)
    if held is not None:
        if held[0] == fingerprint:
            return held[1]
        del st.session_state[slot]
    if st.button(label, key=f"siapkan_{key}"):
        with st.spinner(spinner):
            st.session_state[slot] = (fingerprint, make())
        st.rerun()
    return None


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


def table_buttons(df: pd.DataFrame, name: str, key: str, fingerprint: Hashable) -> None:
    """A table as Excel and as CSV, both formula-safe (pantauzi.workbooks.safetext), made on request (an Excel
    file of a few hundred rows takes 0,2 s: not on every view); `fingerprint` names the rows shown."""
    from pantauzi.workbooks.table import table_xlsx

    files = prepared(
        key,
        fingerprint,
        "Siapkan unduhan tabel (Excel / CSV)",
        lambda: (table_xlsx(df, "Rincian"), csv_bytes(df)),
        "Menyusun berkas…",
    )
    if files is not None:
        c1, c2 = st.columns(2)
        offer("Unduh Excel", files[0], f"{name}.xlsx", f"{key}_xlsx", XLSX, where=c1)
        offer("Unduh CSV", files[1], f"{name}.csv", f"{key}_csv", "text/csv", where=c2)


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
        offer(
            "Unduh Laporan ZI (PDF)",
            st.session_state[key],
            f"laporan-zi-{unit}-{year}.pdf",
            f"unduh_laporan_{unit}_{year}",
            "application/pdf",
        )


def recap_filter(f: Filter, year: int | None) -> Filter:
    """The selection the recap button exports: the page's focus year only, when the page has one."""
    import dataclasses

    return f if year is None else dataclasses.replace(f, tahun_dari=year, tahun_sampai=year)


def rekap_button(f: Filter, version: int, year: int | None = None) -> None:
    """The recap of the current selection -- of the page's focus year `year` when it has one -- made on
    request, and beside it the data download of the whole selection (`data_buttons`)."""
    span = "" if year is None else f" {year}"
    chosen = recap_filter(f, year)
    with st.container(horizontal=True):  # the recap and the data download side by side (wrapping on a phone)
        made = prepared(
            "rekap",
            (chosen, version),
            f"Siapkan rekap Excel{span} (pilihan ini)",
            lambda: rekap_xlsx(chosen, version),
            "Menyusun rekap Excel…",
        )
        if made is not None:
            offer(
                f"Unduh rekap Excel{span} (pilihan ini)",
                made,
                f"rekap-pantauzi{span.replace(' ', '-')}.xlsx",
                "unduh_rekap",
                XLSX,
            )
        data_buttons(f, version)


MIMES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
LABELS = {"csv": "CSV", "parquet": "Parquet"}


@st.cache_data(max_entries=16, show_spinner="Menyusun data…")
def export_file(f: Filter, level: str, fmt: str, version: int) -> tuple[bytes, int]:
    return data.export_data(f, level, fmt)


def _export_files(f: Filter, level: str, version: int) -> tuple[int, dict[str, bytes]]:
    """(rows, {format: file}); no file when the selection holds more rows than one download may."""
    from pantauzi import exports

    rows = data.export_rows(f, level, version)
    if rows > exports.UI_MAX_ROWS:
        return rows, {}
    return rows, {kind: export_file(f, level, kind, version)[0] for kind in exports.FORMATS}


def data_buttons(f: Filter, version: int) -> None:
    """Beside the Excel recap: the selection's data at one level as CSV and Parquet (pantauzi.exports),
    each file stating the filter and the data source, made on request."""
    from pantauzi import exports

    with st.popover("Unduh data (CSV / Parquet)"):
        level = st.selectbox("Tingkat data", list(exports.LEVELS), format_func=exports.LEVELS.get, key="ekspor_tingkat")
        made = prepared(
            "ekspor",
            (f, version, level),
            "Siapkan data (pilihan ini)",
            lambda: _export_files(f, level, version),
            "Menyusun data…",
        )
        if made is None:
            return
        rows, files = made
        if not files:
            st.warning(
                f"Pilihan ini memuat {fmt.num(rows, 0)} baris, lebih dari {fmt.num(exports.UI_MAX_ROWS, 0)} baris "
                "per unduhan. "
                "Persempit filter (wilayah, instansi atau tahun), atau gunakan perintah "
                "`python -m reports.export` di server."
            )
            return
        for kind, content in files.items():
            offer(
                f"Unduh {LABELS[kind]}",
                content,
                exports.file_name(f, level, kind),
                f"unduh_data_{kind}",
                MIMES[kind],
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
        offer(
            "Unduh Ringkasan ZI (PDF)",
            made[1],
            f"ringkasan-zi-{region}-{year}.pdf",
            f"unduh_wilayah_{region}_{year}",
            "application/pdf",
        )
