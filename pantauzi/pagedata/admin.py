"""Unggah Data's preview areas and version history; Pengguna's people, unknown codes and sign-in audit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pantauzi.core import access, fmt, vocab
from pantauzi.core import signin as signin_rules
from pantauzi.core.refdata import Methodology
from pantauzi.core.scoring import Score
from pantauzi.store import assignments, signin, submissions
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


def unknown_codes(cur: Cursor, regions: list[str], instansi: list[str]) -> pd.DataFrame:
    """The region/instansi codes a form names that the database does not know, with the valid choices
    (empty when every code is known). Codes and names are data: the page shows them as plain text."""
    rows = [
        {
            "Isian": f"Kode {u.field}",
            "Kode yang diisi": u.code,
            "Kode yang sah": ", ".join(f"{c} ({n})" for c, n in u.choices)
            + (f", dan {u.more} kode lain" if u.more else ""),
        }
        for u in assignments.unknown(cur, regions, instansi)
    ]
    return pd.DataFrame(rows, columns=["Isian", "Kode yang diisi", "Kode yang sah"])


@dataclass(frozen=True)
class LoginAuditView:
    table: pd.DataFrame  # Waktu (UTC), Nama pengguna, Hasil, Alamat klien, Keterangan


def login_audit(cur: Cursor) -> LoginAuditView:
    """The latest sign-in attempts: who, when, from where, the result (an unknown name only as its hash)."""
    audit = signin.recent(cur)
    return LoginAuditView(
        pd.DataFrame(
            {
                "Waktu (UTC)": audit["at"].dt.strftime("%d-%m-%Y %H:%M:%S"),
                "Nama pengguna": [
                    f"tidak dikenal ({u[1:9]})" if u.startswith(signin_rules.UNKNOWN_PREFIX) else u
                    for u in audit["username"]
                ],
                "Hasil": audit["ok"].map({True: "berhasil", False: "gagal"}),
                "Alamat klien": audit["client"].fillna("-"),
                "Keterangan": audit["reason"].map(lambda r: signin_rules.REASON_LABELS.get(r, r)),
            }
        )
    )
