"""Simulasi plans (pantauzi.core.simulation): valid by the real scorer on the real anonymized workbook and
on generated submissions, minimal against exhaustive search on small cases, unreachable targets say so."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.lke import read
from pantauzi.core import refdata, scoring, simulation
from tests.lke_helpers import REAL

M = refdata.for_year(2024)
CANDIDATES = simulation.changeable(M)


@pytest.fixture(scope="module")
def real() -> dict[int, float | None]:
    return dict(read.score_file(REAL).score.question_values)


def applied(p: simulation.Plan, rows: tuple[simulation.PlanRow, ...] | None = None) -> dict[int, float | None]:
    return simulation.apply(p, {r.qid: r.value for r in (p.rows if rows is None else rows)})


def assert_valid(p: simulation.Plan, values: dict[int, float | None], holds_wbk: bool = True) -> None:
    """Applying the plan makes the scorer's readiness reach the target; every row improves an answer."""
    after = applied(p)
    r = scoring.readiness(scoring.score(M, after), M, holds_wbk)
    assert not r.incomplete
    if p.target == "wbk":
        assert r.level in ("wbk", "wbbm")
    elif holds_wbk:
        assert r.level == "wbbm"
    for row in p.rows:
        allowed = dict(simulation.options(M, row.qid))
        assert allowed[row.proposed] == row.value
        today = values.get(row.qid)
        assert today is None or row.value > today
        assert row.serves
    for need in p.survey:  # survey items are reported as values to reach, never as answer changes
        assert need.qid not in {r.qid for r in p.rows}


def worsened(values: dict[int, float | None], area: str, to_worst: int) -> dict[int, float | None]:
    """The first `to_worst` choice questions of an area set to their lowest option."""
    out = dict(values)
    qs = [q for q in CANDIDATES if M.node(M.question(q).node).area == area][:to_worst]
    for q in qs:
        out[q] = simulation.options(M, q)[0][1]
    return out


# ---------------------------------------------------------------- the real workbook
def test_real_workbook_is_wbk_ready_and_wbbm_needs_the_predicate(real):
    p = simulation.plan(M, real, "wbk")
    assert p.already and p.reachable and not p.rows
    p = simulation.plan(M, real, "wbbm", holds_wbk=False)
    assert not p.reachable and any("Menuju WBK" in r for r in p.reasons)
    assert not p.rows  # its scores already meet WBBM: only the predicate is missing
    assert simulation.plan(M, real, "wbbm", holds_wbk=True).already


@pytest.mark.parametrize("target", ["wbk", "wbbm"])
@pytest.mark.parametrize("area, n", [("penguatan_pengawasan", 14), ("manajemen_perubahan", 9), ("penataan_sdm", 20)])
def test_real_workbook_worsened_gets_a_valid_plan(real, target, area, n):
    values = worsened(real, area, n)
    p = simulation.plan(M, values, target, holds_wbk=True)
    assert p.reachable and p.rows and not p.already
    assert_valid(p, values)
    assert p.method in ("exact", "exact_count", "greedy")
    assert len(p.rows) >= p.lower_bound
    # unticking any row of a minimal plan breaks it (the scorer says so)
    if p.method in ("exact", "exact_count"):
        for drop in p.rows:
            rest = tuple(r for r in p.rows if r is not drop)
            assert not simulation.evaluate(M, applied(p, rest), target, True).meets


def test_greedy_only_is_still_valid_and_says_so(real):
    values = worsened(worsened(real, "penguatan_pengawasan", 20), "pelayanan_publik", 20)
    p = simulation.plan(M, values, "wbbm", holds_wbk=True, exact_max=0, budget=0)
    assert p.method in ("greedy", "exact_count") and "serakah" in p.method_text
    assert_valid(p, values)


# ---------------------------------------------------------------- generated submissions
def answer(q: refdata.Question) -> st.SearchStrategy[float | None]:
    if q.type == "JUMLAH":  # counts: every % item defined (their own edge cases are the scorer's tests)
        return st.just(0.0 if q.id in (102, 103, 104) else 10.0)
    if q.type == "NILAI_0_4":
        return st.floats(3.0, 4.0).map(lambda x: round(x, 2))
    opts = [v for _, v in simulation.options(M, q.id)]
    return st.one_of(st.sampled_from(opts), st.sampled_from(opts), st.none())


SUBMISSION = st.fixed_dictionaries({q.id: answer(q) for q in M.questions})


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(values=SUBMISSION, target=st.sampled_from(["wbk", "wbbm"]))
def test_generated_submissions_get_valid_plans_or_say_why_not(values, target):
    values[126] = 1.0 if values[126] is None else values[126]
    for q in (125, 127):
        values[q] = values[q] if values[q] is not None else 3.0
    p = simulation.plan(M, values, target, holds_wbk=True, budget=2_000)  # validity holds for any budget
    if p.rows:
        assert_valid(p, values)
    elif not p.already:
        assert p.reasons  # no plan: the page says why
    for need in p.survey:
        assert p.planning_values[need.qid] == need.required
        assert any(need.label in r for r in p.reasons)


