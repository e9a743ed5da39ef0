"""Pure scoring (ZI-SPEC §3-§5) on answer values, independent of any workbook."""

from __future__ import annotations

import pytest

from pantauzi.core import refdata, scoring

M = refdata.for_year(2024)


def values(
    choice: float = 1.0,
    ipak: float = 4.0,
    ipkp: float = 4.0,
    capaian: float = 1.0,
    counts: dict[int, float] | None = None,
) -> dict[int, float | None]:
    out: dict[int, float | None] = {}
    for q in M.questions:
        if q.type == "JUMLAH":
            out[q.id] = 10.0
        elif q.type == "NILAI_0_4":
            out[q.id] = ipak if q.id == 125 else ipkp
        else:
            out[q.id] = choice
    out[126] = capaian
    out.update({102: 0.0, 103: 0.0, 104: 0.0})
    out.update({116: 30.0, 120: 30.0})
    out.update(counts or {})
    return out


def test_everything_a_scores_100():
    s = scoring.score(M, values())
    assert s.total == pytest.approx(100) and s.pengungkit == pytest.approx(60)
    assert s.area_weights == {
        "manajemen_perubahan": 8,
        "penataan_tatalaksana": 7,
        "penataan_sdm": 10,
        "akuntabilitas_kinerja": 10,
        "penguatan_pengawasan": 15,
        "pelayanan_publik": 10,
    }
    assert all(s.area_pct(a) == pytest.approx(1) for a in M.area_keys)


def test_weights_match_the_spec():
    parts = {(n.area, n.part): n.weight for n in M.nodes if n.level == "area_perubahan"}
    assert parts[("penguatan_pengawasan", "pemenuhan")] == 7.5
    assert parts[("penataan_tatalaksana", "reform")] == 3.5
    assert sum(n.weight for n in M.nodes if n.level == "komponen") == 100
    assert M.answer_types["ABCD"]["values"] == {"A": 1, "B": 0.67, "C": 0.33, "D": 0}


def test_abcd_b_is_exactly_067():
    v = values()
    v[6] = 0.67  # sub-area iii Pemantauan (weight 1, three ABCD questions)
    s = scoring.score(M, v)
    assert s.nodes["n6"].score == pytest.approx((0.67 + 1 + 1) / 3)


def test_index_maps_to_weighted_score():
    s = scoring.score(M, values(ipak=3.6, ipkp=3.2))
    assert s.hasil_item(125) == pytest.approx(15.75) and s.hasil_item(127) == pytest.approx(14.0)


def test_lhk_denominator_is_the_sum_of_parts():
    s = scoring.score(M, values(counts={113: 1, 114: 1, 115: 13, 116: 13}))
    assert s.percent_values["pct_lhkpn"] == pytest.approx(13 / 15)
    assert s.nodes["n54"].score == pytest.approx(13 / 15 + 1)


def test_discipline_rule():
    assert scoring.score(M, values(counts={102: 0, 103: 0})).percent_values["pct_penurunan_disiplin"] == 1
    assert scoring.score(M, values(counts={102: 4, 103: 6})).percent_values["pct_penurunan_disiplin"] == 0
    s = scoring.score(M, values(counts={102: 0, 103: 2}))
    assert any(p.severity == "error" for p in s.problems)


def test_unused_counts_must_be_filled_but_do_not_score():
    v = values()
    v[111] = None
    s = scoring.score(M, v)
    assert s.total == pytest.approx(100) and s.unanswered == 1
    assert any(p.severity == "warning" and "wajib diisi" in p.message for p in s.problems)


def test_readiness_wbk_boundaries_are_inclusive():
    # ipak 3.6 -> 15.75, ipkp 3.2 -> 14.0, capaian C -> 2.5 : exactly the WBK thresholds
    s = scoring.score(M, values(ipak=3.6, ipkp=3.2, capaian=0.5))
    r = scoring.readiness(s, M)
    assert r.level == "wbk"
    assert not r.failed("wbk")


def test_readiness_fails_on_one_area_even_with_a_high_total():
    v = values()
    for q in M.questions:  # Penguatan Pengawasan pemenuhan all zero -> area 7.5/15 = 50 %
        if M.node(q.node).area == "penguatan_pengawasan" and M.node(q.node).part == "pemenuhan":
            v[q.id] = 0.0
    s = scoring.score(M, v)
    assert s.total >= 75
    r = scoring.readiness(s, M)
    assert r.level == "belum"
    assert [c.key for c in r.failed("wbk")] == ["area:penguatan_pengawasan"]


def test_wbbm_needs_the_wbk_predicate():
    s = scoring.score(M, values())
    assert scoring.readiness(s, M, holds_wbk=False).level == "wbk"
    assert scoring.readiness(s, M, holds_wbk=False).wbbm_needs_wbk
    assert scoring.readiness(s, M, holds_wbk=True).level == "wbbm"


def test_incomplete_is_never_ready():
    v = values()
    v[127] = None
    s = scoring.score(M, v)
    assert s.incomplete and s.total == pytest.approx(100 - 17.5)
    assert scoring.readiness(s, M, holds_wbk=True).level == "belum"


def test_lost_points_orders_what_to_fix_first():
    v = values()
    v[109] = 0.0  # Mekanisme pengendalian (2.5) lost entirely
    v[39] = 0.5  # Sistem informasi kepegawaian (0.25) half
    top = scoring.lost_points(scoring.score(M, v))
    assert [ns.node.id for ns in top[:2]] == ["n52", "n18"]


def test_methodology_by_year():
    assert refdata.for_year(2021).key == refdata.for_year(2025).key == "permenpanrb-90-2021"
    assert refdata.for_year(2026).key == "lke-zi-2026"
    with pytest.raises(KeyError):
        refdata.for_year(2019)
