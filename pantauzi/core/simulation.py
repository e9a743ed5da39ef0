"""Simulasi: the fewest answer improvements that make every readiness criterion of a target pass.

Pure and typed, no I/O. Every verdict comes from the real scorer (`scoring.score` + `scoring.readiness`)
on the changed answers; per-move gains are measured with that scorer once and summed only to bound and
order the search (the scorer is sub-additive: two changes in one sub-area never gain more together than
apart, so the sums are upper bounds and pruning with them loses no plan).

"Minimal" = fewest answers changed, ties broken by the smallest total step (options apart on the
question's scale: A→B 1, C→A 2; answering an unanswered question costs 1 plus its rank above the
lowest option). Survey indexes (IPAK, IPKP) and capaian kinerja are Hasil items a unit cannot simply
answer: they are reported as the value they must reach, and the plan is computed assuming they reach it.

Method: a greedy plan with repair first (an upper bound), a lower bound from the per-criterion deficits,
then an exact branch-and-bound over plans of up to EXACT_MAX_CHANGES changes within SEARCH_BUDGET
search nodes; the result says which of these it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from pantauzi.core import fmt, scoring
from pantauzi.core.refdata import Methodology
from pantauzi.core.vocab import Predicate

Method = Literal["exact", "exact_count", "greedy", "none"]
Values = dict[int, float | None]

EXACT_MAX_CHANGES = 8  # exact search for plans of at most this many changes
SEARCH_BUDGET = 20_000  # search nodes per plan before falling back to the greedy plan
HASIL_KEYS = ("ipak", "capaian", "hasil_bersih", "ipkp")
CHOICE_KINDS = ("YA_TIDAK", "ABC", "ABCD", "ABCDE")
IPAK_Q, CAPAIAN_Q, IPKP_Q = 125, 126, 127

METHOD_TEXT: dict[Method, str] = {
    "exact": "pencarian lengkap (cabang-dan-batas): tidak ada rencana dengan lebih sedikit perubahan, "
    "dan di antara yang sama banyak tidak ada yang langkahnya lebih kecil",
    "exact_count": "jumlah perubahan terbukti minimal (pencarian lengkap); langkah dikurangi secara serakah "
    "karena pencarian langkah terkecil melebihi batas",
    "greedy": "serakah dengan perbaikan (rencana terlalu besar untuk pencarian lengkap); rencana ini sah, "
    "tetapi mungkin ada rencana yang lebih pendek",
    "none": "tidak ada rencana yang dihitung",
}


@dataclass(frozen=True)
class Move:
    qid: int
    option: str
    value: float
    steps: int
    gains: tuple[float, ...]  # per tracked criterion, measured with the real scorer (alone)
    points: float  # gain of the total, alone


@dataclass(frozen=True)
class PlanRow:
    qid: int
    node: str
    area: str | None
    today: str | None  # the option answered today (None: unanswered)
    proposed: str
    value: float
    steps: int
    points: float  # total points gained by this change alone (real scorer)
    serves: tuple[str, ...]  # labels of the failing criteria it raises


@dataclass(frozen=True)
class SurveyNeed:
    qid: int
    label: str
    today: float | None  # the answer value today (index 0–4, or the capaian option value)
    required: float  # the value it must reach
    required_text: str  # "3,60" or "C"
    criteria: tuple[str, ...]  # labels of the failing criteria


@dataclass(frozen=True)
class CriterionCheck:
    key: str
    label: str
    value: float | None
    threshold: float | None
    passed: bool


@dataclass(frozen=True)
class Plan:
    target: Predicate
    rows: tuple[PlanRow, ...]
    survey: tuple[SurveyNeed, ...]
    reasons: tuple[str, ...]  # why the target cannot be reached by answers alone (empty: reachable)
    method: Method
    lower_bound: int  # no plan with fewer changes exists (proven by the bound)
    already: bool  # the target's criteria pass today
    planning_values: Values  # today's answers with the survey items at their required values

    @property
    def reachable(self) -> bool:
        return not self.reasons

    @property
    def steps(self) -> int:
        return sum(r.steps for r in self.rows)

    @property
    def method_text(self) -> str:
        return METHOD_TEXT[self.method]


@dataclass(frozen=True)
class Evaluation:
    score: scoring.Score
    readiness: scoring.Readiness
    criteria: tuple[CriterionCheck, ...]  # every decisive criterion of the target (both levels for WBBM)
    meets: bool  # every criterion of the target passes and the submission is complete (prior WBK apart)


# ---------------------------------------------------------------- answer scales
def options(m: Methodology, qid: int) -> list[tuple[str, float]]:
    """A choice question's options, lowest value first."""
    vals = m.answer_types[m.question(qid).type]["values"]
    return sorted(((str(k), float(v)) for k, v in vals.items()), key=lambda kv: kv[1])


