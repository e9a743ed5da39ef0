"""LKE ZI scoring exactly as ZI-SPEC §3–§5: answers -> sub-areas -> areas -> total -> readiness."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pantauzi.core import vocab
from pantauzi.core.problems import CellProblem
from pantauzi.core.refdata import Methodology, Node, PercentItem

LEAF_LEVELS = ("sub_area", "sub_sub_area", "hasil_item")


@dataclass(frozen=True)
class NodeScore:
    node: Node
    score: float
    items: int  # scored items (choice questions and % items)
    answered_items: int
    questions: int  # bank questions under the node (incl. Jumlah inputs)
    unanswered_questions: int
    leaf: bool = True  # scored directly from answers (not a sum of child sub-areas)

    @property
    def empty(self) -> bool:
        return self.items > 0 and self.answered_items == 0

    @property
    def partial(self) -> bool:
        return 0 < self.answered_items < self.items

    @property
    def lost(self) -> float:
        return self.node.weight - self.score


@dataclass(frozen=True)
class Score:
    methodology: str
    total: float
    pengungkit: float
    hasil: float
    pemenuhan: float
    reform: float
    areas: dict[str, float]
    areas_pemenuhan: dict[str, float]
    areas_reform: dict[str, float]
    area_weights: dict[str, float]
    nodes: dict[str, NodeScore]
    question_values: dict[int, float | None]
    percent_values: dict[str, float | None]
    answered: int
    unanswered: int
    problems: tuple[CellProblem, ...] = ()

    @property
    def empty_nodes(self) -> list[NodeScore]:
        return [ns for ns in self.nodes.values() if ns.node.level in LEAF_LEVELS and ns.leaf and ns.empty]

    @property
    def incomplete(self) -> bool:
        return bool(self.empty_nodes)

    def area_pct(self, area: str) -> float:
        return self.areas[area] / self.area_weights[area]

    def hasil_item(self, qid: int) -> float:
        return self.nodes[f"h{qid}"].score


def question_item_value(m: Methodology, qid: int, value: float | None) -> float | None:
    """A question's contribution to its node's mean (index questions count as index/4)."""
    if value is None:
        return None
    if m.question(qid).type == "NILAI_0_4":
        return value / float(m.answer_types["NILAI_0_4"]["max"])
    return value


def _percent(
    p: PercentItem, v: dict[int, float | None], cell_of: Callable[[object], str], problems: list[CellProblem]
) -> float | None:
    inputs = [v.get(q) for q in p.inputs]
    for q in p.unused:
        if v.get(q) is None:
            problems.append(
                CellProblem(
                    "", None, cell_of(q), "jumlah ini wajib diisi walaupun tidak dihitung dalam nilai", "warning"
                )
            )
    known = {q: x for q, x in zip(p.inputs, inputs) if x is not None}
    if not known:
        return None
    if len(known) < len(set(p.inputs)):
        problems.append(
            CellProblem(
                "",
                None,
                cell_of(p.id),
                f"{p.label}: sebagian jumlah belum diisi, persentase tidak dapat dihitung (dianggap belum dijawab)",
                "warning",
            )
        )
        return None
    if p.kind == "discipline":
        prev_q, now_q = p.pair
        prev, now = known[prev_q], known[now_q]
        if prev == 0:
            if now == 0:
                return 1.0
            problems.append(
                CellProblem(
                    "",
                    None,
                    cell_of(now_q),
                    f"{p.label}: pelanggaran tahun sebelumnya 0 (sel {cell_of(prev_q)}) "
                    f"tetapi tahun ini {now:g} (sel {cell_of(now_q)}); persentase tidak terdefinisi "
                    f"(#DIV/0! pada templat). Periksa kedua sel: isi jumlah tahun sebelumnya, atau 0 pada "
                    "keduanya bila tidak ada pelanggaran",
                    "error",
                    found=f"{cell_of(prev_q)} = 0, {cell_of(now_q)} = {now:g}",
                )
            )
            return None
        return max(0.0, (prev - now) / prev)
    num = sum(known[q] for q in p.numerator)
    den = sum(known[q] for q in p.denominator)
    if den == 0:
        problems.append(
            CellProblem(
                "",
                None,
                cell_of(p.denominator[0]),
                f"{p.label}: pembagi bernilai 0 (sel {', '.join(cell_of(q) for q in p.denominator)}), "
                "persentase tidak terdefinisi (#DIV/0! pada templat)",
                "error",
                found="0",
            )
        )
        return None
    return min(1.0, num / den)


# per methodology: its nodes children first, each with what scoring reads (reference data is immutable)
TreeRow = tuple[Node, tuple[str, ...], tuple[tuple[int, bool], ...], tuple[str, ...], tuple[int, ...]]
_TREES: dict[str, tuple[TreeRow, ...]] = {}


def _tree(m: Methodology) -> tuple[TreeRow, ...]:
    """-> (node, child ids, (question id, is index) of its scored questions, % item ids, all its
    question ids) for every node, children before their parent (the order scores are summed in)."""
    if m.key not in _TREES:
        out: list[TreeRow] = []

        def walk(node: Node) -> None:
            kids = m.children(node.id)
            for k in kids:
                walk(k)
            qs = m.questions_of(node.id)
            out.append(
                (
                    node,
                    tuple(k.id for k in kids),
                    tuple((q.id, q.type == "NILAI_0_4") for q in qs if q.type != "JUMLAH"),
                    tuple(p.id for p in m.percent_items_of(node.id)),
                    tuple(q.id for q in qs),
                )
            )

        for top in m.children(None):
            walk(top)
        _TREES[m.key] = tuple(out)
    return _TREES[m.key]


def score(m: Methodology, values: dict[int, float | None], cell_of: Callable[[object], str] = str) -> Score:
    """Recompute every score from normalised answer values (question id -> value or None)."""
    problems: list[CellProblem] = []
    pct = {p.id: _percent(p, values, cell_of, problems) for p in m.percent_items}
    nodes: dict[str, NodeScore] = {}
    imax = m.answer_types.get("NILAI_0_4", {}).get("max")
    for node, kids, scored, percents, qids in _tree(m):
        if kids:
            parts = [nodes[k] for k in kids]
            ns = NodeScore(
                node,
                sum(p.score for p in parts),
                sum(p.items for p in parts),
                sum(p.answered_items for p in parts),
                sum(p.questions for p in parts),
                sum(p.unanswered_questions for p in parts),
                leaf=False,
            )
        else:
            # each item as question_item_value: index questions count as index/4
            items = [None if (v := values.get(q)) is None else (v / imax if index else v) for q, index in scored]
            items += [pct[p] for p in percents]
            given = [x for x in items if x is not None]
            mean = sum(given) / len(given) if given else 0.0
            ns = NodeScore(
                node,
                mean * node.weight,
                len(items),
                len(given),
                len(qids),
                sum(1 for q in qids if values.get(q) is None),
            )
        nodes[node.id] = ns

    areas_p = {a: 0.0 for a in m.area_keys}
    areas_r = {a: 0.0 for a in m.area_keys}
    weights = {a: 0.0 for a in m.area_keys}
    for ns in nodes.values():
        n = ns.node
        if n.level == "area_perubahan" and n.area is not None:
            (areas_p if n.part == "pemenuhan" else areas_r)[n.area] += ns.score
            weights[n.area] += n.weight
    pemenuhan = sum(areas_p.values())
    reform = sum(areas_r.values())
    hasil = sum(ns.score for ns in nodes.values() if ns.node.level == "hasil_item")
    for ns in nodes.values():
        if not (ns.node.level in LEAF_LEVELS and ns.leaf):
            continue
        if ns.partial:
            problems.append(
                CellProblem(
                    "",
                    None,
                    cell_of(ns.node.id),
                    f"nilai sub-area '{ns.node.name}' hanya dihitung dari {ns.answered_items} dari {ns.items} jawaban",
                    "warning",
                )
            )
        if ns.empty:
            problems.append(
                CellProblem(
                    "",
                    None,
                    cell_of(ns.node.id),
                    f"'{ns.node.name}' belum dijawab sama sekali: bernilai 0 dan penilaian dinyatakan belum lengkap",
                    "warning",
                )
            )
    answered = sum(1 for q in m.questions if values.get(q.id) is not None)
    return Score(
        methodology=m.key,
        total=pemenuhan + reform + hasil,
        pengungkit=pemenuhan + reform,
        hasil=hasil,
        pemenuhan=pemenuhan,
        reform=reform,
        areas={a: areas_p[a] + areas_r[a] for a in m.area_keys},
        areas_pemenuhan=areas_p,
        areas_reform=areas_r,
        area_weights=weights,
        nodes=nodes,
        question_values={q.id: values.get(q.id) for q in m.questions},
        percent_values=pct,
        answered=answered,
        unanswered=len(m.questions) - answered,
        problems=tuple(problems),
    )


@dataclass(frozen=True)
class Criterion:
    level: vocab.Predicate
    key: str
    label: str
    value: float | None
    threshold: float | None
    passed: bool
    decisive: bool = True


@dataclass(frozen=True)
class Readiness:
    level: vocab.Readiness
    criteria: tuple[Criterion, ...]
    incomplete: bool
    wbbm_needs_wbk: bool = False  # meets WBBM scores but does not (yet) hold WBK

    def failed(self, level: vocab.Predicate) -> list[Criterion]:
        return [c for c in self.criteria if c.level == level and c.decisive and not c.passed]


CRITERION_LABELS = {
    "total": "Nilai total",
    "pengungkit": "Total komponen pengungkit",
    "hasil_bersih": "Birokrasi yang bersih dan akuntabel",
    "ipak": "Nilai survei persepsi korupsi (IPAK)",
    "capaian": "Capaian kinerja lebih baik",
    "ipkp": "Nilai persepsi kualitas pelayanan (IPKP)",
}


_PART_WEIGHTS: dict[tuple[str, str, str], float] = {}


def _part_weight(m: Methodology, area: str, part: str) -> float:
    """Weight of an area's pemenuhan or reform part (summed once per methodology)."""
    key = (m.key, area, part)
    if key not in _PART_WEIGHTS:
        _PART_WEIGHTS[key] = sum(
            n.weight for n in m.nodes if n.level == "area_perubahan" and n.area == area and n.part == part
        )
    return _PART_WEIGHTS[key]


