"""Issue 19 points 13, 14 and 16 through AppTest on the demo database: Ringkasan's tables lead with
the columns that answer their question, no stored code reaches a person (pages, charts, the Excel
export), and Profil OPD opens with the year's score, readiness and unmet criteria."""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from pantauzi.core import fmt, ratings
from pantauzi.core.filters import Filter
from pantauzi.store import db, lke_queries
from reports import rekap


def page(path: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file("../../dashboard.py", default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    return at.switch_page(path).run()


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


# ---------------------------------------------------------------- 14: no raw code reaches a person
CODES = {code for kind in ratings.labels().values() for code in kind}
# short codes (apip, pbj, asn, bmd, opd) as words of a text: their labels spell them in capitals
WORDS = re.compile(r"\b(" + "|".join(sorted(c for c in CODES if "_" not in c and len(c) <= 4)) + r")\b")


def raw_codes(text: str, url: bool = False) -> set[str]:
    """The stored codes `text` shows: the whole text a code, or an underscore code (or, outside a
    source URL, a lowercase code word) inside it. Labels are capitalised ("Pengawasan APIP")."""
    found = {text} & CODES | {c for c in CODES if "_" in c and c in text}
    return found if url else found | set(WORDS.findall(text))


def strings(value, key: str = ""):
    """(key, text) of every string in a plotly figure's JSON (a trace's names, labels, hover texts)."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "template":  # plotly's theme
                yield from strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v, key)


def shown_codes(at: AppTest) -> set[str]:
    found: set[str] = set()
    for frame in at.dataframe:
        df = frame.value
        for col in df.columns:
            for cell in df[col].astype(str):
                found |= raw_codes(cell, url=col in ("Sumber", "Profil"))
    for chart in at.get("plotly_chart"):
        for key, text in strings(json.loads(chart.proto.spec)):
            if key not in ("type", "mode", "hoverinfo", "xref", "yref", "legendgroup", "fill", "symbol"):
                found |= raw_codes(text, url=key == "text" and "sumber:" in text)
    return found


@pytest.fixture(scope="module")
def ringkasan(demo_db) -> AppTest:
    at = page("app_pages/ringkasan.py", {"kabkota": "81.71"})
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def profil(demo_db) -> AppTest:
    at = page("app_pages/profil_opd.py", {"tinjau": "81.71-BPPRD"})
    assert not at.exception
    return at


def test_lke_pages_show_no_code(ringkasan, profil):
    area = page("app_pages/area_perubahan.py", {"provinsi": "81"})
    assert not area.exception
    for at in (ringkasan, area, profil):
        assert at.get("plotly_chart")
        assert shown_codes(at) == set()
    assert len(ringkasan.dataframe) >= 3  # movers, criteria, sub-areas, three signals: all walked


def test_ombudsman_and_mcp_pages_show_no_code(demo_db):
    """Both pages' tables and charts (the export below covers every level and year)."""
    at = page("app_pages/ombudsman.py", {"provinsi": "81"})
    assert not at.exception
    methods = set(at.dataframe[0].value["Metodologi"])
    assert methods and methods <= set(ratings.labels()["methodology"].values())  # the names, not the keys
    seen = shown_codes(at)
    at = page("app_pages/mcp.py", {"kabkota": "81.71"})
    assert not at.exception
    assert shown_codes(at) | seen == set()


def test_the_excel_export_shows_no_code(demo_db):
    con = db.connect(demo_db, read_only=True)
    try:
        data = rekap.build(con, Filter("81", None, None, None, 2019, 2026))
    finally:
        con.close()
    wb = load_workbook(io.BytesIO(data))
    found: set[str] = set()
    for ws in wb.worksheets:
        head = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=1, values_only=True):
            for name, v in zip(head + [None] * len(row), row):
                if isinstance(v, str) and name not in ("Kode unit",):
                    found |= raw_codes(v, url=name == "Sumber")
    assert found == set()
    sheet = wb["KPK MCP"]
    areas = {r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"Nilai total", "Pengawasan APIP", "Pengadaan Barang dan Jasa"} <= areas
    levels = {r[1] for r in wb["Ombudsman"].iter_rows(min_row=2, values_only=True)}
    assert levels == {"Pemerintah daerah", "OPD / unit layanan"}


def test_every_code_has_its_label_in_the_reference_data():
    labels = ratings.labels()
    stored = {
        "level": {"pemda", "opd"},
        "methodology": {m.key for m in ratings.ombudsman_methods()},
        "dimension": set(ratings.DIMENSIONS),
        "mcp_area": {"total"} | {a[2] for a in ratings.crosswalk()},
        "comparable": {a[3] for a in ratings.crosswalk()},
    }
    for kind, codes in stored.items():
        for code in codes:
            assert ratings.label(code, kind) != code and ratings.label(code, kind), (kind, code)
    assert labels["mcp_area"]["perencanaan_penganggaran"] == "Perencanaan dan Penganggaran APBD"


# ---------------------------------------------------------------- 13: Ringkasan's tables
def test_ringkasan_tables_lead_with_the_columns_that_answer_the_question(ringkasan):
    at = ringkasan
    frames = {tuple(d.value.columns): d for d in at.dataframe}
    by_col = {name: d for cols, d in frames.items() for name in cols}
    failed, weakest, three = by_col["Syarat"], by_col["Hilang"], by_col["Profil"]
    assert list(failed.proto.column_order)[:3] == ["Predikat", "Nilai", "Syarat"]
    assert list(weakest.proto.column_order)[0] == "Hilang"
    assert list(three.proto.column_order)[:2] == ["Unit", "Profil"]
    assert set(three.proto.column_order) == set(three.value.columns)  # the rest still shown, after
    for d, key in ((failed, "Syarat"), (weakest, "Hilang"), (three, "Profil")):
        config = json.loads(d.proto.columns)
        assert isinstance(config[key]["width"], int), key  # a fixed width: never pushed out of sight
    link = json.loads(three.proto.columns)["Profil"]
    assert link["type_config"]["type"] == "link" and link["type_config"]["display_text"] == "buka profil"
    # the two review tables one under the other, full width (side by side each half hid its answer)
    in_columns = [d for c in at.columns for d in c.dataframe]
    assert not any({"Syarat", "Hilang"} & set(d.value.columns) for d in in_columns)


# ---------------------------------------------------------------- 16: Profil OPD's headline
def test_profil_opd_opens_with_the_years_score_readiness_and_unmet_criteria(demo_db, profil):
    unit = "81.71-BPPRD"
    con = db.connect(demo_db, read_only=True)
    try:
        with db.cursor(con) as cur:
            totals = lke_queries.unit_totals(cur, Filter(None, None, None, unit, 2019, 2026))
            last = totals.sort_values("year").iloc[-1]
            failed = lke_queries.failed_criteria(cur, int(last["submission_id"]))
    finally:
        con.close()
    nodes = list(walk(profil.main))
    head = next(i for i, n in enumerate(nodes) if n.type == "info" and "nilai" in str(getattr(n, "value", "")))
    text = nodes[head].value
    assert f"{int(last['year'])} · TPI: nilai {fmt.num(last['total'])} — Belum siap" in text
    wbk = failed[failed["level"] == "wbk"]
    assert f"({len(wbk)} kriteria)" in text
    total = wbk[wbk["criterion"] == "total"].iloc[0]
    assert f"- Nilai total {fmt.num(total['value'])} dari minimal {fmt.num(total['threshold'])}" in text
    area = wbk[wbk["criterion"].str.startswith("area:")].iloc[0]
    assert f"{fmt.pct(area['value'])} dari minimal {fmt.pct(area['threshold'])}" in text
    stage = next(i for i, n in enumerate(nodes) if "Tahap Zona Integritas" in str(getattr(n, "value", "")))
    first_chart = next(i for i, n in enumerate(nodes) if n.type == "plotly_chart")
    assert head < stage < first_chart  # on top, before the stage line, the flags and every chart


def test_profil_of_a_vertical_unit_states_why_nothing_is_compared(demo_db):
    at = page("app_pages/profil_opd.py", {"tinjau": "81-KEJATI"})
    assert not at.exception
    assert any("Siap WBK" in i.value and "Belum terpenuhi untuk WBBM" in i.value for i in at.info)
    [ok] = [s.value for s in at.success]
    assert "instansi vertikal" in ok and "belum ada" not in ok and "bertentangan" not in ok
