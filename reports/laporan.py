"""The PDF "Laporan ZI" of one OPD and year (fpdf2, A4, Indonesian), with the pages' own plotly figures
exported as static images by kaleido through Debian's chromium.

Every statement about readiness (the cover, the criteria table, the conclusion) comes from one
pantauzi.core.scoring.Readiness, judged from the submission's stored criteria by scoring.decide: the rule
the loaders stored the verdict with. Criteria that do not decide (per part of an area, by the reference
data's area rule) are printed apart as information. The layout is planned: cover; readiness on one page;
the six areas; the weakest sub-areas; stages, trend and the Ombudsman/MCP signals, each block kept whole."""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb
import pandas as pd

from pantauzi.charts import lke as lke_charts
from pantauzi.core import fmt, ratings, refdata, scoring, signals, vocab
from pantauzi.core.filters import Filter
from pantauzi.store import db, lke_queries, rating_queries
from reports.pdf import Document, figure_server, png

__all__ = ["ReportError", "build", "figure_server", "readiness_of", "regulation", "criteria_rows"]


class ReportError(Exception):
    """A request that cannot produce a report (unknown unit, a year without data)."""


Laporan = Document

REGULATION = "PermenPANRB No. 90 Tahun 2021 tentang Pembangunan dan Evaluasi Zona Integritas"


def regulation(method_key: str) -> str:
    """The rules a submission was scored and judged by, as a reader can look them up."""
    m = next((x for x in refdata.methodologies() if x.key == method_key), None)
    if m is None or m.key == "permenpanrb-90-2021":
        return f"{REGULATION} (Lampiran III, LKE ZI)"
    return f"{m.title}, menurut {REGULATION}"


def readiness_of(criteria: pd.DataFrame, incomplete: bool) -> scoring.Readiness:
    """The stored criteria of a submission (lke_queries.readiness_criteria) judged by scoring.decide."""
    return scoring.decide(
        (
            scoring.Criterion(
                c["level"],
                c["criterion"],
                c["label"],
                None if c["value"] != c["value"] else float(c["value"]),
                None if c["threshold"] != c["threshold"] else float(c["threshold"]),
                bool(c["passed"]),
                bool(c["decisive"]),
            )
            for _, c in criteria.iterrows()
        ),
        bool(incomplete),
    )


def status_of(r: scoring.Readiness) -> str:
    """The verdict as the cover and the conclusion print it."""
    if r.incomplete:
        return vocab.INCOMPLETE_LABEL
    return vocab.READINESS_LABELS[r.level]


def _value(c: scoring.Criterion) -> str:
    if c.value is None:
        return "ya" if c.passed else "belum"
    return fmt.pct(c.value) if c.key.startswith("area:") else fmt.num(c.value)


def _threshold(c: scoring.Criterion) -> str:
    if c.threshold is None:
        return "wajib"
    return "≥ " + (fmt.pct(c.threshold) if c.key.startswith("area:") else fmt.num(c.threshold))


def _mark(c: scoring.Criterion | None) -> str:
    if c is None:
        return ""
    return "✓ ya" if c.passed else "✗ belum"


def criteria_rows(r: scoring.Readiness, decisive: bool) -> list[list[str]]:
    """One row per criterion key: label, value, WBK threshold, met, WBBM threshold, met. decisive=False:
    the informational rows (value and both thresholds only, no verdict)."""
    keys: dict[str, dict[str, scoring.Criterion]] = {}
    for c in r.criteria:
        if c.decisive == decisive:
            keys.setdefault(c.key, {})[c.level] = c
    # the fixed criteria, then the areas (and their parts) in the reference order, holding WBK last
    order = [*scoring.CRITERION_LABELS, *(f"area:{a}" for a in lke_charts.AREA_SHORT), "prior_wbk"]
    ranked = sorted(keys, key=lambda k: (order.index(k.rsplit(":", 1)[0] if k.count(":") == 2 else k), k))
    rows = []
    for k in ranked:
        by = keys[k]
        any_c = next(iter(by.values()))
        wbk, wbbm = by.get("wbk"), by.get("wbbm")
        label = any_c.label.replace(" (% bobot)", "")
        if decisive:
            rows.append(
                [
                    label,
                    _value(any_c),
                    _threshold(wbk) if wbk else "–",
                    _mark(wbk) if wbk else "–",
                    _threshold(wbbm) if wbbm else "–",
                    _mark(wbbm),
                ]
            )
        else:
            rows.append([label, _value(any_c), _threshold(wbk) if wbk else "–", _threshold(wbbm) if wbbm else "–"])
    return rows


