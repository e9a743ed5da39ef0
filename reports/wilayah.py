"""The one-page PDF "Ringkasan ZI <wilayah> <tahun>" for a Bupati, Wali Kota or Sekda: readiness counts,
the ranking, the movers, the three signals and what to fix first, all from the Ringkasan page's own data
(pantauzi.pagedata.lke: the same functions, so the same numbers as the page)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass

import duckdb
import pandas as pd

from pantauzi.core import fmt, vocab
from pantauzi.core.filters import Filter
from pantauzi.pagedata import lke as pages
from pantauzi.store import db, lookups
from reports.laporan import REGULATION
from reports.pdf import Document

RANK_ROWS = 5  # strongest and weakest units (or groups) shown
MOVER_ROWS = 5
SIGNAL_ROWS = 14  # units in the three-signals table (the weakest first) when the page has room
FIX_ROWS = 4


class RegionError(Exception):
    """A request for a region or year the database cannot serve."""


@dataclass(frozen=True)
class Ringkasan:
    """What the one page prints: page data of Ringkasan (and Area Perubahan's per-area means)."""

    region: str  # "Kota Ambon"
    year: int
    filter: Filter
    overview: pages.RingkasanOverview
    movers: pages.MoversView
    signals: pd.DataFrame  # three_signals table (empty when the selection is grouped)
    areas: pd.DataFrame  # area_overview heatmap of the region: area_name, pct (mean of its units), units
    failed: list[tuple[str, int]]  # WBK criterion label -> units that do not meet it, most first
    previous: int | None  # the year movers compare against (None: no earlier year)


def _names(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """code -> name of every provinsi and kab/kota holding units (the sidebar's choices)."""
    pairs = lookups.provinsi_options(cur).values.tolist() + lookups.kabkota_options(cur, None).values.tolist()
    return {str(c): str(n) for c, n in pairs}


def region_filter(
    cur: duckdb.DuckDBPyConnection, provinsi: str | None, kabkota: str | None, year: int | None
) -> tuple[Filter, str, int]:
    """The Ringkasan filter of a region and the year (default: the latest with LKE scores), its name."""
    names = _names(cur)
    code = kabkota or provinsi
    if not code or code not in names:
        raise RegionError(f"kode wilayah '{code}' tidak dikenal")
    if provinsi and kabkota and not kabkota.startswith(provinsi + "."):
        raise RegionError(f"kabupaten/kota '{kabkota}' tidak berada di provinsi '{provinsi}'")
    bounds = lookups.year_bounds(cur) or (2021, 2026)
    prov = provinsi or (kabkota.split(".")[0] if kabkota else None)
    f = Filter(prov, kabkota, None, None, bounds[0], bounds[1])
    years = pages.lke_years(cur, f).years
    if not years:
        raise RegionError(f"belum ada nilai LKE untuk {names[code]}")
    chosen = year if year is not None else years[0]
    if chosen not in years:
        raise RegionError(
            f"{names[code]} belum punya nilai LKE tahun {chosen} (tahun yang ada: "
            + ", ".join(str(y) for y in sorted(years))
            + ")"
        )
    return dataclasses.replace(f, tahun_sampai=chosen), names[code], chosen


def gather(cur: duckdb.DuckDBPyConnection, f: Filter, year: int, region: str) -> Ringkasan:
    """The page data of Ringkasan for `f` and `year`, as the page computes it."""
    years = pages.lke_years(cur, f)
    if year not in years.levels:
        raise RegionError(f"tidak ada nilai LKE tahun {year} untuk pilihan ini")
    level = years.levels[year]
    view = pages.ringkasan_overview(cur, f, year, level)
    moves = pages.movers(cur, f, year, MOVER_ROWS)
    signals = pages.three_signals(cur, f, year).table if level == "unit" else pd.DataFrame()
    heat = pages.area_overview(cur, f, year, "kabkota" if f.kabkota else "provinsi").heatmap
    areas = _region_areas(heat)
    failed: Counter[str] = Counter()
    if level == "unit":
        for unit in view.bars["unit"]:
            review = pages.unit_review(cur, f, str(unit), year)
            failed.update(str(x) for x in review.failed.loc[review.failed["level"] == "wbk", "label"])
    earlier = [y for y in years.years if y < year]
    return Ringkasan(
        region,
        year,
        f,
        view,
        moves,
        signals,
        areas,
        failed.most_common(),
        max(earlier) if earlier else None,
    )


def _region_areas(heat: pd.DataFrame) -> pd.DataFrame:
    """The per-group area means of the region as one row per area (weighted by the groups' units: a
    provinsi grouped per provinsi is one group already)."""
    if heat.empty:
        return heat
    g = heat.assign(w=heat["pct"] * heat["units"]).groupby(["area_order", "area_name"], as_index=False)
    out = g.agg(w=("w", "sum"), units=("units", "sum"))
    return out.assign(pct=out["w"] / out["units"]).drop(columns="w").sort_values("pct")


def region_of(cur: duckdb.DuckDBPyConnection, f: Filter) -> str:
    """The name of the region a filter selects (its kab/kota, else its provinsi)."""
    code = f.kabkota or f.provinsi
    if not code:
        raise RegionError("pilih provinsi atau kabupaten/kota lebih dulu")
    names = _names(cur)
    if code not in names:
        raise RegionError(f"kode wilayah '{code}' tidak dikenal")
    return names[code]


def build_selection(con: duckdb.DuckDBPyConnection, f: Filter, year: int) -> bytes:
    """The page's own selection and focus year as the one-page PDF (the Ringkasan button)."""
    with db.cursor(con) as cur:
        region = region_of(cur, f)
        data = gather(cur, f, year, region)
    return render(data)


def build(con: duckdb.DuckDBPyConnection, f: Filter, year: int, region: str) -> bytes:
    """The one-page PDF of Ringkasan for the region of `f` in `year`."""
    with db.cursor(con) as cur:
        data = gather(cur, f, year, region)
    return render(data)


def render(data: Ringkasan) -> bytes:
    """One A4 page; when the units do not fit, the three-signals table shows the weakest ones only."""
    rows = SIGNAL_ROWS
    while True:
        pdf = _page(data, rows)
        if pdf.page_no() == 1 or rows <= 3:
            return bytes(pdf.output())
        rows -= 2


def _page(d: Ringkasan, signal_rows: int) -> Document:
    title = f"Ringkasan ZI {d.region} {d.year}"
    pdf = Document(title, footer=False)
    pdf.set_margins(12, 11, 12)
    pdf.set_auto_page_break(True, margin=10)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 17)
    pdf.multi_cell(0, 8, title)
    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_text_color(90)
    pdf.multi_cell(
        0,
        4.2,
        f"Untuk kepala daerah dan Sekda · {vocab.STAGE_LABELS[d.filter.tahap]} · dibuat PantauZI "
        f"{dt.date.today().strftime('%d-%m-%Y')} dari data halaman Ringkasan · kesiapan menurut semua kriteria "
        f"{REGULATION} (bukan hanya nilai total).",
    )
    pdf.set_text_color(0)
    pdf.ln(2)
    _counts(pdf, d)
    _rank_and_movers(pdf, d)
    _signals(pdf, d, signal_rows)
    _fix_first(pdf, d)
    return pdf


COUNT_FILL = {
    "wbbm": (183, 225, 205),
    "wbk": (201, 218, 248),
    "belum": (252, 232, 178),
    vocab.INCOMPLETE: (224, 224, 224),
}


def _counts(pdf: Document, d: Ringkasan) -> None:
    v = d.overview
    boxes = [
        ("wbbm", vocab.READINESS_LABELS["wbbm"], v.wbbm),
        ("wbk", vocab.READINESS_LABELS["wbk"], v.wbk),
        ("belum", vocab.READINESS_LABELS["belum"], v.belum),
        (vocab.INCOMPLETE, vocab.INCOMPLETE_LABEL, v.incomplete),
    ]
    w = (pdf.epw - 3 * 3) / 4
    y = pdf.get_y()
    for i, (key, label, n) in enumerate(boxes):
        x = pdf.l_margin + i * (w + 3)
        pdf.set_fill_color(*COUNT_FILL[key])
        pdf.rect(x, y, w, 17, style="F")
        pdf.set_xy(x, y + 1.5)
        pdf.set_font("DejaVu", "B", 16)
        pdf.cell(w, 8, fmt.num(n, 0), align="C")
        pdf.set_xy(x, y + 9.5)
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(w, 5, f"{label} (unit)", align="C")
    pdf.set_xy(pdf.l_margin, y + 19)
    pdf.para(
        f"{fmt.num(v.units, 0)} unit dinilai tahun {d.year}. Belum lengkap: ada sub-area tanpa jawaban, "
        "tidak pernah direkomendasikan.",
        8.5,
    )
    pdf.ln(1)


def _ranking(d: Ringkasan) -> tuple[str, list[list[str]], list[list[str]]]:
    """(what is ranked, strongest rows, weakest rows): units at unit level, else the page's groups."""
    v = d.overview
    if v.level == "unit":
        b = v.bars.sort_values(["total", "label"], ascending=[False, True])
        status = [
            vocab.INCOMPLETE_LABEL if inc else vocab.READINESS_LABELS[r]
            for inc, r in zip(b["incomplete"], b["readiness"])
        ]
        rows = [[_short(lbl, d.region), fmt.num(t), s] for lbl, t, s in zip(b["label"], b["total"], status)]
        what = "unit"
    else:
        g = v.groups.sort_values(["mean_total", "label"], ascending=[False, True])
        rows = [
            [str(lbl), fmt.num(t), f"{fmt.num(k + m, 0)} dari {fmt.num(n, 0)} siap"]
            for lbl, t, k, m, n in zip(g["label"], g["mean_total"], g["wbk"], g["wbbm"], g["units"])
        ]
        what = v.level_name
    numbered = [[str(i + 1), *r] for i, r in enumerate(rows)]
    if len(numbered) <= 2 * RANK_ROWS:
        return what, numbered, []
    return what, numbered[:RANK_ROWS], numbered[-RANK_ROWS:]


def _rank_and_movers(pdf: Document, d: Ringkasan) -> None:
    what, top, bottom = _ranking(d)
    col = (pdf.epw - 4) / 2
    y = pdf.get_y()
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(col, 6, f"Peringkat {d.year} (per {what})")
    avg = "Rata-rata nilai" if d.overview.level != "unit" else "Nilai"
    left = top + ([["…", "", "", ""]] + bottom if bottom else [])
    _table(pdf, ["#", what.capitalize(), avg, "Kesiapan"], left, [7, 46, 14, col - 67], pdf.l_margin)
    end_left = pdf.get_y()
    pdf.set_xy(pdf.l_margin + col + 4, y)
    pdf.set_font("DejaVu", "B", 11)
    vs = f"dibanding {d.previous}" if d.previous else "dibanding tahun sebelumnya"
    pdf.multi_cell(col, 6, f"Perubahan terbesar {vs}", new_x="LEFT")
    t = d.movers.table
    if t.empty:
        pdf.set_x(pdf.l_margin + col + 4)
        pdf.para("Belum ada tahun pembanding.", 8.5)
    else:
        _table(
            pdf,
            ["Unit", "Nilai", "Sebelumnya", "Perubahan"],
            t.astype(str).assign(Unit=[_short(u, d.region) for u in t["Unit"]]).values.tolist(),
            [col - 58, 13, 22, 23],
            pdf.l_margin + col + 4,
        )
    pdf.set_xy(pdf.l_margin, max(end_left, pdf.get_y()) + 1)


def _table(pdf: Document, header: list[str], rows: list[list[str]], widths: list[float], x: float) -> None:
    """A small table at `x` (one line per row: cells are shortened rather than wrapped)."""
    pdf.set_x(x)
    pdf.set_font("DejaVu", "B", 7.8)
    pdf.set_fill_color(221, 235, 247)
    for h, w in zip(header, widths):
        pdf.cell(w, 4.8, h, border=1, fill=True)
    pdf.ln(4.8)
    pdf.set_font("DejaVu", "", 7.8)
    for row in rows:
        pdf.set_x(x)
        for i, (v, w) in enumerate(zip(row, widths)):
            pdf.cell(w, 4.6, _fit(pdf, v, w - 1.6), border=1, align="R" if _numeric(v) and i else "L")
        pdf.ln(4.6)


def _short(label: object, region: str) -> str:
    """A unit's label without the region the whole page is about ("DINKES · Kota Ambon" -> "DINKES")."""
    return str(label).removesuffix(f" · {region}")


def _numeric(v: str) -> bool:
    return bool(v) and v.replace(",", "").replace(".", "").replace("▲ ", "").replace("▼ ", "").isdigit()


def _fit(pdf: Document, text: str, width: float) -> str:
    """`text` cut at a word (with …) to fit `width` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1 and pdf.get_string_width(" ".join(words) + " …") > width:
        words.pop()
    out = " ".join(words)
    while out and pdf.get_string_width(out + "…") > width:
        out = out[:-1]
    return out.rstrip(" ,·:") + "…"


def _signals(pdf: Document, d: Ringkasan, limit: int) -> None:
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, f"Tiga sinyal {d.year}: LKE, Ombudsman RI, KPK MCP")
    t = d.signals
    if t.empty:
        if d.overview.level != "unit":
            pdf.para(
                f"{fmt.num(d.overview.units, 0)} unit: terlalu banyak untuk satu baris per OPD (halaman Ringkasan "
                f"mengelompokkan per {d.overview.level_name}). Pilih kabupaten/kota untuk tiga sinyal per OPD.",
                8.5,
            )
        else:
            pdf.para("Belum ada data sinyal untuk tahun ini.", 8.5)
        pdf.ln(1)
        return
    shown = t.assign(_n=[_number(x) for x in t["Nilai LKE"]]).sort_values("_n").head(limit)
    rows = shown[["Unit", "Nilai LKE", "Kesiapan", "Ombudsman", "KPK MCP", "Catatan"]].fillna("").astype(str)
    rows = rows.assign(Unit=[_short(u, d.region) for u in rows["Unit"]])
    w = pdf.epw
    pdf.data_table(
        ["Unit", "LKE", "Kesiapan", "Ombudsman", "KPK MCP", "Catatan"],
        rows.values.tolist(),
        [32, 11, 19, 34, 38, w - 134],
        size=7.3,
        align=["LEFT", "RIGHT", "LEFT", "LEFT", "LEFT", "LEFT"],
        line_height=3.5,
    )
    rest = len(t) - len(shown)
    note = "Diurutkan dari nilai LKE terendah."
    if rest > 0:
        note += f" {fmt.num(rest, 0)} unit lain (nilai lebih tinggi) ada di halaman Ringkasan."
    note += (
        " Ombudsman: nilai OPD bila dinilai, selain itu pemdanya; MCP: area tanggung jawab unit, selain itu "
        "total pemda."
    )
    pdf.para(note, 7.5)
    pdf.ln(1)


def _number(text: object) -> float:
    try:
        return float(str(text).replace(".", "").replace(",", "."))
    except ValueError:
        return float("inf")


def _fix_first(pdf: Document, d: Ringkasan) -> None:
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, "Yang perlu dibenahi lebih dulu")
    col = (pdf.epw - 4) / 2
    y = pdf.get_y()
    if not d.areas.empty:
        rows = [
            [str(a), fmt.pct(p), fmt.num(n, 0)]
            for a, p, n in zip(d.areas["area_name"], d.areas["pct"], d.areas["units"])
        ][:FIX_ROWS]
        pdf.set_font("DejaVu", "", 8.5)
        pdf.multi_cell(col, 4.4, "Area perubahan dengan capaian rata-rata terendah (% dari bobot area):", new_x="LEFT")
        _table(pdf, ["Area perubahan", "Capaian", "Unit"], rows, [col - 30, 16, 14], pdf.l_margin)
    end_left = pdf.get_y()
    pdf.set_xy(pdf.l_margin + col + 4, y)
    if d.failed:
        pdf.set_font("DejaVu", "", 8.5)
        pdf.multi_cell(col, 4.4, "Kriteria WBK yang paling sering belum terpenuhi:", new_x="LEFT")
        _table(
            pdf,
            ["Kriteria WBK", "Unit belum"],
            [[label.replace(" (% bobot)", ""), fmt.num(n, 0)] for label, n in d.failed[:FIX_ROWS]],
            [col - 20, 20],
            pdf.l_margin + col + 4,
        )
    elif d.overview.level == "unit":
        pdf.para("Semua unit memenuhi kriteria WBK.", 8.5)
    pdf.set_xy(pdf.l_margin, max(end_left, pdf.get_y()) + 2)
    pdf.set_font("DejaVu", "", 7.5)
    pdf.set_text_color(90)
    pdf.multi_cell(
        0,
        3.8,
        "Per unit: kriteria yang belum terpenuhi dan sub-area yang paling banyak kehilangan nilai ada di halaman "
        "Ringkasan (\u201cYang perlu dibenahi lebih dulu\u201d) dan di Laporan ZI (PDF) tiap OPD.",
    )
    pdf.set_text_color(0)