def option_of(m: Methodology, qid: int, value: float | None) -> str | None:
    if value is None:
        return None
    for label, v in options(m, qid):
        if abs(v - value) < 1e-9:
            return label
    return fmt.num(value, 2)


def steps_between(m: Methodology, qid: int, today: float | None, option: str) -> int:
    """Options apart on the question's scale; from unanswered: 1 + the option's rank above the lowest."""
    labels = [k for k, _ in options(m, qid)]
    to = labels.index(option)
    if today is None:
        return 1 + to
    now = option_of(m, qid, today)
    frm = labels.index(now) if now in labels else 0
    return abs(to - frm)


def changeable(m: Methodology) -> list[int]:
    """The questions a unit improves by answering: choice questions outside the Hasil component."""
    return [
        q.id for q in m.questions if q.type in CHOICE_KINDS and m.node(q.node).part != "hasil" and q.id != CAPAIAN_Q
    ]


# ---------------------------------------------------------------- criteria of a target
def _levels(target: Predicate) -> tuple[Predicate, ...]:
    return ("wbk",) if target == "wbk" else ("wbk", "wbbm")


def evaluate(m: Methodology, values: Values, target: Predicate, holds_wbk: bool = False) -> Evaluation:
    """The real scorer's verdict on `values` for `target` (prior WBK is reported, not part of `meets`)."""
    s = scoring.score(m, values)
    r = scoring.readiness(s, m, holds_wbk)
    checks = [
        CriterionCheck(f"{c.level}:{c.key}", f"{c.label} ({c.level.upper()})", c.value, c.threshold, c.passed)
        for c in r.criteria
        if c.level in _levels(target) and c.decisive and c.key != "prior_wbk"
    ]
    meets = not r.incomplete and all(c.passed for c in checks)
    return Evaluation(s, r, tuple(checks), meets)


def _needs(r: scoring.Readiness, target: Predicate) -> dict[str, tuple[float, str]]:
    """criterion key -> (the strictest threshold of the target's levels, label)."""
    out: dict[str, tuple[float, str]] = {}
    for c in r.criteria:
        if c.level in _levels(target) and c.decisive and c.threshold is not None:
            th = float(c.threshold)
            if c.key not in out or th > out[c.key][0]:
                out[c.key] = (th, c.label)
    return out


def _values_of(r: scoring.Readiness) -> dict[str, float]:
    return {c.key: float(c.value) for c in r.criteria if c.value is not None and c.level == "wbk"}


def _slack(m: Methodology, key: str) -> float:
    """How far below its threshold a value may be and still pass after readiness' rounding (lenient)."""
    digits = m.thresholds.get("round_digits")
    if digits is None:
        return 1e-9
    return 0.5 * 10.0 ** (-int(digits)) / (100.0 if key.startswith("area:") else 1.0) + 1e-9


# ---------------------------------------------------------------- survey / capaian requirements
def _passes(m: Methodology, values: Values, target: Predicate, keys: tuple[str, ...]) -> bool:
    r = scoring.readiness(scoring.score(m, values), m)
    return all(c.passed for c in r.criteria if c.level in _levels(target) and c.key in keys)