def conclusion(r: scoring.Readiness) -> str:
    """One sentence that says what the table says."""
    wbk = r.failed("wbk")
    wbbm = r.failed("wbbm")

    def names(cs: list[scoring.Criterion]) -> str:
        return "; ".join(c.label.replace(" (% bobot)", "") for c in cs)

    n_wbk = sum(1 for c in r.criteria if c.level == "wbk" and c.decisive)
    if r.incomplete:
        return (
            f"Kesimpulan: {vocab.INCOMPLETE_LABEL}. Ada sub-area tanpa jawaban, sehingga unit ini tidak "
            "direkomendasikan untuk WBK maupun WBBM apa pun nilainya."
        )
    if r.level == "belum":
        return f"Kesimpulan: {status_of(r)}. Kriteria WBK yang belum terpenuhi ({len(wbk)}): {names(wbk)}."
    if r.level == "wbk":
        text = f"Kesimpulan: {status_of(r)}. Semua {n_wbk} kriteria penentu WBK terpenuhi. "
        if r.wbbm_needs_wbk:
            return text + "Nilai sudah memenuhi WBBM, tetapi predikat Menuju WBK belum dipegang."
        return text + f"Untuk WBBM belum terpenuhi ({len(wbbm)}): {names(wbbm)}."
    return f"Kesimpulan: {status_of(r)}. Semua kriteria penentu WBK dan WBBM terpenuhi."


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
        f_all = Filter(unit=unit, tahun_dari=int(totals["year"].min()), tahun_sampai=year)
        areas = lke_queries.area_scores(cur, f_all)
        criteria = lke_queries.readiness_criteria(cur, sid)
        weak = lke_queries.weakest_subareas(cur, sid, 6)
        notes = lke_queries.answer_notes(cur, sid)
        method_key = str(lke_queries.submission_info(cur, sid)["methodology"].iloc[0])
        both = lke_queries.stage_comparison(cur, f_all)
        pemda = info["instansi_kind"] in signals.PEMDA_KINDS
        rf = dataclasses.replace(f_all, tahun_dari=min(f_all.tahun_dari, year - 3), tahun_sampai=year)
        omb = rating_queries.ombudsman_ratings(cur, rf) if pemda else pd.DataFrame()
        mcp = rating_queries.mcp_scores(cur, rf) if pemda else pd.DataFrame()
        owners, units = rating_queries.mcp_owners(cur), rating_queries.pemda_units(cur, info["region_code"])
        milestones = lke_queries.unit_milestones(cur, unit)
    verdict = readiness_of(criteria, bool(row["incomplete"]))
    totals = totals[totals["year"] <= year]
    title = f"Laporan ZI {unit} {year}"
    pdf = Laporan(title)
    with figure_server():
        _cover(pdf, info, row, year, milestones, verdict, method_key)
        _readiness(pdf, row, verdict, method_key)
        _areas(pdf, areas[areas["year"] == year], row)
        _weak(pdf, weak, notes, method_key)
        _stages_and_trend(pdf, both, totals, areas)
        _signals(pdf, info, omb, mcp, owners, units, year, pemda)
    return bytes(pdf.output())


