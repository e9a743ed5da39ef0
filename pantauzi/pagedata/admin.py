"""Unggah Data's preview areas and version history, and Pengguna's list of people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pantauzi.core import access, fmt, vocab
from pantauzi.core.refdata import Methodology
from pantauzi.core.scoring import Score
from pantauzi.store import submissions
from pantauzi.store.selection import Cursor


def score_areas(score: Score, methodology: Methodology) -> pd.DataFrame:
    """An upload preview's change areas: Area perubahan, Nilai, % bobot."""
    keys = methodology.area_keys
    return pd.DataFrame(
        {
            "Area perubahan": [methodology.area_name(k) for k in keys],
            "Nilai": [fmt.num(score.areas[k]) for k in keys],
            "% bobot": [fmt.pct(score.area_pct(k)) for k in keys],
        }
    )


@dataclass(frozen=True)
class VersionsView:
    versions: pd.DataFrame  # submissions.versions: newest first
    table: pd.DataFrame  # Versi, Berlaku, Diunggah (UTC), Oleh, Berkas, Nilai, Kesiapan
    files: dict[int, str]  # submission id -> file name
    current: dict[int, bool]  # submission id -> the version in force


def versions(cur: Cursor, unit: str, year: int, stage: str) -> VersionsView:
    """Every stored version of one unit/year/stage."""
    hist = submissions.versions(cur, unit, year, stage)
    table = pd.DataFrame(
        {
            "Versi": hist["submission_id"],
            "Berlaku": hist["is_current"].map({True: "Ya", False: ""}),
            "Diunggah (UTC)": hist["loaded_at"].dt.strftime("%d-%m-%Y %H:%M"),
            "Oleh": hist["loaded_by"],
            "Berkas": hist["file_name"],
            "Nilai": hist["total"].map(fmt.num),
            "Kesiapan": hist["readiness"].map(vocab.READINESS_LABELS),
        }
    )
    ids = [int(i) for i in hist["submission_id"]]
    return VersionsView(
        hist,
        table,
        dict(zip(ids, (str(n) for n in hist["file_name"]))),
        dict(zip(ids, (bool(c) for c in hist["is_current"]))),
    )


@dataclass(frozen=True)
class PeopleView:
    table: pd.DataFrame  # Nama pengguna, Nama, Peran, Wilayah, Instansi


def people(data: dict[str, Any]) -> PeopleView:
    """Who may sign in (the credentials file's content, access.load), their role and upload rights."""
    people = [access.user_of(data, u) for u in data["credentials"]["usernames"]]
    return PeopleView(
        pd.DataFrame(
            {
                "Nama pengguna": [u.username for u in people],
                "Nama": [u.name for u in people],
                "Peran": [vocab.ROLE_LABELS[u.role] for u in people],
                "Wilayah": [", ".join(u.regions) for u in people],
                "Instansi": [", ".join(u.instansi) for u in people],
            }
        )
    )
