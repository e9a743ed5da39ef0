"""The PDF "Laporan ZI" of one OPD and year (fpdf2, A4, Indonesian), with the pages' own plotly figures
exported as static images by kaleido through Debian's chromium."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go
from fpdf import FPDF

from pantauzi.charts import lke as lke_charts
from pantauzi.core import fmt, ratings, refdata, signals, vocab
from pantauzi.core.filters import Filter
from pantauzi.store import db, lke_queries, rating_queries

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


class ReportError(Exception):
    """A request that cannot produce a report (unknown unit, a year without data)."""


@contextmanager
def figure_server() -> Iterator[None]:
    """One headless chromium for all figures of a report (kaleido's first image costs ~2 s, later ~0.2 s)."""
    import kaleido

    if not os.environ.get("BROWSER_PATH"):
        found = shutil.which("chromium") or shutil.which("chromium-browser")
        if found:
            os.environ["BROWSER_PATH"] = found
    kaleido.start_sync_server(silence_warnings=True)
    try:
        yield
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def _png(fig: go.Figure, width: int = 900, height: int = 450) -> bytes:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "kopts ignored when using a server"
        png: bytes = fig.to_image(format="png", width=width, height=height, scale=2)
    return png


class Laporan(FPDF):
    def __init__(self, title: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.title_text = title
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=18)
        self.alias_nb_pages()

    def multi_cell(self, *args: Any, **kwargs: Any) -> FPDF.MultiCellResult:
        """As FPDF's, but every paragraph starts at the left margin on a new line."""
        kwargs.setdefault("new_x", "LMARGIN")
        kwargs.setdefault("new_y", "NEXT")
        return super().multi_cell(*args, **kwargs)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(110)
        self.cell(0, 6, f"{self.title_text} · Halaman {self.page_no()} dari {{nb}}", align="C")
        self.set_text_color(0)

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(2)
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, 7, text)
        self.set_font("DejaVu", "", 10)

    def para(self, text: str, size: int = 10) -> None:
        self.set_font("DejaVu", "", size)
        self.multi_cell(0, 5.5, text)

    def data_table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        """A table with a bold shaded header row (FPDF.table underneath)."""
        self.set_font("DejaVu", "B", 8.5)
        self.set_fill_color(221, 235, 247)
        from fpdf.fonts import FontFace

        heading = FontFace(emphasis="BOLD", fill_color=(221, 235, 247))
        with super().table(
            col_widths=widths, text_align="LEFT", line_height=5, headings_style=heading, width=sum(widths)
        ) as t:
            r = t.row()
            for h in header:
                r.cell(h)
            self.set_font("DejaVu", "", 8.5)
            for row in rows:
                r = t.row()
                for v in row:
                    r.cell(v)
        self.ln(2)

    def image_bytes(self, png: bytes, w: float = 180) -> None:
        import io

        self.image(io.BytesIO(png), w=w)
        self.ln(2)


def _chosen(cur: duckdb.DuckDBPyConnection, unit: str, year: int) -> tuple[pd.Series, pd.DataFrame]:
    prof = rating_queries.unit_profile(cur, unit)
    if prof.empty:
        raise ReportError(f"kode unit '{unit}' tidak dikenal")
    f = Filter(unit=unit, tahun_dari=min(year, 2017), tahun_sampai=max(year, 2030))
    totals = lke_queries.unit_totals(cur, f)
    now = totals[totals["year"] == year]
    if now.empty:
        years = ", ".join(str(int(y)) for y in sorted(totals["year"].unique())) or "belum ada"
        raise ReportError(f"unit '{unit}' belum punya nilai LKE tahun {year} (tahun yang ada: {years})")
    return prof.iloc[0], totals


def build(con: duckdb.DuckDBPyConnection, unit: str, year: int) -> bytes:
    """The PDF bytes of the Laporan ZI of `unit` for `year` (the latest stage of that year)."""
    with db.cursor(con) as cur:
        info, totals = _chosen(cur, unit, year)
        row = totals[totals["year"] == year].iloc[0]
        sid = int(row["submission_id"])
        f_all = Filter(unit=unit, tahun_dari=int(totals["year"].min()), tahun_sampai=int(totals["year"].max()))
        areas = lke_queries.area_scores(cur, f_all)
        criteria = lke_queries.readiness_criteria(cur, sid)
        weak = lke_queries.weakest_subareas(cur, sid, 6)
        notes = lke_queries.answer_notes(cur, sid)
        method_key = lke_queries.submission_info(cur, sid)["methodology"].iloc[0]
        both = lke_queries.stage_comparison(
            cur, Filter(unit=unit, tahun_dari=f_all.tahun_dari, tahun_sampai=f_all.tahun_sampai)
        )
        pemda = info["instansi_kind"] in signals.PEMDA_KINDS
        rf = dataclasses.replace(f_all, tahun_dari=min(f_all.tahun_dari, year - 3), tahun_sampai=year)
        omb = rating_queries.ombudsman_ratings(cur, rf) if pemda else pd.DataFrame()
        mcp = rating_queries.mcp_scores(cur, rf) if pemda else pd.DataFrame()
        owners, units = rating_queries.mcp_owners(cur), rating_queries.pemda_units(cur, info["region_code"])
        milestones = lke_queries.unit_milestones(cur, unit)
    title = f"Laporan ZI {unit} {year}"
    pdf = Laporan(title)
    with figure_server():
        _cover(pdf, info, row, year, milestones)
        _readiness(pdf, row, criteria)
        _areas(pdf, areas[areas["year"] == year], row)
        _weak(pdf, weak, notes, method_key)
        _stages_and_trend(pdf, both, totals, areas)
        _signals(pdf, info, omb, mcp, owners, units, year, pemda)
    return bytes(pdf.output())