def _survey(m: Methodology, values: Values, target: Predicate) -> tuple[Values, list[SurveyNeed], list[str]]:
    """Raise IPAK, capaian and IPKP to the least value their criteria need (each checked by the scorer)."""
    out = dict(values)
    needs: list[SurveyNeed] = []
    problems: list[str] = []
    r0 = scoring.readiness(scoring.score(m, out), m)
    failing = {c.key: c.label for c in r0.criteria if c.level in _levels(target) and not c.passed}
    if not set(HASIL_KEYS) & set(failing):
        return out, needs, problems
    imax = float(m.answer_types["NILAI_0_4"]["max"])
    labels = {c.key: c.label for c in r0.criteria}
    if "capaian" in failing:
        for label, v in options(m, CAPAIAN_Q):
            trial = {**out, CAPAIAN_Q: v}
            if _passes(m, trial, target, ("capaian",)):
                if out.get(CAPAIAN_Q) is None or v > float(out[CAPAIAN_Q] or 0):
                    needs.append(
                        SurveyNeed(CAPAIAN_Q, labels["capaian"], values.get(CAPAIAN_Q), v, label, (labels["capaian"],))
                    )
                    out = trial
                break
    for qid, keys in ((IPAK_Q, ("ipak", "hasil_bersih")), (IPKP_Q, ("ipkp",))):
        if _passes(m, out, target, keys):
            continue
        weight = m.node(f"h{qid}").weight
        th = max(float(m.thresholds[lv][k]) for lv in _levels(target) for k in keys[:1])
        if "hasil_bersih" in keys:
            cap = scoring.score(m, out).hasil_item(CAPAIAN_Q)
            th = max(th, max(float(m.thresholds[lv]["hasil_bersih"]) for lv in _levels(target)) - cap)
        idx = math.ceil(round(th / weight * imax * 100, 6)) / 100
        idx = max(idx, 0.0)
        while idx <= imax + 1e-9 and not _passes(m, {**out, qid: idx}, target, keys):
            idx = round(idx + 0.01, 2)
        crit = tuple(labels[k] for k in keys if k in failing)
        if idx > imax + 1e-9:
            problems.append(
                f"{labels[keys[0]]}: bahkan indeks {fmt.num(imax, 2)} tidak cukup untuk memenuhi "
                + ", ".join(crit)
                + "."
            )
            continue
        needs.append(SurveyNeed(qid, labels[keys[0]], values.get(qid), idx, fmt.num(idx, 2), crit))
        out[qid] = idx
    return out, needs, problems


# ---------------------------------------------------------------- the search
class _OutOfBudget(Exception):
    pass


@dataclass
class _Search:
    m: Methodology
    base: Values
    target: Predicate
    holds_wbk: bool
    keys: tuple[str, ...]
    deficits: tuple[float, ...]
    questions: list[list[Move]]  # per candidate question its moves, fewest steps first
    tops: list[list[list[float]]]  # [key][i][r]: the r largest max-gains of key among questions i..
    nodes: int = 0
    budget: int = SEARCH_BUDGET
    verified: int = 0

    def verify(self, moves: list[Move]) -> bool:
        self.verified += 1
        values = dict(self.base)
        values.update({mv.qid: mv.value for mv in moves})
        return evaluate(self.m, values, self.target, self.holds_wbk).meets

    def summed_pass(self, moves: list[Move]) -> bool:
        """The summed single-move gains close every deficit (necessary for the scorer to pass)."""
        return all(sum(mv.gains[x] for mv in moves) >= d for x, d in enumerate(self.deficits))

    def dfs_level(self, k: int, best_steps: int) -> tuple[list[Move] | None, int]:
        """The plan of exactly k changes with the fewest steps below `best_steps` (or None)."""
        best: list[Move] | None = None
        n = len(self.questions)
        acc = [0.0] * len(self.keys)
        chosen: list[Move] = []

        def go(i: int, r: int, steps: int) -> None:
            nonlocal best, best_steps
            self.nodes += 1
            if self.nodes > self.budget:
                raise _OutOfBudget
            if r == 0:
                if all(a >= d for a, d in zip(acc, self.deficits)) and self.verify(chosen):
                    best, best_steps = list(chosen), steps
                return
            if steps + r >= best_steps:
                return
            for j in range(i, n - r + 1):
                # even the r best remaining questions cannot close a deficit: neither can any later j
                if any(a + self.tops[x][j][r] < d for x, (a, d) in enumerate(zip(acc, self.deficits))):
                    return
                for mv in self.questions[j]:
                    if steps + mv.steps + (r - 1) >= best_steps:
                        break  # moves are ordered by steps
                    for x, g in enumerate(mv.gains):
                        acc[x] += g
                    if all(a + self.tops[x][j + 1][r - 1] >= d for x, (a, d) in enumerate(zip(acc, self.deficits))):
                        chosen.append(mv)
                        go(j + 1, r - 1, steps + mv.steps)
                        chosen.pop()
                    for x, g in enumerate(mv.gains):
                        acc[x] -= g

        go(0, k, 0)
        return best, best_steps


