"""Laporan ZI never contradicts itself (issue 19, point 20): the cover's verdict, the criteria table and
the conclusion come from one Readiness judged as the loaders judged it; per-part rows are information,
never a "belum"; the references name the regulation; the layout is planned (pages rendered to
artifacts/laporan/ as PNG and looked at)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from loaders.lke import score_file
from pantauzi.core import fmt, scoring, vocab
from pantauzi.store import db
from reports import laporan
from reports.pdf import printable
from tests.lke_helpers import REAL, ROOT


def _frame(r: scoring.Readiness) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "level": [c.level for c in r.criteria],
            "criterion": [c.key for c in r.criteria],
            "label": [c.label for c in r.criteria],
            "value": [float("nan") if c.value is None else c.value for c in r.criteria],
            "threshold": [float("nan") if c.threshold is None else c.threshold for c in r.criteria],
            "passed": [c.passed for c in r.criteria],
            "decisive": [c.decisive for c in r.criteria],
        }
    ).sort_values(["level", "criterion"])  # as lke_queries.readiness_criteria orders them


def _agrees(r: scoring.Readiness) -> None:
    """The table's marks say what the verdict says."""
    table = laporan.criteria_rows(r, decisive=True)
    wbk_fails = [row[0] for row in table if row[3].startswith("✗")]
    wbbm_fails = [row[0] for row in table if row[5].startswith("✗")]
    if r.incomplete:
        assert laporan.status_of(r) == vocab.INCOMPLETE_LABEL
    elif r.level == "belum":
        assert wbk_fails
    elif r.level == "wbk":
        assert not wbk_fails and wbbm_fails
    else:
        assert not wbk_fails and not wbbm_fails
    for row in laporan.criteria_rows(r, decisive=False):  # information: no verdict words
        assert len(row) == 4 and not any(w in c for c in row[1:] for w in ("belum", "✗", "✓", "ya"))
    text = laporan.conclusion(r)
    assert laporan.status_of(r) in text
    if r.incomplete:
        assert "tanpa jawaban" in text  # whatever the table marks, never recommended
    elif r.wbbm_needs_wbk:
        assert wbbm_fails == ["Telah memegang predikat Menuju WBK"] and "Menuju WBK belum dipegang" in text
    else:
        for name in wbk_fails if r.level == "belum" else wbbm_fails if r.level == "wbk" else []:
            assert name in text


def test_real_workbook_verdict_agrees_with_the_table():
    res = score_file(str(REAL), None, REAL.name)
    for holds in (False, True):
        want = scoring.readiness(res.score, res.methodology, holds)
        got = laporan.readiness_of(_frame(want), want.incomplete)
        assert (got.level, got.wbbm_needs_wbk) == (want.level, want.wbbm_needs_wbk)
        _agrees(got)
    # the per-part rows are the ones that do not decide, and they are printed apart
    assert len(laporan.criteria_rows(want, decisive=False)) == 12


def test_every_demo_submission_verdict_agrees(demo_db):
    con = db.connect(demo_db, read_only=True)
    try:
        stored = con.execute(
            "SELECT r.*, s.readiness AS stored, s.incomplete FROM lke_readiness r "
            "JOIN lke_scores s USING (submission_id) ORDER BY submission_id, level, criterion"
        ).df()
    finally:
        con.close()
    levels = set()
    for _, rows in stored.groupby("submission_id"):
        r = laporan.readiness_of(rows, bool(rows["incomplete"].iloc[0]))
        assert r.level == rows["stored"].iloc[0]
        levels.add("incomplete" if r.incomplete else r.level)
        _agrees(r)
    assert {"wbk", "belum"} <= levels  # the demo holds both verdicts


