"""The Excel recap of a selection (openpyxl): the same numbers the pages show, one sheet per view."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pantauzi.core import fmt, ratings, vocab
from pantauzi.core.filters import Filter
from pantauzi.store import answer_queries, db, lke_queries, lookups, rating_queries
from pantauzi.workbooks import safetext
from pantauzi.workbooks.xlsx import active_sheet

NUMBER = "#,##0.00"  # shown as 95,58 by an Indonesian-locale Excel: the value stays a number
HEAD = PatternFill("solid", fgColor="DDEBF7")
READY_FILL = {
    vocab.READINESS_LABELS["wbbm"]: PatternFill("solid", fgColor="B7E1CD"),
    vocab.READINESS_LABELS["wbk"]: PatternFill("solid", fgColor="C9DAF8"),
    vocab.READINESS_LABELS["belum"]: PatternFill("solid", fgColor="FCE8B2"),
    vocab.INCOMPLETE_LABEL: PatternFill("solid", fgColor="E0E0E0"),
}
ZONE_FILL = {
    "hijau": PatternFill("solid", fgColor="B7E1CD"),
    "kuning": PatternFill("solid", fgColor="FCE8B2"),
    "merah": PatternFill("solid", fgColor="F4C7C3"),
}


def _describe(cur: duckdb.DuckDBPyConnection, f: Filter) -> list[tuple[str, str]]:
    names = {
        **dict(lookups.provinsi_options(cur).values.tolist()),
        **dict(lookups.kabkota_options(cur, None).values.tolist()),
    }
    return [
        ("Provinsi", names.get(f.provinsi, "Semua provinsi") if f.provinsi else "Semua provinsi"),
        ("Kabupaten/Kota", names.get(f.kabkota, f.kabkota) if f.kabkota else "Semua kabupaten/kota"),
        ("Instansi", f.instansi or "Semua instansi"),
        ("OPD / unit", f.unit or "Semua OPD / unit"),
        ("Tahun", f"{f.tahun_dari}–{f.tahun_sampai}"),
        ("Tahap penilaian", vocab.STAGE_LABELS[f.tahap]),
    ]


def views(cur: duckdb.DuckDBPyConnection, f: Filter) -> dict[str, pd.DataFrame]:
    """Each sheet's rows, straight from the query functions the pages use."""
    totals = lke_queries.unit_totals(cur, f)
    ev = answer_queries.evidence_by_unit(cur, f).set_index(["unit", "year"])
    keys = list(zip(totals["unit"], totals["year"]))
    share = [ev["evidence_share"].get(k) for k in keys]
    changed = [ev["tpi_changed"].get(k) for k in keys]
    areas = lke_queries.area_scores(cur, f)
    omb = rating_queries.ombudsman_ratings(cur, f)
    mcp = rating_queries.mcp_scores(cur, f)
    status = [
        vocab.INCOMPLETE_LABEL if inc else vocab.READINESS_LABELS[r]
        for inc, r in zip(totals["incomplete"], totals["readiness"])
    ]
    return {
        "Ringkasan": pd.DataFrame(
            {
                "Kode unit": totals["unit"],
                "Unit": totals["unit_name"],
                "Instansi": totals["instansi_name"],
                "Wilayah": totals["region_name"],
                "Tahun": totals["year"],
                "Tahap": totals["stage"].map(vocab.STAGE_LABELS),
                "Nilai total": totals["total"],
                "Pengungkit": totals["pengungkit"],
                "Hasil": totals["hasil"],
                "Pemenuhan": totals["pemenuhan"],
                "Reform": totals["reform"],
                "Kesiapan": status,
                "Selisih dengan workbook (sel)": totals["differences"],
                "Bukti dukung (% jawaban)": pd.Series(
                    [None if x is None or pd.isna(x) else 100 * float(x) for x in share], dtype=float
                ),
                "Diubah TPI (jawaban)": pd.Series(
                    [None if x is None or pd.isna(x) else int(x) for x in changed], dtype=object
                ),
            }
        ),
        "Area Perubahan": pd.DataFrame(
            {
                "Kode unit": areas["unit"],
                "Unit": areas["label"],
                "Tahun": areas["year"],
                "Tahap": areas["stage"].map(vocab.STAGE_LABELS),
                "Area perubahan": areas["area_name"],
                "Pemenuhan": areas["pemenuhan"],
                "Reform": areas["reform"],
                "Nilai": areas["score"],
                "Bobot": areas["weight"],
                "% bobot": areas["pct"] * 100,
            }
        ),
        "Ombudsman": pd.DataFrame(
            {
                "Entitas": omb["entity"],
                "Tingkat": [ratings.label(v, "level") for v in omb["level"]],
                "Tahun": omb["year"],
                "Nilai": omb["score"],
                "Zona": omb["zone"],
                "Kategori": omb["category"].fillna(omb["published_category"]),
                "Metodologi": [ratings.label(v, "methodology") for v in omb["methodology"]],
                "Data": omb["synthetic"].map({True: "sintetis", False: "terbit"}),
                "Sumber": omb["source"],
            }
        ),
        "KPK MCP": pd.DataFrame(
            {
                "Pemda": mcp["region_name"],
                "Tahun": mcp["year"],
                "Area": [ratings.label(v, "mcp_area") for v in mcp["area_key"]],
                "Nilai": mcp["score"],
                "Data": mcp["synthetic"].map({True: "sintetis", False: "terbit"}),
                "Sumber": mcp["source"],
            }
        ),
    }