def _tops(questions: list[list[Move]], nkeys: int, kmax: int) -> list[list[list[float]]]:
    n = len(questions)
    out: list[list[list[float]]] = []
    for x in range(nkeys):
        best = [max((mv.gains[x] for mv in q), default=0.0) for q in questions]
        table: list[list[float]] = [[0.0] * (kmax + 1) for _ in range(n + 1)]
        suffix: list[float] = []
        for i in range(n - 1, -1, -1):
            suffix.append(best[i])
            suffix.sort(reverse=True)
            run = 0.0
            row = table[i]
            for r in range(1, kmax + 1):
                if r <= len(suffix):
                    run += suffix[r - 1]
                row[r] = run
        out.append(table)
    return out


def _lower_bound(questions: list[list[Move]], deficits: tuple[float, ...]) -> int:
    """Fewest questions any plan needs: per criterion the fewest of its largest gains that close its
    deficit; criteria whose helping questions are disjoint (the areas) add up."""
    need: list[tuple[int, set[int]]] = []
    for x, d in enumerate(deficits):
        if d <= 0:
            continue
        gains = sorted(((max(mv.gains[x] for mv in q), i) for i, q in enumerate(questions)), reverse=True)
        run, r = 0.0, 0
        for g, _ in gains:
            if run >= d or g <= 0:
                break
            run += g
            r += 1
        need.append((r if run >= d else len(questions) + 1, {i for g, i in gains if g > 0}))
    best_single = max((r for r, _ in need), default=0)
    used: set[int] = set()
    disjoint = 0
    for r, support in sorted(need, key=lambda t: -t[0]):
        if not support & used:
            used |= support
            disjoint += r
    return max(best_single, disjoint)


def _progress(s: _Search, moves: list[Move]) -> list[float]:
    """The real scorer's progress of `moves` on every tracked criterion (node keys: questions answered)."""
    values = dict(s.base)
    values.update({mv.qid: mv.value for mv in moves})
    s1, s0 = scoring.score(s.m, values), scoring.score(s.m, s.base)
    now, base = _values_of(scoring.readiness(s1, s.m)), _values_of(scoring.readiness(s0, s.m))
    return [
        float(s1.nodes[k[5:]].answered_items - s0.nodes[k[5:]].answered_items)
        if k.startswith("node:")
        else now[k] - base[k]
        for k in s.keys
    ]


def _cover(mv: Move, acc: list[float], deficits: list[float]) -> tuple[float, float]:
    """The share of each remaining deficit a move closes, summed (then its points)."""
    c = sum(min(g, d - a) / d for g, a, d in zip(mv.gains, acc, deficits) if d - a > 0 and g > 0)
    return c, mv.points


def _greedy(s: _Search) -> list[Move]:
    """Add the question covering most of the remaining deficits (at its best option) until the scorer
    says the target is met, repairing the summed progress from the scorer's own values; then drop the
    changes the others make unnecessary and lower each to the smallest step that still passes."""
    chosen: list[Move] = []
    acc = [0.0] * len(s.keys)
    deficits = list(s.deficits)
    best_moves = [q[-1] for q in s.questions]  # moves are ordered by steps: the last is the best option
    while True:
        if all(a >= d for a, d in zip(acc, deficits)):
            if s.verify(chosen):
                break
            acc = _progress(s, chosen)  # sub-additive: the sums overstated the progress
            deficits = [d + 1e-6 if a >= d else d for a, d in zip(acc, deficits)]  # a rounding tie
        left = [mv for mv in best_moves if mv.qid not in {c.qid for c in chosen}]
        if not left:
            return chosen  # every question at its best option (checked to pass before the search)
        covers = [_cover(mv, acc, deficits) for mv in left]
        pick = left[covers.index(max(covers))]
        chosen.append(pick)
        acc = [a + g for a, g in zip(acc, pick.gains)]
    plan = list(chosen)
    for mv in sorted(chosen, key=lambda mv: mv.points):
        rest = [x for x in plan if x.qid != mv.qid]
        if s.summed_pass(rest) and s.verify(rest):  # the sums overstate: failing them fails the scorer
            plan = rest
    by_qid = {q[0].qid: q for q in s.questions}
    for mv in sorted(plan, key=lambda mv: -mv.steps):
        for lower in by_qid[mv.qid]:
            if lower.steps >= mv.steps:
                break
            trial = [lower if x.qid == mv.qid else x for x in plan]
            if s.summed_pass(trial) and s.verify(trial):
                plan = trial
                break
    return plan