def _cover(
    pdf: Laporan,
    info: pd.Series,
    row: pd.Series,
    year: int,
    milestones: pd.DataFrame,
    verdict: scoring.Readiness,
    method_key: str,
) -> None:
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
    pdf.set_font("DejaVu", "B", 30)
    pdf.ln(6)
    pdf.multi_cell(0, 14, fmt.num(row["total"]), align="C")
    pdf.set_font("DejaVu", "", 13)
    pdf.multi_cell(0, 7, f"Nilai total LKE ZI · {status_of(verdict)}", align="C")
    pdf.set_font("DejaVu", "", 10)
    pdf.ln(2)
    pdf.multi_cell(0, 5.5, conclusion(verdict).split(". ", 1)[1], align="C")  # the status is the line above
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
        f"workbook menurut {regulation(method_key)}, bukan disalin dari nilai tersimpan di workbook."
    )


def _readiness(pdf: Laporan, row: pd.Series, verdict: scoring.Readiness, method_key: str) -> None:
    pdf.add_page()
    pdf.heading("1. Nilai dan kesiapan WBK / WBBM")
    pdf.para(
        f"Nilai total {fmt.num(row['total'])} = pengungkit {fmt.num(row['pengungkit'])} + hasil "
        f"{fmt.num(row['hasil'])}; pemenuhan {fmt.num(row['pemenuhan'])}, reform {fmt.num(row['reform'])}."
    )
    pdf.ln(1)
    pdf.para(f"Kriteria penentu (syarat menurut {regulation(method_key)}):", 10, bold=True)
    pdf.data_table(
        ["Kriteria", "Nilai", "Syarat WBK", "WBK", "Syarat WBBM", "WBBM"],
        criteria_rows(verdict, decisive=True),
        [80, 18, 24, 16, 26, 16],
        align=["LEFT", "RIGHT", "RIGHT", "LEFT", "RIGHT", "LEFT"],
    )
    pdf.para(conclusion(verdict), 10, bold=True)
    info = criteria_rows(verdict, decisive=False)
    if info:
        pdf.ln(3)
        pdf.keep(8 * (len(info) + 3))
        pdf.para("Informasi, tidak menentukan kesiapan", 10, bold=True)
        pdf.para(
            "Syarat area dihitung dari seluruh area (pemenuhan + reform) menurut aturan yang dipakai. "
            "Persentase pemenuhan dan reform per area di bawah ini hanya petunjuk bagian mana yang perlu "
            "dibenahi; angka di bawah acuan tidak membuat unit belum siap.",
            8.5,
        )
        pdf.data_table(
            ["Bagian area", "Nilai", "Acuan WBK", "Acuan WBBM"],
            info,
            [104, 24, 26, 26],
            size=8,
            align=["LEFT", "RIGHT", "RIGHT", "RIGHT"],
            line_height=4.2,
        )


def _areas(pdf: Laporan, areas: pd.DataFrame, row: pd.Series) -> None:
    pdf.add_page()
    pdf.heading("2. Enam area perubahan")
    y = pdf.get_y()
    w = 92.0
    radar = lke_charts.area_radar(areas).update_layout(
        margin=dict(l=130, r=130, t=70, b=40),
        polar=dict(angularaxis=dict(rotation=90), radialaxis=dict(angle=60, tickfont_size=11)),
    )
    bars = (
        lke_charts.pemenuhan_reform_bar(areas)
        .update_layout(legend=dict(orientation="h", x=1, xanchor="right", y=1.0, yanchor="bottom"))
        .update_traces(textfont_size=10)
    )
    pdf.image_bytes(png(radar, 620, 500), w=w, x=pdf.l_margin, y=y)
    pdf.image_bytes(png(bars, 620, 500), w=w, x=pdf.l_margin + w + 2, y=y)
    pdf.set_y(y + w * 500 / 620 + 3)
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
        [76, 24, 20, 20, 20, 20],
        align=["LEFT"] + ["RIGHT"] * 5,
    )


