"""What reading an LKE workbook yields: answers, differences with the workbook, the result."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from loaders.lke import answers
from loaders.workbook import Workbook, col_index
from pantauzi.core import scoring, vocab
from pantauzi.core.problems import CellProblem, WorkbookRejected
from pantauzi.core.refdata import Methodology
from pantauzi.core.vocab import Layout

STAGES = vocab.STAGES


TOLERANCE = 1e-6


@dataclass(frozen=True)
class Answer:
    qid: int
    cell: str
    raw: Any
    value: float | None
    note: str = ""
    evidence: str = ""
    # kept since migration 35 (None where the layout has no such cell): the workbook's own numbering of
    # the question, its evidence link, and the unit's and the TPI's notes where the layout has a column each
    number: str | None = None
    link: str | None = None
    unit_note: str | None = None
    tpi_note: str | None = None


@dataclass(frozen=True)
class Difference:
    cell: str
    workbook: Any
    recomputed: float
    what: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"cell": self.cell, "workbook": self.workbook, "recomputed": self.recomputed}


@dataclass(frozen=True)
class LkeResult:
    file: str
    sheet: str
    layout: Layout
    stage: str
    methodology: Methodology
    score: scoring.Score
    answers: tuple[Answer, ...]
    workbook_total: float | None
    differences: tuple[Difference, ...]
    warnings: tuple[CellProblem, ...]
    node_cells: dict[str, str] = field(default_factory=dict)

    @property
    def incomplete(self) -> bool:
        return self.score.incomplete

    def as_json(self) -> dict[str, Any]:
        s = self.score
        return {
            "file": self.file,
            "sheet": self.sheet,
            "layout": self.layout,
            "methodology": self.methodology.key,
            "stage": self.stage,
            "total": s.total,
            "pengungkit": s.pengungkit,
            "hasil": s.hasil,
            "pemenuhan": s.pemenuhan,
            "reform": s.reform,
            "areas": s.areas,
            "areas_pemenuhan": s.areas_pemenuhan,
            "areas_reform": s.areas_reform,
            "incomplete": s.incomplete,
            "answered": s.answered,
            "unanswered": s.unanswered,
            "workbook_total": self.workbook_total,
            "differences": [d.as_dict() for d in self.differences],
            "warnings": [{"cell": w.cell, "message": w.render_short()} for w in self.warnings],
            "empty_sub_areas": [
                {"node": ns.node.id, "name": ns.node.name, "cell": self.node_cells.get(ns.node.id)}
                for ns in s.empty_nodes
            ],
            "sub_areas": [
                {
                    "node": ns.node.id,
                    "name": ns.node.name,
                    "area": ns.node.area,
                    "part": ns.node.part,
                    "weight": ns.node.weight,
                    "score": ns.score,
                    "unanswered": ns.unanswered_questions,
                    "partial": ns.partial,
                }
                for ns in s.nodes.values()
                if ns.node.level in scoring.LEAF_LEVELS and ns.leaf
            ],
        }


def to_number(v: Any) -> float | None:
    n, _ = answers.parse_number(v)
    return n


def compare_cached(cell: str, cached: Any, recomputed: float | None, what: str, out: list[Difference]) -> None:
    if cached is None or recomputed is None:
        return
    # cached formula values are nearly always finite floats: to_number's answer without its checks
    n = cached if type(cached) is float and math.isfinite(cached) else to_number(cached)
    if n is None:
        out.append(Difference(cell, cached if not isinstance(cached, float) else None, recomputed, what))
    elif abs(n - recomputed) > TOLERANCE:
        out.append(Difference(cell, n, recomputed, what))


def finish_result(
    wb: Workbook,
    sheet: str,
    layout: Layout,
    stage: str,
    m: Methodology,
    answers: list[Answer],
    problems: list[CellProblem],
    qcell: dict[Any, str],
    node_cells: dict[str, str],
    cached: dict[str, Any] | None,
) -> LkeResult:
    values = {a.qid: a.value for a in answers}
    s = scoring.score(m, values, cell_of=lambda k: qcell.get(k) or node_cells.get(str(k)) or "")
    problems += [replace(p, file=wb.label, sheet=sheet) for p in s.problems]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise WorkbookRejected(wb.label, errors)
    diffs: list[Difference] = []
    workbook_total = None
    if cached is not None:
        diffs, workbook_total = cached_differences(m, s, cached, values)
        for d in diffs:
            if d.what.startswith("typed:"):
                problems.append(
                    CellProblem(
                        wb.label,
                        sheet,
                        d.cell,
                        d.what.removeprefix("typed:"),
                        "warning",
                        found=f"{d.workbook}",
                        expected=f"{d.recomputed:g}",
                    )
                )
    warnings = tuple(wb.warnings + [p for p in problems if p.severity == "warning"])
    return LkeResult(
        wb.label, sheet, layout, stage, m, s, tuple(answers), workbook_total, tuple(diffs), warnings, node_cells
    )


@lru_cache(maxsize=4096)
def split_ref(cell: str) -> tuple[int, int]:
    """'K12' -> (12, 10): 1-based row, 0-based column."""
    letters = cell.rstrip("0123456789")
    return int(cell[len(letters) :]), col_index(letters)


TOTAL_NAMES = {
    "pengungkit_total": "total pengungkit",
    "hasil_total": "total hasil",
    "total": "nilai evaluasi zona integritas",
}


def describe_cached(m: Methodology, kind: str, key: Any) -> str:
    """What a cached cell holds, as a difference names it."""
    if kind == "question":
        return f"nilai pertanyaan {key}"
    if kind == "node":
        return f"nilai {m.node(key).name.strip()}"
    if kind == "percent":
        return next(p.label for p in m.percent_items if p.id == key)
    if kind == "typed":
        t = next(t for t in m.typed_totals if t.id == key)
        return (
            f"typed:{t.label}: jumlah yang diketik berbeda dari penjumlahan rinciannya; "
            "yang dipakai penjumlahan rinciannya"
        )
    return TOTAL_NAMES[key]


def cached_differences(
    m: Methodology, s: scoring.Score, cached: dict[str, Any], values: dict[int, float | None]
) -> tuple[list[Difference], float | None]:
    diffs: list[Difference] = []
    workbook_total = None
    totals = {"pengungkit_total": s.pengungkit, "hasil_total": s.hasil, "total": s.total}
    for cell, (kind, key, what, wv) in cached.items():
        if kind == "question":
            rec = scoring.question_item_value(m, key, values.get(key))
        elif kind == "node":
            rec = s.nodes[key].score
        elif kind == "percent":
            rec = s.percent_values[key]
        elif kind == "typed":
            wanted = next(t for t in m.typed_totals if t.id == key).parts
            parts = [v for q in wanted if (v := values.get(q)) is not None]
            rec = sum(parts) if len(parts) == len(wanted) else None
        else:
            rec = totals[key]
            if key == "total":
                workbook_total = to_number(wv)
        compare_cached(cell, wv, rec, what, diffs)
    diffs.sort(key=lambda d: (split_ref(d.cell)[0], d.cell))
    return diffs, workbook_total
