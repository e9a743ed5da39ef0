"""The PortalRB integration's service layer (no HTTP, no Streamlit): tokens, and the body of each
endpoint of the "Panduan Teknis API Integrasi ZI" for an instansi. The api package serves these
bodies over HTTP; the Pengusulan page computes the same bodies to tell what changed since a pull."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import duckdb

from pantauzi.core import portalrb
from pantauzi.core.portalrb import ApiError
from pantauzi.store import db
from pantauzi.store import portalrb_queries as q


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    con: duckdb.DuckDBPyConnection,
    instansi: str,
    label: str | None = None,
    rate_limit: int | None = None,
    by: str | None = None,
) -> tuple[int, str]:
    """A new token for `instansi`: -> (id, the token). The token itself is returned once and never stored."""
    if rate_limit is not None and rate_limit < 1:
        raise ValueError("batas panggilan per menit minimal 1")
    with db.cursor(con) as cur:
        if q.instansi_name(cur, instansi) is None:
            raise ValueError(f"kode instansi '{instansi}' tidak dikenal")
    token = secrets.token_urlsafe(32)
    with db.transaction(con) as cur:
        token_id = q.add_token(cur, instansi, digest(token), label, rate_limit, by)
    return token_id, token


def revoke_token(con: duckdb.DuckDBPyConnection, token_id: int, by: str | None = None) -> bool:
    with db.transaction(con) as cur:
        return q.revoke_token(cur, token_id, by)


def authenticate(cur: duckdb.DuckDBPyConnection, token: str) -> q.Token | None:
    return q.active_token(cur, digest(token)) if token else None


def units_body(cur: duckdb.DuckDBPyConnection, instansi: str, year: int, endpoint: str) -> dict[str, Any]:
    """/pengusulan/unit-wbk or /pengusulan/unit-wbbm: exactly the units saved on the Pengusulan page."""
    rows = q.proposed(cur, instansi, year, portalrb.ENDPOINT_KATEGORI[endpoint])
    return {
        "tahun": year,
        "units": [{"id": u, "nama": n, "kategori": k, "afirmasi": k == "WBK-AFIRMASI"} for u, n, k in rows],
    }


def jawaban_body(cur: duckdb.DuckDBPyConnection, instansi: str, unit_code: str, year: int) -> dict[str, Any]:
    """/lke/jawaban-unit/{unit_id}: the unit's own and TPI answers for `year` by 2026 soal_id.
    403 for a unit of another instansi, 404 for an unknown unit, one not proposed, or no answers."""
    found = q.unit(cur, unit_code)
    if found is None:
        raise ApiError(404, f"unit '{unit_code}' tidak terdaftar")
    name, owner = found
    if owner != instansi:
        raise ApiError(403, "unit ini bukan milik instansi pemegang token")
    if q.proposal(cur, instansi, unit_code, year) is None:
        raise ApiError(404, f"unit '{unit_code}' tidak diusulkan untuk tahun {year}")
    stages = q.stage_answers(cur, unit_code, year)
    if not stages:
        raise ApiError(404, f"belum ada jawaban LKE unit '{unit_code}' untuk tahun {year}")
    return {
        "unit_id": unit_code,
        "nama_unit": name,
        "tahun": year,
        "answers": portalrb.answers(stages.get("self"), stages.get("tpi")),
    }


def missing_counterparts(cur: duckdb.DuckDBPyConnection, unit_code: str, year: int) -> list[int]:
    """2026 soal_ids the unit's current submissions of `year` cannot answer (legacy rows without a
    2026 counterpart): served as null, named on the Pengusulan page."""
    stages = q.stage_answers(cur, unit_code, year)
    out: set[int] = set()
    for s in stages.values():
        out |= set(portalrb.without_counterpart(s.methodology))
    return sorted(out)


def save_proposal(
    con: duckdb.DuckDBPyConnection, instansi: str, year: int, chosen: dict[str, str], by: str | None
) -> None:
    """Save which units `instansi` proposes for `year` (unit -> WBK | WBK-AFIRMASI | WBBM), replacing
    the earlier list of that year. Raises ValueError (Indonesian) and saves nothing when a unit is not
    the instansi's, a kategori is unknown, or WBBM is asked for a unit without a WBK predicate."""
    with db.cursor(con) as cur:
        known = q.candidates(cur, [instansi], year)
    units = dict(zip(known["unit"], known["holds_wbk"]))
    problems = []
    for unit_code, kategori in sorted(chosen.items()):
        if unit_code not in units:
            problems.append(f"unit '{unit_code}' bukan unit aktif instansi {instansi} pada tahun {year}")
        elif kategori not in portalrb.KATEGORI:
            problems.append(f"unit '{unit_code}': kategori '{kategori}' tidak dikenal")
        elif kategori == "WBBM" and not bool(units[unit_code]):
            problems.append(f"unit '{unit_code}': WBBM hanya untuk unit yang telah berpredikat WBK")
    if problems:
        raise ValueError("; ".join(problems))
    with db.transaction(con) as cur:
        q.save_pengusulan(cur, instansi, year, chosen, by, q.now())