def _lines(pdf: Laporan, text: str, size: float, bold: bool = False) -> float:
    """Height in mm `text` takes as a paragraph (for keeping blocks together)."""
    pdf.set_font("DejaVu", "B" if bold else "", size)
    lines = pdf.multi_cell(0, size * 0.55, text, dry_run=True, output="LINES")
    return len(lines) * size * 0.55


def _weak(pdf: Laporan, weak: pd.DataFrame, notes: pd.DataFrame, method_key: str) -> None:
    pdf.heading("3. Sub-area yang paling banyak kehilangan nilai", keep=30)
    if weak.empty:
        pdf.para("Tidak ada nilai yang hilang.")
        return
    m = next((x for x in refdata.methodologies() if x.key == method_key), None)
    by_q = {int(q): (n, e) for q, n, e in zip(notes["question_id"], notes["note"], notes["evidence"])}
    for _, w in weak.iterrows():
        title = (
            f"{w['name']} ({w['area_name']}): nilai {fmt.num(w['score'])} dari bobot "
            f"{fmt.num(w['weight'])}, hilang {fmt.num(w['lost'])}"
        )
        qs = m.questions_of(w["node_id"]) if m is not None else []
        texts = [(q, *by_q[q.id]) for q in qs if q.id in by_q]
        lines = []
        for q, note, evidence in texts[:4]:
            line = f"• {q.text[:160]}"
            if isinstance(note, str) and note.strip():
                line += f"\n   Catatan: {note.strip()[:300]}"
            if isinstance(evidence, str) and evidence.strip():
                line += f"\n   Bukti: {evidence.strip()[:300]}"
            lines.append(line)
        if not lines:
            lines = ["Tidak ada catatan evaluator atau bukti tertulis di workbook untuk sub-area ini."]
        # a sub-area's block stays whole (a long one at least with its first lines)
        whole = _lines(pdf, title, 10, bold=True) + sum(_lines(pdf, x, 9) for x in lines) + 2
        pdf.keep(whole if whole < 70 else _lines(pdf, title, 10, bold=True) + _lines(pdf, lines[0], 9) + 2)
        pdf.para(title, 10, bold=True)
        for line in lines:
            pdf.para(line, 9)
        pdf.ln(1.5)


def _stages_and_trend(pdf: Laporan, both: pd.DataFrame, totals: pd.DataFrame, areas: pd.DataFrame) -> None:
    pdf.heading("4. Penilaian mandiri dibanding TPI, dan tren lintas tahun", keep=35)
    if both.empty:
        pdf.para("Belum ada tahun dengan nilai mandiri dan TPI sekaligus.")
    else:
        pdf.data_table(
            ["Tahun", "Mandiri", "TPI", "Selisih (TPI − mandiri)"],
            [
                [
                    str(int(b["year"])),
                    fmt.num(b["self_total"]),
                    fmt.num(b["tpi_total"]),
                    fmt.num(b["tpi_total"] - b["self_total"]),
                ]
                for _, b in both.iterrows()
            ],
            [24, 32, 32, 48],
            align=["LEFT", "RIGHT", "RIGHT", "RIGHT"],
        )
    if totals["year"].nunique() > 1:
        # side by side, legends below: one row of the page instead of two
        below = dict(orientation="h", x=0, xanchor="left", y=-0.25, yanchor="top", font_size=13)
        trend = lke_charts.totals_trend(totals).update_layout(showlegend=False)
        lines = lke_charts.area_lines(areas).update_layout(legend=below, margin=dict(b=10))
        w, h = 92.0, 92.0 * 500 / 580
        pdf.keep(h + 3)
        y = pdf.get_y()
        pdf.image_bytes(png(trend, 580, 500), w=w, x=pdf.l_margin, y=y)
        pdf.image_bytes(png(lines, 580, 500), w=w, x=pdf.l_margin + w + 2, y=y)
        pdf.set_y(y + h + 3)
    else:
        pdf.para("Tren lintas tahun: baru satu tahun penilaian.")


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
    pdf.heading("5. Ombudsman RI dan KPK MCP", keep=25)
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
