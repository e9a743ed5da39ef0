"""A unit's ZI milestones (pencanangan, usulan, predikat Menuju WBK / WBBM, pencabutan): the rules a
record must meet, and the predicate a unit holds. No database here (pantauzi.store.milestones)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pantauzi.core import vocab

YEARS = (2010, 2030)  # ZI (PermenPANRB 52/2014 and its predecessors) to the supported LKE years
DECREE_MAX = 120
FIELDS = ("unit", "kind", "year", "date", "decree", "note")
FIELD_LABELS = {
    "unit": "Kode Unit",
    "kind": "Tonggak",
    "year": "Tahun",
    "date": "Tanggal",
    "decree": "Nomor SK",
    "note": "Catatan",
}
NOTE_MAX = 500
PREDICATE_KINDS = ("wbk", "wbbm")


@dataclass(frozen=True)
class Milestone:
    unit: str
    kind: str
    year: int
    date: dt.date | None = None
    decree: str | None = None
    note: str | None = None

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.unit, self.kind, self.year)


@dataclass(frozen=True)
class Problem:
    row: int  # index in the rows checked (-1: a removal)
    field: str  # one of FIELDS
    message: str  # Indonesian


def _control(text: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def row_problems(i: int, m: Milestone, units: set[str]) -> list[Problem]:
    """What is wrong with one record on its own."""
    out: list[Problem] = []
    if m.unit not in units:
        out.append(Problem(i, "unit", f"kode unit '{m.unit}' tidak dikenal; daftarkan unit terlebih dahulu"))
    if m.kind not in vocab.MILESTONE_KINDS:
        out.append(Problem(i, "kind", f"tonggak '{m.kind}' tidak dikenal; pilih {', '.join(vocab.MILESTONE_KINDS)}"))
    if not YEARS[0] <= m.year <= YEARS[1]:
        out.append(Problem(i, "year", f"tahun {m.year} di luar rentang {YEARS[0]}–{YEARS[1]}"))
    if m.date is not None and m.date.year != m.year:
        out.append(Problem(i, "date", f"tanggal {m.date:%d-%m-%Y} tidak berada di tahun {m.year}"))
    if m.decree is not None:
        if len(m.decree) > DECREE_MAX or _control(m.decree):
            out.append(Problem(i, "decree", f"nomor SK paling banyak {DECREE_MAX} karakter, satu baris"))
        elif not re.search(r"\d", m.decree):
            out.append(Problem(i, "decree", f"nomor SK '{m.decree}' tidak memuat nomor (angka)"))
    if m.note is not None and (len(m.note) > NOTE_MAX or "\x00" in m.note):
        out.append(Problem(i, "note", f"catatan paling banyak {NOTE_MAX} karakter"))
    return out


def problems(
    rows: list[Milestone],
    units: set[str],
    stored: Iterable[Milestone] = (),
    removed: Iterable[tuple[str, str, int]] = (),
) -> list[Problem]:
    """Every reason not to store `rows` (replacing stored records of the same unit/kind/year) and drop
    `removed`, given the `stored` records of the units concerned: each record on its own, no record
    twice, and a WBBM predicate only after a WBK predicate of an earlier year (the readiness rule)."""
    out = [p for i, m in enumerate(rows) for p in row_problems(i, m, units)]
    seen: dict[tuple[str, str, int], int] = {}
    for i, m in enumerate(rows):
        if m.key in seen:
            out.append(Problem(i, "kind", f"tonggak yang sama ({m.kind} {m.year}) sudah ada di baris lain"))
        seen.setdefault(m.key, i)
    gone = set(removed) | set(seen)
    after = [m for m in stored if m.key not in gone] + rows
    first_wbk: dict[str, int] = {}
    for m in after:
        if m.kind == "wbk":
            first_wbk[m.unit] = min(first_wbk.get(m.unit, m.year), m.year)
    for i, m in enumerate(rows):
        if m.kind == "wbbm" and not first_wbk.get(m.unit, m.year) < m.year:
            out.append(
                Problem(
                    i,
                    "kind",
                    f"predikat WBBM {m.year} untuk '{m.unit}' memerlukan predikat WBK pada tahun sebelumnya; "
                    "catat predikat WBK-nya terlebih dahulu",
                )
            )
    for m in after:
        if m.kind == "wbbm" and m.key not in seen and not first_wbk.get(m.unit, m.year) < m.year:
            out.append(
                Problem(
                    -1,
                    "kind",
                    f"predikat WBK '{m.unit}' tidak dapat dihapus: predikat WBBM {m.year} memerlukannya; "
                    "hapus predikat WBBM-nya terlebih dahulu",
                )
            )
    return out


@dataclass(frozen=True)
class Held:
    kind: str  # wbk | wbbm | dicabut
    year: int
    decree: str | None

    def sentence(self) -> str:
        sk = (
            ""
            if not self.decree
            else f" ({self.decree})"
            if self.decree[:2].lower() == "sk"
            else f" (SK {self.decree})"
        )
        if self.kind == "dicabut":
            return f"Predikat dicabut sejak {self.year}{sk}"
        return f"{vocab.MILESTONE_LABELS[self.kind]} sejak {self.year}{sk}"  # type: ignore[index]


NONE_HELD = "Belum memegang predikat WBK/WBBM"


def held(rows: Iterable[Milestone]) -> Held | None:
    """The predicate a unit holds now: its highest predicate (WBBM over WBK) since its first year of
    that predicate, unless revoked in a later year (then: revoked, since that year)."""
    ms = sorted(rows, key=lambda m: (m.year, m.kind))
    best: Held | None = None
    for kind in PREDICATE_KINDS:
        first = next((m for m in ms if m.kind == kind), None)
        if first is not None:
            best = Held(kind, first.year, first.decree)
    revoked = [m for m in ms if m.kind == "dicabut" and best is not None and m.year >= best.year]
    if revoked:
        return Held("dicabut", revoked[-1].year, revoked[-1].decree)
    return best
