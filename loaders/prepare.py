"""The CPU-only half of storing a workbook: read, validate, score and flatten it to table rows,
and whether a unit/year/stage may take it.

No database here (and no DuckDB/pyarrow import), so the scoring worker processes of a bulk ingest
start quickly; ``loaders.ingest.store`` writes what ``prepare`` returns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders import sandbox
from loaders.lke import LkeResult, identity, score_file
from loaders.workbook import check_file
from pantauzi.core import scoring, vocab
from pantauzi.core.problems import WorkbookRejected

STAGES = vocab.STAGES
YEAR_RANGE = (2017, 2030)

Columns = dict[str, list[Any]]  # column -> values, one table's rows column-wise
# the readiness of a stage: level, WBBM scores without the WBK predicate, and the criteria rows
ReadinessRows = tuple[vocab.Readiness, bool, Columns]
# lke_findings row: kind, sheet, cell, message, workbook value, recomputed value
Finding = tuple[str, str | None, str | None, str, str | None, float | None]


@dataclass(frozen=True)
class Prepared:
    """One stage of one scored workbook, flattened to the rows of every derived table."""

    unit: str
    year: int
    stage: str
    file: str
    digest: str
    content: bytes
    layout: vocab.Layout
    methodology: str
    sheet: str
    incomplete: bool
    total: float
    differences: int
    tables: dict[str, Columns]  # table -> column -> values (submission_id added on store)
    scores: list[Any]  # lke_scores row after submission_id, before readiness
    readiness: dict[bool, ReadinessRows]  # holds an earlier WBK? -> level, needs, rows
    result: LkeResult | None = field(default=None, compare=False)  # kept in-process for previews


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def stages_in(path: Path, label: str, stage: str | None) -> list[LkeResult]:
    """Score the requested stage, or every stage the file holds (PortalRB: unit and TPI answers).
    The file is checked here (no parsing) and parsed in a capped child process (loaders.sandbox)."""
    if not sandbox.inside():
        check_file(path, label)  # refuse what needs no parsing before starting a child
    return sandbox.run(read_stages, Path(path), label, stage, label=label)


def read_stages(path: Path, label: str, stage: str | None) -> list[LkeResult]:
    """stages_in's work, in the process that parses."""
    first = score_file(path, stage, label)
    if stage is not None or first.layout != "portalrb":
        return [first]
    tpi = score_file(path, "tpi", label, empty_tpi=True)
    if tpi.score.answered == 0:
        return [first]
    if first.score.answered == 0:
        return [tpi]  # only the TPI columns are filled: storing an empty unit self-assessment would lie
    return [first, tpi]


def prepare(
    path: str | Path,
    unit: str,
    year: int,
    stage: str | None = None,
    label: str | None = None,
    keep_result: bool = True,
    holds_wbk: bool | None = None,
) -> list[Prepared]:
    """Read, validate and score one workbook (no database). Raises WorkbookRejected.
    `holds_wbk` (the unit had a WBK predicate before `year`), when known, spares the other readiness."""
    path = Path(path)
    label = label or path.name
    found = identity.stated(path)
    problems = identity.mismatches(found, label, unit, year, stage)
    if problems:
        raise WorkbookRejected(label, problems)
    if stage is None and "stage" in found:  # the workbook's own 'Tahap' cell, when nothing else names one
        stage = found["stage"].value
    content = path.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    return [flatten(res, unit, year, digest, content, keep_result, holds_wbk) for res in stages_in(path, label, stage)]