# ---------------------------------------------------------------- exhaustive minimality on small cases
def brute_force(values: dict[int, float | None], free: list[int], target: str, upto: int) -> tuple[int, int] | None:
    """(fewest changes, fewest steps among those) over every assignment of better options to at most
    `upto` of the `free` questions, judged by the real scorer alone."""
    for k in range(upto + 1):
        best: int | None = None
        for qs in itertools.combinations(free, k):
            choices = [
                [
                    (lab, v, simulation.steps_between(M, q, values[q], lab))
                    for lab, v in simulation.options(M, q)
                    if values[q] is None or v > values[q]
                ]
                for q in qs
            ]
            for combo in itertools.product(*choices):
                steps = sum(c[2] for c in combo)
                if best is not None and steps >= best:
                    continue
                trial = {**values, **{q: c[1] for q, c in zip(qs, combo)}}
                if simulation.evaluate(M, trial, target, True).meets:  # type: ignore[arg-type]
                    best = steps
        if best is not None:
            return k, best
    return None


def small_case(seed_values: list[int], chosen: list[int]) -> tuple[dict[int, float | None], list[int]]:
    """Everything at its best except a few questions of two small areas (and their % items at 0)."""
    values: dict[int, float | None] = {}
    for q in M.questions:
        if q.type == "JUMLAH":
            values[q.id] = 10.0
        elif q.type == "NILAI_0_4":
            values[q.id] = 4.0
        else:
            values[q.id] = simulation.options(M, q.id)[-1][1]
    values.update({102: 0.0, 103: 0.0, 104: 0.0, 89: 0.0, 91: 0.0})  # agen perubahan made no change
    free = [CANDIDATES[i] for i in chosen]
    for q, s in zip(free, seed_values):
        opts = simulation.options(M, q)
        values[q] = opts[s % (len(opts) - 1)][1]  # below the best option
    return values, free


SMALL_POOL = [i for i, q in enumerate(CANDIDATES) if M.node(M.question(q).node).area in ("manajemen_perubahan",)]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(
    chosen=st.lists(st.sampled_from(SMALL_POOL), min_size=4, max_size=6, unique=True),
    seeds=st.lists(st.integers(0, 3), min_size=6, max_size=6),
    target=st.sampled_from(["wbk", "wbbm"]),
)
def test_no_smaller_plan_exists_by_exhaustive_search(chosen, seeds, target):
    values, free = small_case(seeds, chosen)
    p = simulation.plan(M, values, target, holds_wbk=True)
    assert p.method in ("exact", "none")
    truth = brute_force(values, free, target, upto=min(len(free), max(len(p.rows), 1)))
    if p.already:
        assert truth == (0, 0)
        return
    if not p.rows:
        assert truth is None and p.reasons
        return
    assert truth is not None
    assert (len(p.rows), p.steps) == truth
    assert_valid(p, values)


def test_exhaustive_check_on_a_fixed_case_needs_changes():
    values, free = small_case([0, 0, 0, 0, 0, 0], SMALL_POOL[:6])
    p = simulation.plan(M, values, "wbbm", holds_wbk=True)
    assert p.rows and p.method == "exact"
    assert (len(p.rows), p.steps) == brute_force(values, free, "wbbm", upto=len(p.rows))


# ---------------------------------------------------------------- unreachable and incomplete
def test_a_survey_below_its_threshold_is_a_value_to_reach_not_an_answer(real):
    values = {**real, 125: 3.2}
    p = simulation.plan(M, values, "wbk")
    assert not p.reachable
    (need,) = p.survey
    assert need.qid == 125 and need.required == pytest.approx(3.6) and need.required_text == "3,60"
    assert any("IPAK" in r and "3,60" in r for r in p.reasons)
    assert simulation.evaluate(M, applied(p), "wbk").meets  # with the survey at 3,60 and the plan


def test_capaian_is_reported_as_the_option_to_reach(real):
    p = simulation.plan(M, {**real, 126: 0.25}, "wbbm", holds_wbk=True)
    assert [(n.qid, n.required_text) for n in p.survey] == [(126, "B")]
    assert not p.reachable and 126 not in {r.qid for r in p.rows}


def test_a_hasil_threshold_no_answer_can_move_is_unreachable(real):
    strict = replace(M, thresholds={**M.thresholds, "wbk": {**M.thresholds["wbk"], "hasil_bersih": 23.0}})
    p = simulation.plan(strict, real, "wbk")
    assert not p.reachable and any("tidak cukup" in r for r in p.reasons)


def test_a_total_beyond_every_answer_is_unreachable(real):
    strict = replace(M, thresholds={**M.thresholds, "wbk": {**M.thresholds["wbk"], "pengungkit": 60.5}})
    p = simulation.plan(strict, worsened(real, "penataan_sdm", 5), "wbk")
    assert not p.reachable and not p.rows and p.method == "none"
    assert any("Bahkan bila semua jawaban" in r for r in p.reasons)


def test_an_unanswered_sub_area_is_answered_by_the_plan(real):
    values = dict(real)
    node = M.question(CANDIDATES[0]).node
    for q in M.questions_of(node):
        values[q.id] = None
    assert scoring.score(M, values).incomplete
    p = simulation.plan(M, values, "wbk")
    assert p.reachable and any(r.node == node and r.today is None for r in p.rows)
    assert any("Kelengkapan" in s for r in p.rows for s in r.serves)
    assert_valid(p, values, holds_wbk=False)


def test_steps_count_options_apart():
    abcd = next(q for q in CANDIDATES if M.question(q).type == "ABCD")
    assert simulation.steps_between(M, abcd, 0.67, "A") == 1
    assert simulation.steps_between(M, abcd, 0.0, "A") == 3
    assert simulation.steps_between(M, abcd, None, "D") == 1
    assert simulation.steps_between(M, abcd, None, "A") == 4
    assert 125 not in CANDIDATES and 126 not in CANDIDATES and 127 not in CANDIDATES
