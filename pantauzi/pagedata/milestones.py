"""Predikat ZI (admin): the selection's ZI milestones and the predicate each unit holds."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pantauzi.core import milestones as rules
from pantauzi.core import vocab
from pantauzi.core.filters import Filter
from pantauzi.core.milestones import Milestone
from pantauzi.store import milestones as store
from pantauzi.store.selection import Cursor


@dataclass(frozen=True)
class MilestonesView:
    table: pd.DataFrame  # Unit, Tonggak, Tahun, Tanggal, Nomor SK, Catatan, Sumber: newest first
    held: pd.DataFrame  # Unit, Predikat: the units of the selection that hold (or lost) a predicate
    keys: tuple[tuple[str, str, int], ...]  # (unit, kind, year) of each table row
    key_labels: dict[tuple[str, str, int], str]  # what the removal picker shows for each
    records: tuple[Milestone, ...]  # the stored records, to pre-fill the template


def milestones(cur: Cursor, f: Filter) -> MilestonesView:
    df = store.selection_milestones(cur, f)
    dates = [None if pd.isna(d) else pd.Timestamp(d).date() for d in df["date"]]
    text = [None if not isinstance(v, str) else v for v in df["decree"]]
    notes = [None if not isinstance(v, str) else v for v in df["note"]]
    records = tuple(
        Milestone(u, k, int(y), d, s, n)
        for u, k, y, d, s, n in zip(df["unit"], df["kind"], df["year"], dates, text, notes)
    )
    kinds = df["kind"].map(lambda k: vocab.MILESTONE_LABELS.get(k, k))
    table = pd.DataFrame(
        {
            "Unit": df["label"],
            "Tonggak": kinds,
            "Tahun": df["year"].astype("Int64"),
            "Tanggal": [d.strftime("%d-%m-%Y") if d else "" for d in dates],
            "Nomor SK": [s or "" for s in text],
            "Catatan": [n or "" for n in notes],
            "Sumber": df["source"].fillna(""),
        }
    )
    by_unit: dict[str, list[Milestone]] = {}
    for m in records:
        by_unit.setdefault(m.unit, []).append(m)
    labels = dict(zip(df["unit"], df["label"]))
    held = [(labels[u], h.sentence()) for u, ms in by_unit.items() if (h := rules.held(ms)) is not None]
    keys = tuple(m.key for m in records)
    key_labels = {
        m.key: f"{labels[m.unit]} · {vocab.MILESTONE_LABELS.get(m.kind, m.kind)} {m.year}"  # type: ignore[call-overload]
        for m in records
    }
    return MilestonesView(
        table,
        pd.DataFrame(sorted(held), columns=["Unit", "Predikat"]),
        keys,
        key_labels,
        records,
    )
