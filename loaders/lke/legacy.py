"""The legacy PermenPANRB 90/2021 'LKE ZI' sheet: answers, cached values and their cells."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from loaders.lke import align, result
from loaders.lke import answers as answer_cells
from loaders.workbook import Workbook, col_letter
from pantauzi.core import refdata
from pantauzi.core.problems import CellProblem
from pantauzi.core.refdata import Methodology, Question


@dataclass(frozen=True)
class _LegacyCells:
    """Where a legacy sheet's cells are for one set of anchor rows. Every workbook of a template has
    the same rows, so this is worked out once per process and template, not once per workbook."""

    questions: tuple[tuple[Question, int, str], ...]  # question, row, answer cell
    qcell: dict[Any, str]  # question / % item -> its answer cell
    node_cells: dict[str, str]  # node -> the cell of its cached value
    cached: tuple[tuple[str, str, Any, str, int, int], ...]  # cell, kind, key, what, row, column


_LEGACY_CELLS: dict[tuple[str, tuple[tuple[str, int], ...]], _LegacyCells] = {}


def _legacy_cells(m: Methodology, at: dict[str, int]) -> _LegacyCells:
    key = (m.key, tuple(at.items()))
    found = _LEGACY_CELLS.get(key)
    if found is None:
        if len(_LEGACY_CELLS) >= 64:  # many differently shifted sheets: stay bounded
            _LEGACY_CELLS.clear()
        found = _LEGACY_CELLS[key] = _build_legacy_cells(m, at)
    return found


def _build_legacy_cells(m: Methodology, at: dict[str, int]) -> _LegacyCells:
    a, v = col_letter(align.LEGACY["answer"]), col_letter(align.LEGACY["value"])
    questions = tuple((q, at[f"q{q.id}"], f"{a}{at[f'q{q.id}']}") for q in m.questions)
    qcell: dict[Any, str] = {q.id: cell for q, _, cell in questions}
    node_cells = {n.id: f"{v}{at[n.id]}" for n in m.nodes if n.id in at}
    node_cells.update({n.id: qcell[int(n.id[1:])].replace(a, v) for n in m.nodes if n.level == "hasil_item"})
    for p in m.percent_items:
        qcell[p.id] = f"{a}{at[p.id]}"
    cached: dict[str, tuple[str, Any]] = {}
    for q in m.questions:
        if q.type != "JUMLAH" and not q.node.startswith("h"):
            cached[f"{v}{at[f'q{q.id}']}"] = ("question", q.id)
    for n in m.nodes:
        if n.id in node_cells:
            cached[node_cells[n.id]] = ("node", n.id)
    for p in m.percent_items:
        cached[f"{a}{at[p.id]}"] = ("percent", p.id)
        cached[f"{v}{at[p.id]}"] = ("percent", p.id)
    for t in m.typed_totals:
        cached[f"{a}{at[t.id]}"] = ("typed", t.id)
    for k in m.total_rows:
        cached[f"{v}{at[k]}"] = ("total", k)
    return _LegacyCells(
        questions,
        qcell,
        node_cells,
        tuple(
            (cell, kind, key, result.describe_cached(m, kind, key), *result.split_ref(cell))
            for cell, (kind, key) in cached.items()
        ),
    )


def _at(row: Sequence[Any], c: int) -> Any:
    """Column c of a row; None for '' and outside the used range (as align.cell)."""
    v = row[c] if c < len(row) else None
    return None if v == "" else v


def score_legacy(wb: Workbook, sheet: str, rows: list[list[Any]], at: dict[str, int], stage: str) -> result.LkeResult:
    m = refdata.for_layout("legacy")
    lc = _legacy_cells(m, at)
    ac, tc, nc, ec = align.LEGACY["answer"], align.LEGACY["type"], align.LEGACY["note"], align.LEGACY["evidence"]
    lc_link = align.LEGACY["link"]
    problems: list[CellProblem] = []
    answers: list[result.Answer] = []
    for q, r, cell in lc.questions:
        row = rows[r - 1] if 0 < r <= len(rows) else ()
        raw = _at(row, ac)
        value, probs = answer_cells.parse_answer(m, q, raw, wb.label, sheet, cell)
        problems += probs
        typed = _at(row, tc)
        if (
            typed is not None
            and answer_cells.norm_text(typed) != answer_cells.norm_text(q.legacy_type_label)
            and q.type != "JUMLAH"
        ):
            problems.append(
                CellProblem(
                    wb.label,
                    sheet,
                    f"{col_letter(tc)}{r}",
                    "jenis jawaban di workbook tidak sesuai bank soal; dinilai menurut bank soal",
                    "warning",
                    found=str(typed),
                    expected=q.legacy_type_label.replace("\n", " "),
                )
            )
        number_col = align.LEVEL_COL["hasil_item" if q.node.startswith("h") else "question"] - 1
        answers.append(
            result.Answer(
                q.id,
                cell,
                raw,
                value,
                answer_cells.cell_text(_at(row, nc)),
                answer_cells.cell_text(_at(row, ec)),
                number=answer_cells.number_text(_at(row, number_col)),
                link=answer_cells.optional_text(_at(row, lc_link)),
            )
        )
    cached_values = {cell: (kind, key, what, align.cell_at(rows, r, c)) for cell, kind, key, what, r, c in lc.cached}
    return result.finish_result(
        wb, sheet, "legacy", stage, m, answers, problems, lc.qcell, dict(lc.node_cells), cached_values
    )