def _cover(pdf: Laporan, info: pd.Series, row: pd.Series, year: int, milestones: pd.DataFrame) -> None:
    pdf.add_page()
    pdf.ln(30)
    pdf.set_font("DejaVu", "B", 22)
    pdf.multi_cell(0, 11, "Laporan Zona Integritas", align="C")
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 9, str(info["unit_name"]), align="C")
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 7, f"{info['instansi_name']}\n{info['region_name'] or ''}", align="C")
    pdf.ln(8)
    pdf.multi_cell(0, 7, f"Tahun penilaian {year} · tahap {vocab.STAGE_LABELS[row['stage']]}", align="C")
    status = vocab.INCOMPLETE_LABEL if row["incomplete"] else vocab.READINESS_LABELS[row["readiness"]]
    pdf.set_font("DejaVu", "B", 30)
    pdf.ln(6)
    pdf.multi_cell(0, 14, fmt.num(row["total"]), align="C")
    pdf.set_font("DejaVu", "", 13)
    pdf.multi_cell(0, 7, f"Nilai total LKE ZI · {status}", align="C")
    pdf.ln(10)
    if not milestones.empty:
        pdf.para(
            "Tahap ZI: "
            + " → ".join(
                f"{vocab.MILESTONE_LABELS.get(k, k)} ({fmt.date(d) if d == d and d is not None else y})"
                for k, y, d in zip(milestones["kind"], milestones["year"], milestones["date"])
            )
        )
    pdf.para(
        f"Dibuat oleh PantauZI pada {dt.date.today().strftime('%d-%m-%Y')}. Nilai dihitung ulang dari jawaban "
        "workbook menurut PermenPANRB 90/2021 (bank soal 2026), bukan disalin dari nilai tersimpan di workbook."
    )


def _readiness(pdf: Laporan, row: pd.Series, criteria: pd.DataFrame) -> None:
    pdf.add_page()
    pdf.heading("1. Nilai dan kesiapan WBK / WBBM")
    pdf.para(
        f"Nilai total {fmt.num(row['total'])} = pengungkit {fmt.num(row['pengungkit'])} + hasil "
        f"{fmt.num(row['hasil'])}; pemenuhan {fmt.num(row['pemenuhan'])}, reform {fmt.num(row['reform'])}."
    )
    if row["incomplete"]:
        pdf.para("Pengajuan belum lengkap (ada sub-area tanpa jawaban): tidak dapat direkomendasikan.")
    rows = [
        [
            c["level"].upper(),
            c["label"],
            fmt.pct(c["value"]) if "area:" in c["criterion"] else fmt.num(c["value"]),
            ("≥ " + (fmt.pct(c["threshold"]) if "area:" in c["criterion"] else fmt.num(c["threshold"])))
            if c["threshold"] == c["threshold"]
            else "predikat WBK",
            "terpenuhi" if c["passed"] else "BELUM",
        ]
        for _, c in criteria.iterrows()
    ]
    pdf.data_table(["Predikat", "Kriteria (ZI-SPEC §5)", "Nilai", "Syarat", "Status"], rows, [18, 92, 24, 28, 20])


def _areas(pdf: Laporan, areas: pd.DataFrame, row: pd.Series) -> None:
    pdf.heading("2. Enam area perubahan")
    pdf.image_bytes(_png(lke_charts.area_radar(areas), 900, 520), w=150)
    pdf.image_bytes(_png(lke_charts.pemenuhan_reform_bar(areas), 900, 420))
    pdf.data_table(
        ["Area perubahan", "Pemenuhan", "Reform", "Nilai", "Bobot", "% bobot"],
        [
            [
                a["area_name"],
                fmt.num(a["pemenuhan"]),
                fmt.num(a["reform"]),
                fmt.num(a["score"]),
                fmt.num(a["weight"]),
                fmt.pct(a["pct"]),
            ]
            for _, a in areas.iterrows()
        ],
        [70, 22, 22, 22, 22, 22],
    )


