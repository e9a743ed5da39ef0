"""Which layout (legacy 90/2021 or PortalRB 2026) and which sheet holds the LKE."""

from __future__ import annotations

import re
from typing import Any

from loaders.lke import align
from loaders.workbook import SheetRefused, Workbook
from pantauzi.core import refdata
from pantauzi.core.problems import CellProblem, WorkbookRejected
from pantauzi.core.vocab import Layout

PORTALRB_HEADERS = ("jawaban unit", "jawaban tpi")  # PortalRB's answer-column headings
HEADER_ROWS = 15  # where a sheet's heading row may be


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().lower()


def portalrb_header(rows: list[list[Any]]) -> bool:
    """Whether the sheet's heading rows name PortalRB's answer columns ('Jawaban Unit', 'Jawaban TPI')."""
    return any(isinstance(v, str) and _norm(v).startswith(PORTALRB_HEADERS) for row in rows[:HEADER_ROWS] for v in row)


def detect_layout(wb: Workbook) -> tuple[Layout, str, dict[str, int]]:
    """-> (layout, sheet name, anchor rows). Raises WorkbookRejected for another instrument.

    The sheet's name and heading row decide first: 'LKE ZI' is the 90/2021 template, 'Jawaban' or a
    heading 'Jawaban Unit' / 'Jawaban TPI' is PortalRB, whatever labels its rows also carry (a PortalRB
    export may repeat the hierarchy labels in the legacy columns). Label alignment decides the rest."""
    legacy_m = refdata.for_layout("legacy")
    portal_m = refdata.for_layout("portalrb")
    la, pa = align.anchor_sets(legacy_m, portal_m)
    names = wb.sheet_names
    by_norm = {re.sub(r"\s+", " ", n).strip().lower(): n for n in names}
    ordered = [by_norm[k] for k in ("lke zi", "jawaban") if k in by_norm]
    ordered += [n for n in names if n not in ordered]
    best: tuple[float, str, str, dict[str, int]] | None = None
    unreadable: list[str] = []
    refused: list[CellProblem] = []
    for name in ordered:
        try:
            rows = wb.rows(name)
        except SheetRefused as exc:  # beyond an LKE sheet's limits: never parsed
            refused += exc.problems
            continue
        except Exception:  # calamine raises several error types for a damaged sheet part
            unreadable.append(name)
            continue
        if not rows:
            continue
        named = _norm(name)
        if named == "jawaban" or portalrb_header(rows):
            pfound, pok = align.align_portalrb(rows, pa)
            # questions found by their text, else the bank's coordinates (answers without question text)
            return "portalrb", name, pfound if pok / len(pa) >= 0.5 else {a.key: a.row for a in pa}
        found, ok = align.align_rows(rows, la)
        ratio = ok / len(la)
        if ratio >= 0.4 or (named == "lke zi" and ratio >= 0.1):
            # the template's own sheet name: trust its rows even when labels were retyped
            return "legacy", name, found
        pfound, pok = align.align_portalrb(rows, pa)
        pratio = pok / len(pa)
        if pratio >= 0.5:
            return "portalrb", name, pfound
        cand = max((ratio, "legacy", found), (pratio, "portalrb", pfound), key=lambda t: t[0])
        if best is None or cand[0] > best[0]:
            best = (cand[0], name, cand[1], cand[2])
    if refused:
        raise WorkbookRejected(
            wb.label,
            [
                CellProblem(p.file, p.sheet, p.cell, f"{p.message}; lembar ini tidak dibaca demi keamanan server")
                for p in refused
            ],
        )
    if unreadable:
        damaged = ", ".join(f"'{n}'" for n in unreadable)
        msg = (
            f"lembar {damaged} rusak dan tidak dapat dibaca, sehingga nilai LKE ZI tidak dapat dihitung; "
            "buka berkas di Excel, simpan ulang sebagai .xlsx, lalu unggah lagi"
        )
        raise WorkbookRejected(wb.label, [CellProblem(wb.label, unreadable[0], None, msg)])
    shown = ", ".join(f"'{n}'" for n in names[:8])
    msg = (
        "tidak ditemukan lembar LKE ZI: tidak ada lembar 'LKE ZI' (templat PermenPANRB 90/2021) "
        f"atau 'Jawaban' (PortalRB 2026) yang cocok dengan bank soal. Lembar yang ada: {shown}"
    )
    if best and best[0] > 0:
        msg += f". Lembar paling mirip '{best[1]}' hanya cocok {best[0] * 100:.0f}%"
    raise WorkbookRejected(wb.label, [CellProblem(wb.label, None, None, msg)])