def _node_deltas(
    m: Methodology, base: Values, s0: scoring.Score, trial: dict[int, float]
) -> dict[int, tuple[float, int]]:
    """One scorer run for questions of distinct leaf nodes changed at once: per question its node's change of
    score and of answered items (leaf nodes are scored independently, so each change is its own)."""
    s1 = scoring.score(m, {**base, **trial})
    out = {}
    for qid in trial:
        node = m.question(qid).node
        out[qid] = (
            s1.nodes[node].score - s0.nodes[node].score,
            s1.nodes[node].answered_items - s0.nodes[node].answered_items,
        )
    return out


def _moves(
    m: Methodology, base: Values, s0: scoring.Score, candidates: list[int], keys: tuple[str, ...]
) -> list[list[Move]]:
    """Every improving move of every candidate question with its gain per tracked criterion, measured with
    the real scorer: the best option of one question per leaf node per scorer run (and, for unanswered
    questions, the lowest option too); a sub-area's score is linear in one answer's value with the
    answered count fixed, so the other options lie on that line. A criterion's gain is the node's change
    over the weight the criterion divides by (1 for total and pengungkit, the area's or part's weight)."""
    by_node: dict[str, list[int]] = {}
    for qid in candidates:
        by_node.setdefault(m.question(qid).node, []).append(qid)
    best = {qid: options(m, qid)[-1][1] for qid in candidates}
    low = {qid: options(m, qid)[0][1] for qid in candidates if base.get(qid) is None}
    at_best: dict[int, tuple[float, int]] = {}
    at_low: dict[int, tuple[float, int]] = {}
    for j in range(max((len(v) for v in by_node.values()), default=0)):
        batch = [qs[j] for qs in by_node.values() if j < len(qs)]
        at_best.update(_node_deltas(m, base, s0, {q: best[q] for q in batch}))
        lows = {q: low[q] for q in batch if q in low}
        if lows:
            at_low.update(_node_deltas(m, base, s0, lows))
    parts = {(a, p): 0.0 for a in m.area_keys for p in ("pemenuhan", "reform")}
    for n in m.nodes:
        if n.level == "area_perubahan" and n.area is not None and n.part is not None:
            parts[(n.area, n.part)] += n.weight
    out: list[list[Move]] = []
    for qid in candidates:
        node = m.node(m.question(qid).node)
        area = node.area
        part = node.part
        cur = base.get(qid)
        d_best, a_best = at_best[qid]
        moves: list[Move] = []
        for label, v in options(m, qid):
            if cur is not None and v <= cur + 1e-9:
                continue
            if cur is None:
                d_low, _ = at_low[qid]
                span = best[qid] - low[qid]
                delta = d_low + (d_best - d_low) * ((v - low[qid]) / span if span else 1.0)
                answered = a_best
            else:
                delta = d_best * (v - cur) / (best[qid] - cur)
                answered = 0
            gains = []
            for k in keys:
                if k.startswith("node:"):
                    gains.append(float(answered) if k[5:] == node.id else 0.0)
                elif k in ("total", "pengungkit"):
                    gains.append(delta)
                elif area is not None and k == f"area:{area}":
                    gains.append(delta / s0.area_weights[area])
                elif area is not None and part is not None and k == f"area:{area}:{part}":
                    gains.append(delta / parts[(area, part)])
                else:
                    gains.append(0.0)
            if any(g < -1e-12 for g in gains) or not any(g > 1e-12 for g in gains):
                continue
            moves.append(Move(qid, label, v, steps_between(m, qid, cur, label), tuple(gains), delta))
        if moves:
            out.append(sorted(moves, key=lambda mv: mv.steps))
    return out


