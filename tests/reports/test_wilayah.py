"""The one-page Ringkasan ZI of a region (issue 19, point 21): exactly one A4 page (pdfinfo), holding the
Ringkasan page data's numbers (readiness counts, ranking, movers, three signals, what to fix first),
from the command line and for a provinsi; bad requests exit 2 in Indonesian. The Ringkasan button is in
tests/pages/test_report_buttons.py. Pages rendered to artifacts/laporan/ and looked at."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from collections import Counter

import pandas as pd
import pytest

from pantauzi.core import fmt
from pantauzi.core.filters import Filter
from pantauzi.pagedata import lke as pages
from pantauzi.store import db
from reports import wilayah
from tests.lke_helpers import ROOT

pytestmark = pytest.mark.slow  # pdfinfo/pdftotext (and once the CLI) in subprocesses


def _pdf_text(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info)[1]), re.search(r"Page size:\s+(.*)", info)[1], text


def _shot(pdf, name):
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
    shots = ROOT / "artifacts" / "laporan"
    shots.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf.with_suffix(".png"), shots / f"{name}.png")


def test_kota_ambon_from_the_command_line(demo_db, tmp_path):
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    out = tmp_path / "ringkasan.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "reports", "wilayah", "--db", str(copy), "--kabkota", "81.71", "--tahun", "2025",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.startswith(f"ditulis: {out} ("), done.stderr
    n, size, text = _pdf_text(out)
    assert n == 1 and "(A4)" in size  # one A4 page
    _shot(out, "wilayah-81.71-2025")
    flat = " ".join(text.split())
    assert "Ringkasan ZI Kota Ambon 2025" in flat and "PermenPANRB No. 90 Tahun 2021" in flat
    # the page data, computed here independently through the same functions the Ringkasan page calls
    f = Filter(provinsi="81", kabkota="81.71", tahun_dari=2019, tahun_sampai=2025)
    con = db.connect(copy, read_only=True)
    try:
        with db.cursor(con) as cur:
            level = pages.lke_years(cur, f).levels[2025]
            view = pages.ringkasan_overview(cur, f, 2025, level)
            moves = pages.movers(cur, f, 2025, 5).table
            three = pages.three_signals(cur, f, 2025).table
            failed = Counter()
            for u in view.bars["unit"]:
                r = pages.unit_review(cur, f, u, 2025).failed
                failed.update(r.loc[r["level"] == "wbk", "label"])
    finally:
        con.close()
    assert level == "unit" and view.units == 6
    boxes = re.search(r"(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+Siap WBBM", flat)
    assert boxes and [int(x) for x in boxes.groups()] == [view.wbbm, view.wbk, view.belum, view.incomplete]
    assert f"{view.units} unit dinilai tahun 2025" in flat
    best = view.bars.sort_values("total").iloc[-1]
    assert re.search(rf"1\s+{best['label'].split(' · ')[0]}\s+{fmt.num(best['total'])}", text)
    for row in moves.itertuples():
        assert re.search(rf"{row.Unit.split(' · ')[0]}\s+{row.Nilai}\s+{row.Sebelumnya}\s+{row.Perubahan}", text)
    for row in three.itertuples():  # every OPD's three signals (six units fit the page)
        assert row._2 in text and row.Kesiapan in text
        assert row.Ombudsman.split(" · ")[0][:13] in text and row._5.split(": ")[-1][:13] in text  # MCP
    top_label, top_n = failed.most_common(1)[0]
    assert re.search(rf"{re.escape(top_label.replace(' (% bobot)', ''))}\s+{top_n}", text)


def test_provinsi_on_one_page_and_bad_requests(demo_db, tmp_path):
    """A provinsi on one page; more units than the page holds still one page (the weakest units and a note
    for the rest); unknown regions and years refused in Indonesian."""
    con = db.connect(demo_db, read_only=True)
    try:
        with db.cursor(con) as cur:
            f, name, year = wilayah.region_filter(cur, "81", None, 2024)
            data = wilayah.gather(cur, f, year, name)
            for args, words in (
                ((None, "99.99", None), "kode wilayah '99.99' tidak dikenal"),
                (("36", "81.71", None), "tidak berada di provinsi '36'"),
                ((None, "81.71", 2010), "belum punya nilai LKE tahun 2010 (tahun yang ada: 2021"),
            ):
                with pytest.raises(wilayah.RegionError, match=re.escape(words)):
                    wilayah.region_filter(cur, *args)
    finally:
        con.close()
    out = tmp_path / "wilayah-81.pdf"
    out.write_bytes(wilayah.render(data))
    n, _, text = _pdf_text(out)
    assert n == 1 and "Ringkasan ZI Maluku 2024" in text and f"{data.overview.units} unit dinilai" in text
    _shot(out, "wilayah-81-2024")
    many = pd.concat([data.signals] * 6, ignore_index=True)  # 54 rows
    out.write_bytes(wilayah.render(dataclasses.replace(data, signals=many)))
    n, _, text = _pdf_text(out)
    assert n == 1 and "unit lain (nilai lebih tinggi) ada di halaman Ringkasan" in " ".join(text.split())