def test_text_survives_the_font():
    assert printable("Siap ✅ WBK 🏆 tahun ini") == "Siap WBK tahun ini"
    url = "https://example.go.id/dokumen/laporan_pengendalian_gratifikasi_2024.pdf"
    out = printable(f"Bukti: {url}")
    assert out.replace("\u200b", "") == f"Bukti: {url}" and out.count("\u200b") >= 4
    assert printable("Penyelenggaraan pelayanan ≥ 60,0% → ✓") == "Penyelenggaraan pelayanan ≥ 60,0% → ✓"
    assert laporan.regulation("permenpanrb-90-2021").startswith("PermenPANRB No. 90 Tahun 2021")
    assert "2026" in laporan.regulation("lke-zi-2026")


def _pages(pdf) -> list[str]:
    """The text of each page (pdftotext separates pages by a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.slow
def test_laporan_pages_are_planned(demo_db, tmp_path):
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    out = tmp_path / "laporan.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "reports", "opd", "--db", str(copy), "--unit", "81.71-DPMPTSP", "--year", "2024",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pages = _pages(out)
    text = "\n".join(pages)
    assert 3 <= len(pages) <= 6
    assert "ZI-SPEC" not in text and "PermenPANRB No. 90 Tahun 2021" in text
    # one verdict: the cover's status is the conclusion's, and the stored one
    con = db.connect(copy, read_only=True)
    try:
        stored, total = con.execute(
            "SELECT s.readiness, s.total FROM lke_scores s JOIN lke_submissions b ON b.id = s.submission_id "
            "WHERE b.unit_code = '81.71-DPMPTSP' AND b.year = 2024 ORDER BY b.id DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    label = vocab.READINESS_LABELS[stored]
    assert "Dinas Penanaman Modal" in pages[0] and fmt.num(total) in pages[0] and "Halaman 1 dari" in pages[0]
    assert f"Nilai total LKE ZI · {label}" in pages[0]
    assert f"Kesimpulan: {label}." in " ".join(text.split())
    others = [v for k, v in vocab.READINESS_LABELS.items() if k != stored]
    assert not any(f"· {o}" in text or f"Kesimpulan: {o}" in text for o in others)
    # the decisive table on one page, the informational rows marked as such
    crit = [i for i, p in enumerate(pages) if "Nilai total" in p and "Syarat WBK" in p]
    assert len(crit) == 1 and "Telah memegang predikat Menuju WBK" in pages[crit[0]]
    assert "Informasi, tidak menentukan kesiapan" in pages[crit[0]]
    # no orphan page: every page carries a body, not a leftover row or two
    for i, p in enumerate(pages):
        body = [line for line in p.splitlines() if line.strip() and "Halaman" not in line]
        assert len(body) >= 8, f"page {i + 1} holds only {len(body)} lines"
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(out), str(tmp_path / "laporan")], check=True)
    shots = ROOT / "artifacts" / "laporan"
    shots.mkdir(parents=True, exist_ok=True)
    for p in sorted(tmp_path.glob("laporan-*.png")):
        shutil.copy(p, shots / p.name)  # looked at by a person, as the browser screenshots are


def test_figures_print_in_the_pages_colours(monkeypatch):
    """In the app process plotly's default template is Streamlit's, whose colorway holds placeholders
    (#000001 …) only the browser replaces: the PDF's figures name their colours themselves."""
    import plotly.io as pio
    from streamlit.elements.lib.streamlit_plotly_theme import configure_streamlit_plotly_theme

    from pantauzi.charts import lke as lke_charts
    from reports.pdf import PAGE_COLORWAY, for_print

    configure_streamlit_plotly_theme()
    monkeypatch.setattr(pio.templates, "default", "streamlit")
    areas = pd.DataFrame(
        [
            {"year": y, "area_key": k, "pct": 0.5 + 0.05 * i + 0.01 * (y - 2022)}
            for y in (2022, 2023, 2024)
            for i, k in enumerate(lke_charts.AREA_SHORT)
        ]
    )
    fig = for_print(lke_charts.area_lines(areas))
    colours = [t.line.color for t in fig.data]
    assert colours == list(PAGE_COLORWAY[:6])  # six areas, six different colours of the pages' palette
    assert fig.layout.template.layout.colorway is None or "#000001" not in fig.layout.template.layout.colorway
    assert all(ax.automargin for ax in (fig.layout.xaxis, fig.layout.yaxis))