def readiness(s: Score, m: Methodology, holds_wbk: bool = False) -> Readiness:
    """WBK/WBBM recommendation by every criterion of ZI-SPEC §5 (never for incomplete submissions)."""
    t = m.thresholds
    digits = t.get("round_digits")

    def ok(value: float, threshold: float) -> bool:
        v = round(value, digits) if digits is not None else value
        return v >= threshold - 1e-9

    values = {
        "total": s.total,
        "pengungkit": s.pengungkit,
        "hasil_bersih": s.nodes["n61"].score,
        "ipak": s.hasil_item(125),
        "capaian": s.hasil_item(126),
        "ipkp": s.hasil_item(127),
    }
    crits: list[Criterion] = []
    for predicate in vocab.PREDICATES:
        th = t[predicate]
        for key, label in CRITERION_LABELS.items():
            crits.append(Criterion(predicate, key, label, values[key], th[key], ok(values[key], th[key])))
        for a in m.area_keys:
            pct = s.area_pct(a)
            whole = t.get("area_rule", "whole_area") == "whole_area"
            crits.append(
                Criterion(
                    predicate,
                    f"area:{a}",
                    f"Area {m.area_name(a)} (% bobot)",
                    pct,
                    th["area_pct"],
                    ok(pct * 100, th["area_pct"] * 100),
                    decisive=whole,
                )
            )
            for part, vals in (("pemenuhan", s.areas_pemenuhan), ("reform", s.areas_reform)):
                pp = vals[a] / _part_weight(m, a, part)
                crits.append(
                    Criterion(
                        predicate,
                        f"area:{a}:{part}",
                        f"Area {m.area_name(a)} – {part} (% bobot)",
                        pp,
                        th["area_pct"],
                        ok(pp * 100, th["area_pct"] * 100),
                        decisive=not whole,
                    )
                )
    crits.append(Criterion("wbbm", "prior_wbk", "Telah memegang predikat Menuju WBK", None, None, holds_wbk))
    return decide(crits, s.incomplete)


