"""The real anonymized 90/2021 workbook: recomputed by ZI-SPEC, every template slip reported."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from loaders.lke import score_file
from tests.lke_helpers import REAL, ROOT


@pytest.fixture(scope="module")
def real():
    return score_file(REAL)


def test_total_follows_the_spec_not_the_cached_formulas(real):
    # Reform, computed by hand from the answers in the workbook (ZI-SPEC §3-§4):
    mp = 2 * (7 / 7 + 1 / 7) / 2 + 1 + 1  # agen %, integrated %; two ABCDE/ABCD 'A'
    sdm = 1.5 + 1.5 + 2 * 1.0  # discipline 0 -> 0 counts as 1
    ak = 2 * (3 / 5) + 1.5 + 1.5  # capaian 3 of 5
    lhk = 1 * (13 / (1 + 1 + 13)) + 1 * (12 / (0 + 1 + 12))  # parts, not the typed total K185=12
    pw = 2.5 + 3 * (1 / 6) + lhk  # pengaduan 1 of 6
    reform = mp + 3.5 + sdm + ak + pw + 5
    assert real.score.pemenuhan == pytest.approx(30)
    assert real.score.reform == pytest.approx(reform)
    assert real.score.hasil == pytest.approx(40)
    assert real.score.total == pytest.approx(30 + reform + 40)
    assert real.score.total == pytest.approx(95.63260073260074)
    assert real.workbook_total == pytest.approx(95.57619047619048)
    assert real.score.areas["penguatan_pengawasan"] == pytest.approx(7.5 + pw)
    assert real.score.areas_reform["akuntabilitas_kinerja"] == pytest.approx(4.2)
    assert real.score.answered == 127 and real.score.unanswered == 0
    assert not real.incomplete


def test_template_slips_are_found_with_their_cells(real):
    cells = {d.cell for d in real.differences}
    # Ya type typo (L8 shows '-'), LHKASN from the typed total (K184/L184/L183), the LHKPN/LHKASN
    # average (L175), the typed total itself (K185), and everything summing them up.
    assert {"L8", "K184", "L184", "L183", "L175", "K185", "L167", "L125", "L4", "L198", "L208"} <= cells
    by_cell = {d.cell: d for d in real.differences}
    assert by_cell["K185"].workbook == 12 and by_cell["K185"].recomputed == 13
    assert by_cell["L8"].workbook == "-" and by_cell["L8"].recomputed == 1
    warned = {w.cell for w in real.warnings}
    assert {"J8", "K185"} <= warned


@pytest.mark.slow  # the command line, in a subprocess
def test_cli_score_prints_the_contract(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "loaders", "score", str(REAL)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    d = json.loads(out.stdout)
    for key in (
        "layout",
        "stage",
        "total",
        "pengungkit",
        "hasil",
        "pemenuhan",
        "reform",
        "areas",
        "areas_pemenuhan",
        "areas_reform",
        "incomplete",
        "answered",
        "unanswered",
        "workbook_total",
        "differences",
        "warnings",
    ):
        assert key in d, key
    assert d["layout"] == "legacy" and d["stage"] == "self"
    assert set(d["areas"]) == {
        "manajemen_perubahan",
        "penataan_tatalaksana",
        "penataan_sdm",
        "akuntabilitas_kinerja",
        "penguatan_pengawasan",
        "pelayanan_publik",
    }
    assert d["total"] == pytest.approx(95.63260073260074)
    assert {"cell", "workbook", "recomputed"} == set(d["differences"][0])
    assert {"cell", "message"} == set(d["warnings"][0])
    assert sum(d["areas"].values()) == pytest.approx(d["pengungkit"])
