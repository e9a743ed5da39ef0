"""The region and instansi codes an evaluator may be assigned: checked against the database, so a typo
(or a kind such as 'kejaksaan' instead of a code) never yields an evaluator with no permitted unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

SHOWN = 40  # valid choices listed per unknown code


@dataclass(frozen=True)
class Unknown:
    field: str  # wilayah | instansi
    code: str
    choices: tuple[tuple[str, str], ...]  # (code, name) worth showing for this code
    more: int  # valid codes not shown

    def message(self) -> str:
        """Indonesian, plain text: the unknown code and the valid codes (with names) to choose from."""
        listed = ", ".join(f"{c} ({n})" for c, n in self.choices) or "tidak ada: muat data referensi dulu"
        tail = f", dan {self.more} kode lain" if self.more else ""
        return f"kode {self.field} '{self.code}' tidak dikenal; kode yang sah: {listed}{tail}"


def region_choices(cur: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return [(str(c), str(n)) for c, n in cur.execute("SELECT code, name FROM regions ORDER BY code").fetchall()]


def instansi_choices(cur: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    rows = cur.execute("SELECT code, name, kind FROM instansi ORDER BY code").fetchall()
    return [(str(c), str(n), str(k)) for c, n, k in rows]


def _region_hint(code: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """All codes when few; else those under the longest known parent of `code`, else the provinces."""
    if len(choices) <= SHOWN:
        return choices
    parts = code.split(".")
    for n in range(len(parts) - 1, 0, -1):
        parent = ".".join(parts[:n])
        under = [c for c in choices if c[0] == parent or c[0].startswith(parent + ".")]
        if under:
            return under
    return [c for c in choices if "." not in c[0]]


def _instansi_hint(code: str, choices: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """All codes when few; else those of the kind typed ('kejaksaan'), else those whose code or name holds it."""
    pairs = [(c, n) for c, n, _ in choices]
    if len(choices) <= SHOWN:
        return pairs
    text = code.strip().lower()
    of_kind = [(c, n) for c, n, k in choices if k.lower() == text]
    return of_kind or [(c, n) for c, n in pairs if text and (text in c.lower() or text in n.lower())]


def unknown(cur: duckdb.DuckDBPyConnection, regions: Sequence[str], instansi: Sequence[str]) -> list[Unknown]:
    """Every code of `regions` and `instansi` the database does not know, with the choices to offer."""
    out: list[Unknown] = []
    if regions:
        known = region_choices(cur)
        codes = {c for c, _ in known}
        for r in regions:
            if r not in codes:
                hint = _region_hint(r, known)
                out.append(Unknown("wilayah", r, tuple(hint[:SHOWN]), len(known) - min(len(hint), SHOWN)))
    if instansi:
        inst = instansi_choices(cur)
        icodes = {c for c, _, _ in inst}
        for i in instansi:
            if i not in icodes:
                ihint = _instansi_hint(i, inst)
                out.append(Unknown("instansi", i, tuple(ihint[:SHOWN]), len(inst) - min(len(ihint), SHOWN)))
    return out
