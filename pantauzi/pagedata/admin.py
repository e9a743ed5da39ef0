"""Unggah Data's preview areas and version history; Pengguna's people, unknown codes and sign-in audit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pantauzi.core import access, fmt, localtime, vocab
from pantauzi.core import signin as signin_rules
from pantauzi.core.refdata import Methodology
from pantauzi.core.scoring import Score
from pantauzi.store import assignments, sessions, signin, submissions
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
    table: pd.DataFrame  # Versi, Berlaku, Diunggah (WIB), Oleh, Berkas, Nilai, Kesiapan
    files: dict[int, str]  # submission id -> file name
    current: dict[int, bool]  # submission id -> the version in force
    events: pd.DataFrame  # Waktu (WIB), Oleh, Kejadian, Versi, Berkas: uploads and restores, newest first
    zone: str  # the label of the times shown: WIB | WITA | WIT


def versions(cur: Cursor, unit: str, year: int, stage: str) -> VersionsView:
    """Every stored version of one unit/year/stage, and what happened to them (uploads, restores: who, when)."""
    clock = localtime.Clock()
    hist = submissions.versions(cur, unit, year, stage)
    table = pd.DataFrame(
        {
            "Versi": hist["submission_id"],
            "Berlaku": hist["is_current"].map({True: "Ya", False: ""}),
            clock.column("Diunggah"): [clock.text(t) for t in hist["loaded_at"]],
            "Oleh": hist["loaded_by"],
            "Berkas": hist["file_name"],
            "Nilai": hist["total"].map(fmt.num),
            "Kesiapan": hist["readiness"].map(vocab.READINESS_LABELS),
        }
    )
    done = submissions.events(cur, unit, year, stage)
    events = pd.DataFrame(
        {
            clock.column("Waktu"): [clock.text(t) for t in done["imported_at"]],
            "Oleh": done["loaded_by"].fillna("-"),
            "Kejadian": [vocab.IMPORT_STATUS_LABELS.get(s, s) for s in done["status"]],
            "Versi": [f"#{int(i)}" if pd.notna(i) else "" for i in done["submission_id"]],
            "Berkas": done["file_name"].fillna(""),
        }
    )
    ids = [int(i) for i in hist["submission_id"]]
    return VersionsView(
        hist,
        table,
        dict(zip(ids, (str(n) for n in hist["file_name"]))),
        dict(zip(ids, (bool(c) for c in hist["is_current"]))),
        events,
        clock.label,
    )


@dataclass(frozen=True)
class PeopleView:
    table: pd.DataFrame  # Nama pengguna, Nama, Peran, Wilayah, Instansi
    usernames: tuple[str, ...]  # in the table's order


def _named(codes: tuple[str, ...], names: dict[str, str]) -> str:
    """'Kota Ambon (81.71), Maluku (81)'; a code the database does not know says so."""
    return ", ".join(f"{names[c]} ({c})" if c in names else f"{c} (tidak dikenal)" for c in codes)


def people(data: dict[str, Any], cur: Cursor | None = None) -> PeopleView:
    """Who may sign in (the credentials file's content, access.load), their role and upload rights; the
    regions and instansi by name when `cur` reads the database."""
    people = [access.user_of(data, u) for u in data["credentials"]["usernames"]]
    regions = dict(assignments.region_choices(cur)) if cur is not None else {}
    instansi = {c: n for c, n, _ in assignments.instansi_choices(cur)} if cur is not None else {}
    show = _named if cur is not None else (lambda codes, _: ", ".join(codes))
    return PeopleView(
        pd.DataFrame(
            {
                "Nama pengguna": [u.username for u in people],
                "Nama": [u.name for u in people],
                "Peran": [vocab.ROLE_LABELS[u.role] for u in people],
                "Wilayah": [show(u.regions, regions) for u in people],
                "Instansi": [show(u.instansi, instansi) for u in people],
            }
        ),
        tuple(u.username for u in people),
    )


USER_ACTION_LABELS = {
    "added": "ditambahkan",
    "updated": "diubah",
    "removed": "dihapus",
    "password_reset": "kata sandi diatur ulang",
}


@dataclass(frozen=True)
class UserChangesView:
    table: pd.DataFrame  # Waktu (WIB), Oleh, Pengguna, Perubahan


def user_changes(cur: Cursor) -> UserChangesView:
    """Who added, changed, removed a user or reset a password, and when."""
    clock = localtime.Clock()
    done = sessions.changes(cur)
    return UserChangesView(
        pd.DataFrame(
            {
                clock.column("Waktu"): [clock.text(t, seconds=True) for t in done["at"]],
                "Oleh": done["changed_by"],
                "Pengguna": done["username"],
                "Perubahan": [USER_ACTION_LABELS.get(a, a) for a in done["action"]],
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
    table: pd.DataFrame  # Waktu (WIB), Nama pengguna, Hasil, Alamat klien, Keterangan


def login_audit(cur: Cursor) -> LoginAuditView:
    """The latest sign-in attempts: who, when, from where, the result (an unknown name only as its hash)."""
    audit = signin.recent(cur)
    clock = localtime.Clock()
    return LoginAuditView(
        pd.DataFrame(
            {
                clock.column("Waktu"): [clock.text(t, seconds=True) for t in audit["at"]],
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