def _sheet(wb: Workbook, title: str, df: pd.DataFrame) -> None:
    ws = wb.create_sheet(title)
    ws.append(list(df.columns))
    for c in ws[1]:
        c.font, c.fill, c.alignment = Font(bold=True), HEAD, Alignment(wrap_text=True, vertical="top")
    for row in df.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    numeric = {i + 1 for i, c in enumerate(df.columns) if pd.api.types.is_float_dtype(df[c])}
    for col in numeric:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = NUMBER
    for name, fills in (("Kesiapan", READY_FILL), ("Zona", ZONE_FILL)):
        if name in df.columns:
            col = list(df.columns).index(name) + 1
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                if cell.value in fills:
                    cell.fill = fills[cell.value]
    ws.freeze_panes = "A2"
    if len(df):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{len(df) + 1}"
    for i, c in enumerate(df.columns, start=1):
        longest = max(
            [len(str(c))]
            + [len(fmt.num(v)) if isinstance(v, float) else len(str(v)) for v in df[c].head(500) if v is not None]
        )
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))


def _cell(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):  # numpy scalars -> Python numbers
        return v.item()
    return v


def build(con: duckdb.DuckDBPyConnection, f: Filter, source: str = "") -> bytes:
    """The recap workbook of filter `f` as bytes."""
    with db.cursor(con) as cur:
        data = views(cur, f)
        demo = lookups.has_demo_data(cur)
        about = _describe(cur, f)
    wb = Workbook()
    ws = active_sheet(wb)
    ws.title = "Keterangan"
    ws.append(["Rekap PantauZI"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["Dibuat", dt.datetime.now().strftime("%d-%m-%Y %H:%M")])
    ws.append(["Data", "Data contoh (sintetis, untuk peragaan)" if demo else "Data tersimpan di PantauZI"])
    if source:
        ws.append(["Basis data", source])
    ws.append([])
    ws.append(["Filter yang menghasilkan rekap ini"])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for k, v in about:
        ws.append([k, v])
    ws.append([])
    ws.append(["Nilai LKE dihitung ulang dari jawaban menurut PermenPANRB (bukan nilai tersimpan di workbook)."])
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 28, 60
    for title, df in data.items():
        _sheet(wb, title, df)
    out = io.BytesIO()
    safetext.save(wb, out)  # names, sources and filter values from data or the URL: text, never formulas
    return out.getvalue()
