"""Year-versioned LKE ZI reference data (weights, answer values, thresholds) loaded from JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pantauzi.core.vocab import Layout, Predicate

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"


@dataclass(frozen=True)
class Node:
    id: str
    level: str  # komponen | sub_komponen | area_perubahan | sub_area | sub_sub_area | hasil_item
    name: str
    weight: float
    parent: str | None
    part: str | None  # pemenuhan | reform | hasil
    area: str | None
    legacy_row: int | None
    legacy_label: str


@dataclass(frozen=True)
class Question:
    id: int
    node: str
    type: str  # YA_TIDAK | ABC | ABCD | ABCDE | NILAI_0_4 | JUMLAH
    text: str
    legacy_row: int | None
    legacy_label: str
    legacy_type_label: str
    portalrb_row: int | None


@dataclass(frozen=True)
class PercentItem:
    id: str
    node: str
    kind: str  # ratio | discipline
    label: str
    numerator: tuple[int, ...] = ()
    denominator: tuple[int, ...] = ()
    prev: int | None = None
    now: int | None = None
    unused: tuple[int, ...] = ()
    legacy_row: int | None = None
    legacy_label: str = ""

    @property
    def pair(self) -> tuple[int, int]:
        """A discipline item's (previous year, this year) count questions."""
        if self.prev is None or self.now is None:
            raise ValueError(f"{self.id}: a discipline item needs `prev` and `now`")
        return self.prev, self.now

    @property
    def inputs(self) -> tuple[int, ...]:
        if self.kind == "discipline":
            return self.pair
        return self.numerator + self.denominator


@dataclass(frozen=True)
class TypedTotal:
    id: str
    legacy_row: int
    parts: tuple[int, ...]
    label: str
    legacy_label: str


@dataclass(frozen=True)
class Methodology:
    key: str
    title: str
    valid_from: int
    valid_to: int | None
    layout: Layout
    areas: tuple[tuple[str, str], ...]
    answer_types: dict[str, Any]
    placeholders: frozenset[str]
    nodes: tuple[Node, ...]
    questions: tuple[Question, ...]
    percent_items: tuple[PercentItem, ...]
    typed_totals: tuple[TypedTotal, ...]
    total_rows: dict[str, dict[str, Any]]
    thresholds: dict[str, Any]
    portalrb: dict[str, Any] = field(default_factory=dict)
    # precomputed lookups (scoring walks the tree once per workbook); not init fields, so that
    # dataclasses.replace() builds fresh ones instead of appending to the original's lists
    _nodes: dict[str, Node] = field(default_factory=dict, init=False, compare=False, repr=False)
    _questions: dict[int, Question] = field(default_factory=dict, init=False, compare=False, repr=False)
    _children: dict[str | None, list[Node]] = field(default_factory=dict, init=False, compare=False, repr=False)
    _questions_of: dict[str, list[Question]] = field(default_factory=dict, init=False, compare=False, repr=False)
    _percent_of: dict[str, list[PercentItem]] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._nodes.update({n.id: n for n in self.nodes})
        self._questions.update({q.id: q for q in self.questions})
        for n in self.nodes:
            self._children.setdefault(n.parent, []).append(n)
        for q in self.questions:
            self._questions_of.setdefault(q.node, []).append(q)
        for p in self.percent_items:
            self._percent_of.setdefault(p.node, []).append(p)

    def node(self, node_id: str) -> Node:
        return self._nodes[node_id]

    def children(self, node_id: str | None) -> list[Node]:
        return self._children.get(node_id, [])

    def questions_of(self, node_id: str) -> list[Question]:
        return self._questions_of.get(node_id, [])

    def percent_items_of(self, node_id: str) -> list[PercentItem]:
        return self._percent_of.get(node_id, [])

    def question(self, qid: int) -> Question:
        return self._questions[qid]

    def threshold(self, predicate: Predicate, criterion: str) -> float:
        """A predicate's minimum for one criterion (`total`, `pengungkit`, `area_pct`, ...), from the
        methodology's reference data (spec §5: per-year values, inclusive)."""
        return float(self.thresholds[predicate][criterion])

    def area_name(self, key: str) -> str:
        return dict(self.areas)[key]

    @property
    def area_keys(self) -> list[str]:
        return [k for k, _ in self.areas]


def _load(path: Path) -> Methodology:
    d = json.loads(path.read_text(encoding="utf-8"))
    node_fields = Node.__dataclass_fields__
    q_fields = Question.__dataclass_fields__
    return Methodology(
        key=d["methodology"],
        title=d["title"],
        valid_from=d["valid_from"],
        valid_to=d["valid_to"],
        layout=d["layout"],
        areas=tuple((a["key"], a["name"]) for a in d["areas"]),
        answer_types=d["answer_types"],
        placeholders=frozenset(d["placeholders"]),
        nodes=tuple(Node(**{k: v for k, v in n.items() if k in node_fields}) for n in d["nodes"]),
        questions=tuple(Question(**{k: v for k, v in q.items() if k in q_fields}) for q in d["questions"]),
        percent_items=tuple(
            PercentItem(
                id=p["id"],
                node=p["node"],
                kind=p["kind"],
                label=p["label"],
                numerator=tuple(p.get("numerator", ())),
                denominator=tuple(p.get("denominator", ())),
                prev=p.get("prev"),
                now=p.get("now"),
                unused=tuple(p.get("unused", ())),
                legacy_row=p.get("legacy_row"),
                legacy_label=p.get("legacy_label", ""),
            )
            for p in d["percent_items"]
        ),
        typed_totals=tuple(
            TypedTotal(
                id=t["id"],
                legacy_row=t["legacy_row"],
                parts=tuple(t["parts"]),
                label=t["label"],
                legacy_label=t["legacy_label"],
            )
            for t in d["typed_totals"]
        ),
        total_rows=d["total_rows"],
        thresholds=d["thresholds"],
        portalrb=d.get("portalrb", {}),
    )


@cache
def methodologies() -> tuple[Methodology, ...]:
    """Every methodology file in the reference folder, oldest first."""
    ms = [_load(p) for p in sorted(REFERENCE_DIR.glob("lke_*.json"))]
    return tuple(sorted(ms, key=lambda m: m.valid_from))


def for_year(year: int) -> Methodology:
    """The methodology in force for an evaluation year (2021–2025: 90/2021, 2026+: bank 2026)."""
    for m in methodologies():
        if m.valid_from <= year and (m.valid_to is None or year <= m.valid_to):
            return m
    raise KeyError(f"Tidak ada metodologi LKE untuk tahun {year}")


def for_layout(layout: Layout) -> Methodology:
    """The newest methodology whose workbook layout is `layout` (legacy | portalrb)."""
    found = [m for m in methodologies() if m.layout == layout]
    if not found:
        raise KeyError(layout)
    return found[-1]


def supported_years() -> tuple[int, int]:
    ms = methodologies()
    return ms[0].valid_from, max(m.valid_to or m.valid_from for m in ms)
