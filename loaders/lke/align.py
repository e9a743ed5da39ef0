"""Sheet access and alignment: finding each question's row by its labels."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from loaders.lke import answers
from pantauzi.core import refdata
from pantauzi.core.refdata import Methodology

# Legacy 90/2021 columns (0-based): C..G labels by level, J type, K answer, L value, O note, P evidence, Q link.
# A label's numbering ('a.', 'i.', '1.') sits in the column left of it (F for a question, D for a Hasil item).
LEGACY = {"type": 9, "answer": 10, "value": 11, "note": 14, "evidence": 15, "link": 16}


LEVEL_COL = {
    "komponen": 2,
    "sub_komponen": 3,
    "area_perubahan": 4,
    "sub_area": 5,
    "sub_sub_area": 5,
    "hasil_item": 4,
    "question": 6,
}


def cell_at(rows: list[list[Any]], r: int, c: int) -> Any:
    """1-based row r, 0-based column c; '' for outside the used range."""
    if r < 1 or r > len(rows):
        return None
    row = rows[r - 1]
    v = row[c] if c < len(row) else None
    return None if v == "" else v


def _label_match(cell: Any, label: str) -> bool:
    if cell is None or not isinstance(cell, str) or not label:
        return False
    return _strings_match(cell, label)


@lru_cache(maxsize=65536)
def _strings_match(cell: str, label: str) -> bool:
    a, b = answers.norm_text(cell), answers.norm_label(label)
    if a == b:
        return True
    if min(len(a), len(b)) >= 12 and (a.startswith(b[:40]) or b.startswith(a[:40])):
        return True
    if abs(len(a) - len(b)) > 0.3 * max(len(a), len(b)):
        return False
    sm = difflib.SequenceMatcher(None, a, b)
    return sm.real_quick_ratio() >= 0.85 and sm.quick_ratio() >= 0.85 and sm.ratio() >= 0.85


@dataclass(frozen=True)
class Anchor:
    key: str  # "q12" | "n36" | "pct_lhkpn" | "total" ...
    row: int
    col: int
    label: str


@lru_cache(maxsize=8)
def _search_order(window: int) -> tuple[int, ...]:
    """0, +1, -1, +2, -2, ...: the nearest rows first."""
    return (0,) + tuple(x for k in range(1, window) for x in (k, -k))


def align_rows(rows: list[list[Any]], anchors: list[Anchor], window: int = 40) -> tuple[dict[str, int], int]:
    """Find each anchor's actual row, allowing inserted/deleted rows. -> (key -> row, verified count)."""
    found: dict[str, int] = {}
    offset, verified = 0, 0
    for a in sorted(anchors, key=lambda a: a.row):
        exp = a.row + offset
        hit = None
        for d in _search_order(window):
            if _label_match(cell_at(rows, exp + d, a.col), a.label):
                hit = exp + d
                break
        if hit is not None:
            verified += 1
            offset = hit - a.row
            found[a.key] = hit
        else:
            found[a.key] = exp
    return found, verified


def legacy_anchors(m: Methodology) -> list[Anchor]:
    out = [
        Anchor(n.id, n.legacy_row, LEVEL_COL[n.level], n.legacy_label)
        for n in m.nodes
        if n.legacy_row and n.level != "hasil_item"
    ]
    out += [
        Anchor(
            f"q{q.id}", q.legacy_row, LEVEL_COL["hasil_item" if q.node.startswith("h") else "question"], q.legacy_label
        )
        for q in m.questions
        if q.legacy_row
    ]
    out += [Anchor(p.id, p.legacy_row, LEVEL_COL["question"], p.legacy_label) for p in m.percent_items if p.legacy_row]
    out += [Anchor(t.id, t.legacy_row, LEVEL_COL["question"], t.legacy_label) for t in m.typed_totals]
    out += [Anchor(k, v["legacy_row"], 1, v["legacy_label"]) for k, v in m.total_rows.items()]
    return out


def portalrb_anchors(m: Methodology) -> list[Anchor]:
    return [Anchor(f"q{q.id}", q.portalrb_row, -1, q.text) for q in m.questions if q.portalrb_row]


_ANCHORS: dict[tuple[str, str], tuple[list[Anchor], list[Anchor]]] = {}


def anchor_sets(legacy_m: Methodology, portal_m: Methodology) -> tuple[list[Anchor], list[Anchor]]:
    """Anchor lists per methodology pair, built once per process (reference data is immutable)."""
    key = (legacy_m.key, portal_m.key)
    if key not in _ANCHORS:
        _ANCHORS[key] = (sorted(legacy_anchors(legacy_m), key=lambda a: a.row), portalrb_anchors(portal_m))
    return _ANCHORS[key]


def load_reference() -> None:
    """Load both layouts' reference data and anchors now (a worker process does this at start-up)."""
    anchor_sets(refdata.for_layout("legacy"), refdata.for_layout("portalrb"))


def _row_has_text(rows: list[list[Any]], r: int, label: str) -> bool:
    if r < 1 or r > len(rows):
        return False
    return any(_label_match(v, label) for v in rows[r - 1][:12] if isinstance(v, str) and len(v) > 8)


def align_portalrb(rows: list[list[Any]], anchors: list[Anchor]) -> tuple[dict[str, int], int]:
    found: dict[str, int] = {}
    offset, verified = 0, 0
    for a in anchors:
        exp = a.row + offset
        hit = next(
            (exp + d for d in [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5] if _row_has_text(rows, exp + d, a.label)), None
        )
        if hit is not None:
            verified += 1
            offset = hit - a.row
        found[a.key] = hit if hit is not None else exp
    return found, verified