# ---------------------------------------------------------------- the plan
def plan(
    m: Methodology,
    values: Values,
    target: Predicate,
    holds_wbk: bool = False,
    exact_max: int = EXACT_MAX_CHANGES,
    budget: int = SEARCH_BUDGET,
) -> Plan:
    """The shortest way from `values` (today's answer values per question) to `target`."""
    reasons: list[str] = []
    if target == "wbbm" and not holds_wbk:
        reasons.append(
            "WBBM hanya dapat diberikan kepada unit yang telah memegang predikat Menuju WBK; unit ini belum "
            "memegangnya sebelum tahun ini. Rencana di bawah hanya memenuhi nilai-nilai WBBM."
        )
    planning, survey, survey_problems = _survey(m, values, target)
    reasons += survey_problems
    for need in survey:
        if need.today is None:
            today = "belum diisi"
        else:
            today = str(option_of(m, need.qid, need.today)) if need.qid == CAPAIAN_Q else fmt.num(need.today, 2)
        reasons.append(
            f"{need.label} harus mencapai {need.required_text} (kini {today}); ini hasil survei/capaian, "
            "bukan jawaban yang dapat diperbaiki. Rencana dihitung seolah nilai ini tercapai."
        )
    s0 = scoring.score(m, planning)
    r0 = scoring.readiness(s0, m, holds_wbk)
    needs = _needs(r0, target)
    now = _values_of(r0)
    keys: list[str] = []
    deficits: list[float] = []
    labels: dict[str, str] = {}
    for key, (th, label) in needs.items():
        if key in HASIL_KEYS:
            continue
        d = th - _slack(m, key) - now[key]
        if d > 0:
            keys.append(key)
            deficits.append(d)
            labels[key] = label
    candidates = changeable(m)
    cand_set = set(candidates)
    for ns in s0.empty_nodes:
        if ns.node.part == "hasil":
            continue
        if not any(q.id in cand_set for q in m.questions_of(ns.node.id)):
            reasons.append(
                f"Sub-area '{ns.node.name}' belum dijawab dan hanya berisi isian jumlah/persentase: "
                "isi jumlahnya pada LKE (tidak diusulkan di sini)."
            )
            continue
        keys.append(f"node:{ns.node.id}")
        deficits.append(0.5)
        labels[f"node:{ns.node.id}"] = f"Kelengkapan: {ns.node.name}"
    already = not keys and evaluate(m, planning, target, holds_wbk).meets
    if not keys:
        return Plan(target, (), tuple(survey), tuple(reasons), "none", 0, already and not survey, planning)

    questions = _moves(m, planning, s0, candidates, tuple(keys))
    questions.sort(key=lambda q: -q[-1].points)
    search = _Search(m, planning, target, holds_wbk, tuple(keys), tuple(deficits), questions, [], budget=budget)

    every = [q[-1] for q in questions]
    if not every or not search.verify(every):
        values_all = dict(planning)
        values_all.update({mv.qid: mv.value for mv in every})
        ev = evaluate(m, values_all, target, holds_wbk)
        failing = [c for c in ev.criteria if not c.passed and c.key.split(":", 1)[1] not in HASIL_KEYS]
        for c in failing:
            reasons.append(
                f"Bahkan bila semua jawaban dinaikkan ke nilai tertinggi, {c.label} hanya "
                f"{fmt.num(c.value or 0, 2)} (perlu {fmt.num(c.threshold or 0, 2)})."
            )
        if not failing:
            reasons.append("Bahkan dengan semua jawaban tertinggi, penilaian belum lengkap atau belum memenuhi syarat.")
        return Plan(target, (), tuple(survey), tuple(reasons), "none", 0, False, planning)

    greedy = _greedy(search)
    best, best_steps = greedy, sum(mv.steps for mv in greedy)
    lb = _lower_bound(questions, tuple(deficits))
    kmax = min(len(greedy), exact_max)
    search.tops = _tops(questions, len(keys), max(kmax, 1))
    method: Method = "greedy"
    count_proven = len(greedy) <= lb
    try:
        if len(greedy) <= exact_max:
            for k in range(lb, len(greedy)):
                found, steps = search.dfs_level(k, 1 << 30)
                if found is not None:
                    best, best_steps = found, steps
                    break
            count_proven = True
            if len(best) == len(greedy):
                found, steps = search.dfs_level(len(best), best_steps)
                if found is not None:
                    best, best_steps = found, steps
            method = "exact"
    except _OutOfBudget:
        method = "exact_count" if count_proven else "greedy"
    if method == "greedy" and count_proven:
        method = "exact_count"
    lb = len(best) if count_proven else lb

    rows = []
    for mv in sorted(best, key=lambda mv: mv.qid):
        q = m.question(mv.qid)
        node = m.node(q.node)
        serves = tuple(labels[k] for k, g in zip(keys, mv.gains) if g > 1e-12)
        rows.append(
            PlanRow(
                mv.qid,
                q.node,
                node.area,
                option_of(m, mv.qid, planning.get(mv.qid)),
                mv.option,
                mv.value,
                mv.steps,
                mv.points,
                serves,
            )
        )
    return Plan(target, tuple(rows), tuple(survey), tuple(reasons), method, lb, False, planning)


def apply(p: Plan, changes: dict[int, float]) -> Values:
    """The planning values (survey items at their required values) with `changes` applied."""
    out = dict(p.planning_values)
    out.update(changes)
    return out