def flatten(
    res: LkeResult,
    unit: str,
    year: int,
    digest: str,
    content: bytes,
    keep_result: bool = True,
    holds_wbk: bool | None = None,
) -> Prepared:
    """Every derived table's rows for one scored stage, so pages never aggregate raw answers."""
    s, m = res.score, res.methodology
    ns = list(s.nodes.values())
    keys = m.area_keys
    findings: list[Finding] = [
        (
            "difference",
            res.sheet,
            d.cell,
            d.what.removeprefix("typed:"),
            None if d.workbook is None else str(d.workbook),
            d.recomputed,
        )
        for d in res.differences
    ]
    findings += [("warning", w.sheet, w.cell, w.render_short(), None, None) for w in res.warnings]
    tables: dict[str, Columns] = {
        "lke_answers": {
            "question_id": [a.qid for a in res.answers],
            "cell": [a.cell for a in res.answers],
            "raw": [None if a.raw is None else str(a.raw) for a in res.answers],
            "value": [a.value for a in res.answers],
            "answered": [a.value is not None for a in res.answers],
            "note": [a.note for a in res.answers],
            "evidence": [a.evidence for a in res.answers],
            "number": [a.number for a in res.answers],
            "evidence_link": [a.link for a in res.answers],
            "unit_note": [a.unit_note for a in res.answers],
            "tpi_note": [a.tpi_note for a in res.answers],
        },
        "lke_node_scores": {
            "node_id": [n.node.id for n in ns],
            "level": [n.node.level for n in ns],
            "part": [n.node.part for n in ns],
            "area_key": [n.node.area for n in ns],
            "name": [n.node.name for n in ns],
            "weight": [float(n.node.weight) for n in ns],
            "score": [float(n.score) for n in ns],
            "items": [n.items for n in ns],
            "answered_items": [n.answered_items for n in ns],
            "unanswered": [n.unanswered_questions for n in ns],
            "is_leaf": [n.leaf for n in ns],
            "partial": [n.partial for n in ns],
            "empty": [n.empty for n in ns],
        },
        "lke_area_scores": {
            "area_key": list(keys),
            "area_order": list(range(1, len(keys) + 1)),
            "area_name": [m.area_name(k) for k in keys],
            "pemenuhan": [s.areas_pemenuhan[k] for k in keys],
            "reform": [s.areas_reform[k] for k in keys],
            "score": [s.areas[k] for k in keys],
            "weight": [float(s.area_weights[k]) for k in keys],
            "pct": [s.area_pct(k) for k in keys],
        },
        "lke_findings": {
            name: [f[i] for f in findings]
            for i, name in enumerate(["kind", "sheet", "cell", "message", "workbook", "recomputed"])
        },
    }
    readiness: dict[bool, ReadinessRows] = {}
    for holds in (False, True) if holds_wbk is None else (holds_wbk,):
        r = scoring.readiness(s, m, holds)
        cs = r.criteria
        readiness[holds] = (
            r.level,
            r.wbbm_needs_wbk,
            {
                "level": [c.level for c in cs],
                "criterion": [c.key for c in cs],
                "label": [c.label for c in cs],
                "value": [c.value for c in cs],
                "threshold": [c.threshold for c in cs],
                "passed": [c.passed for c in cs],
                "decisive": [c.decisive for c in cs],
            },
        )
    scores = [
        s.total,
        s.pengungkit,
        s.hasil,
        s.pemenuhan,
        s.reform,
        s.nodes["n61"].score,
        s.hasil_item(125),
        s.hasil_item(126),
        s.hasil_item(127),
        res.workbook_total,
        len(res.differences),
        s.answered,
        s.unanswered,
        s.incomplete,
    ]
    return Prepared(
        unit,
        year,
        res.stage,
        res.file,
        digest,
        content,
        res.layout,
        res.methodology.key,
        res.sheet,
        s.incomplete,
        s.total,
        len(res.differences),
        tables,
        scores,
        readiness,
        res if keep_result else None,
    )


def target_problem(
    unit_row: tuple[int | None, int | None] | None, unit: str, year: int, stage: str | None
) -> str | None:
    """Why a unit/year/stage cannot take a submission (unit_row: its valid_from, valid_to or None)."""
    if stage is not None and stage not in STAGES:
        return f"tahap '{stage}' tidak dikenal; gunakan self, tpi atau tpn"
    if not (YEAR_RANGE[0] <= year <= YEAR_RANGE[1]):
        return f"tahun {year} di luar rentang yang didukung ({YEAR_RANGE[0]}–{YEAR_RANGE[1]})"
    if unit_row is None:
        return f"kode unit '{unit}' tidak dikenal; daftarkan unit terlebih dahulu"
    vf, vt = unit_row
    if (vf is not None and year < vf) or (vt is not None and year > vt):
        return f"unit '{unit}' tidak aktif pada tahun {year} (berlaku {vf or '…'}–{vt or '…'})"
    return None
