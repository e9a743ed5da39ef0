"""The PortalRB 2026 'Jawaban' sheet: answers by the bank's coordinates."""

from __future__ import annotations

from typing import Any

from loaders.lke import align, result
from loaders.lke import answers as answer_cells
from loaders.workbook import Workbook, col_index, col_letter
from pantauzi.core import refdata
from pantauzi.core.problems import CellProblem, WorkbookRejected


def score_portalrb(
    wb: Workbook, sheet: str, rows: list[list[Any]], at: dict[str, int], stage: str, empty_tpi: bool = False
) -> result.LkeResult:
    """Score one stage's column. A TPI column without a single answer is refused (unless `empty_tpi`:
    the caller only asks which stages the file holds): scoring it would label nothing as TPI."""
    m = refdata.for_layout("portalrb")
    cfg = m.portalrb
    if stage not in cfg["answer_col"]:
        raise WorkbookRejected(
            wb.label,
            [
                CellProblem(
                    wb.label,
                    sheet,
                    None,
                    f"berkas PortalRB hanya memuat jawaban unit (self) dan TPI, bukan tahap '{stage}'",
                )
            ],
        )
    ac = col_index(cfg["answer_col"][stage])
    nc = col_index(cfg["note_col"][stage])
    ec = col_index(cfg["evidence_col"])
    unit_nc, tpi_nc = (col_index(cfg["note_col"][s]) for s in ("self", "tpi"))
    problems: list[CellProblem] = []
    answers: list[result.Answer] = []
    qcell: dict[Any, str] = {}
    for q in m.questions:
        r = at[f"q{q.id}"]
        cell = f"{col_letter(ac)}{r}"
        qcell[q.id] = cell
        raw = align.cell_at(rows, r, ac)
        value, probs = answer_cells.parse_answer(m, q, raw, wb.label, sheet, cell)
        problems += probs
        evidence = answer_cells.cell_text(align.cell_at(rows, r, ec))
        answers.append(
            result.Answer(
                q.id,
                cell,
                raw,
                value,
                answer_cells.cell_text(align.cell_at(rows, r, nc)),
                evidence,
                number=answer_cells.number_text(align.cell_at(rows, r, 0)),  # A: the template's ID Soal
                link=answer_cells.first_link(evidence),
                unit_note=answer_cells.optional_text(align.cell_at(rows, r, unit_nc)),
                tpi_note=answer_cells.optional_text(align.cell_at(rows, r, tpi_nc)),
            )
        )
    if stage == "tpi" and not empty_tpi and all(a.raw is None for a in answers):
        col = cfg["answer_col"]["tpi"]
        raise WorkbookRejected(
            wb.label,
            [
                CellProblem(
                    wb.label,
                    sheet,
                    f"{col}{min(at.values())}:{col}{max(at.values())}",
                    f"berkas ini tidak memuat jawaban TPI: kolom {col} (Jawaban TPI) kosong untuk semua "
                    "pertanyaan; nilai unit (tahap self) tidak dinilai sebagai TPI. Gunakan tahap self, "
                    "atau unggah berkas yang sudah diisi TPI",
                )
            ],
        )
    node_cells = {n.id: qcell[int(n.id[1:])] for n in m.nodes if n.level == "hasil_item"}
    for n in m.nodes:
        qs = m.questions_of(n.id)
        if n.id not in node_cells and qs:
            node_cells[n.id] = qcell[qs[0].id]
    for p in m.percent_items:
        qcell[p.id] = qcell[p.inputs[0]]
    for n in m.nodes:  # parents without own questions: first child's cell
        if n.id not in node_cells:
            kids = [k for k in m.nodes if k.parent == n.id and k.id in node_cells]
            if kids:
                node_cells[n.id] = node_cells[kids[0].id]
    return result.finish_result(wb, sheet, "portalrb", stage, m, answers, problems, qcell, node_cells, None)