def _weak(pdf: Laporan, weak: pd.DataFrame, notes: pd.DataFrame, method_key: str) -> None:
    pdf.add_page()
    pdf.heading("3. Sub-area yang paling banyak kehilangan nilai")
    if weak.empty:
        pdf.para("Tidak ada nilai yang hilang.")
        return
    m = next((x for x in refdata.methodologies() if x.key == method_key), None)
    by_q = {int(q): (n, e) for q, n, e in zip(notes["question_id"], notes["note"], notes["evidence"])}
    for _, w in weak.iterrows():
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(
            0,
            5.5,
            f"{w['name']} ({w['area_name']}): nilai {fmt.num(w['score'])} dari bobot "
            f"{fmt.num(w['weight'])}, hilang {fmt.num(w['lost'])}",
        )
        qs = m.questions_of(w["node_id"]) if m is not None else []
        texts = [(q, *by_q[q.id]) for q in qs if q.id in by_q]
        if not texts:
            pdf.para("Tidak ada catatan evaluator atau bukti tertulis di workbook untuk sub-area ini.", 9)
        for q, note, evidence in texts[:4]:
            line = f"• {q.text[:140]}"
            if isinstance(note, str) and note.strip():
                line += f"\n   Catatan: {note.strip()[:300]}"
            if isinstance(evidence, str) and evidence.strip():
                line += f"\n   Bukti: {evidence.strip()[:300]}"
            pdf.para(line, 9)
        pdf.ln(1)


def _stages_and_trend(pdf: Laporan, both: pd.DataFrame, totals: pd.DataFrame, areas: pd.DataFrame) -> None:
    pdf.heading("4. Penilaian mandiri dibanding TPI, dan tren lintas tahun")
    if both.empty:
        pdf.para("Belum ada tahun dengan nilai mandiri dan TPI sekaligus.")
    else:
        pdf.data_table(
            ["Tahun", "Mandiri", "TPI", "Selisih"],
            [
                [
                    str(int(b["year"])),
                    fmt.num(b["self_total"]),
                    fmt.num(b["tpi_total"]),
                    fmt.num(b["tpi_total"] - b["self_total"]),
                ]
                for _, b in both.iterrows()
            ],
            [30, 40, 40, 40],
        )
    if totals["year"].nunique() > 1:
        pdf.image_bytes(_png(lke_charts.totals_trend(totals), 900, 400))
        pdf.image_bytes(_png(lke_charts.area_lines(areas), 900, 420))


def _signals(
    pdf: Laporan,
    info: pd.Series,
    omb: pd.DataFrame,
    mcp: pd.DataFrame,
    owners: pd.DataFrame,
    units: list[str],
    year: int,
    pemda: bool,
) -> None:
    pdf.add_page()
    pdf.heading("5. Ombudsman RI dan KPK MCP")
    if not pemda:
        pdf.para(f"{info['instansi_name']} adalah instansi vertikal: penilaian Ombudsman dan MCP pemda tidak berlaku.")
        return
    own = omb[omb["unit_code"] == info["unit"]] if not omb.empty else omb
    o = own if not own.empty else (omb[omb["level"] == "pemda"] if not omb.empty else omb)
    if o.empty:
        pdf.para("Ombudsman: belum ada data (tidak dinilai).")
    else:
        who = "unit ini" if not own.empty else "pemdanya"
        pdf.para(
            f"Ombudsman ({who}): "
            + "; ".join(f"{int(r['year'])}: {signals.ombudsman_label(r)}" for _, r in o.iterrows())
        )
    areas = signals.owned_areas(info["unit"], info["region_code"], owners, units)
    comp = signals.mcp_comparable(mcp) if not mcp.empty else pd.DataFrame()
    mine = comp[comp["comparable"].isin(areas)] if not comp.empty else comp
    if mcp.empty:
        pdf.para("KPK MCP: belum ada data (tidak dinilai).")
    elif mine.empty:
        tot = mcp[mcp["area_key"] == "total"]
        pdf.para(
            "KPK MCP (nilai total pemda; unit ini bukan penanggung jawab area MCP): "
            + "; ".join(f"{int(y)}: {fmt.num(s)}" for y, s in zip(tot["year"], tot["score"]))
        )
    else:
        labels = ratings.comparable_areas()
        pdf.para(
            "KPK MCP, area tanggung jawab unit: "
            + "; ".join(
                f"{int(y)} {labels[a]['label']}: {fmt.num(s)}"
                for y, a, s in zip(mine["year"], mine["comparable"], mine["score"])
            )
        )