def decide(criteria: Iterable[Criterion], incomplete: bool) -> Readiness:
    """The recommendation the criteria give: WBK when every decisive WBK criterion passes, WBBM when every
    decisive WBBM criterion passes as well (holding WBK among them), never for an incomplete submission.
    Also how a stored submission's criteria (lke_readiness) are judged again, e.g. by the PDF report."""
    crits = tuple(criteria)

    def meets(predicate: vocab.Predicate, skip: tuple[str, ...] = ()) -> bool:
        return all(c.passed for c in crits if c.level == predicate and c.decisive and c.key not in skip)

    level: vocab.Readiness
    if incomplete or not meets("wbk"):
        level = "belum"
    elif meets("wbbm"):
        level = "wbbm"
    else:
        level = "wbk"
    holds_wbk = any(c.key == "prior_wbk" and c.passed for c in crits)
    needs = (not incomplete) and meets("wbbm", skip=("prior_wbk",)) and not holds_wbk
    return Readiness(level, crits, incomplete, needs)


def lost_points(s: Score, limit: int = 5) -> list[NodeScore]:
    """Leaf sub-areas (and Hasil items) that lose the most points: what to fix first."""
    leaves = [ns for ns in s.nodes.values() if ns.node.level in LEAF_LEVELS and ns.leaf and ns.lost > 1e-9]
    return sorted(leaves, key=lambda ns: ns.lost, reverse=True)[:limit]
