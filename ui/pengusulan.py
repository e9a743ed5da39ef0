"""The Pengusulan page's data: which instansi a user may propose for, every unit with its readiness and
proposal, when PortalRB last pulled it and whether what it would pull now differs."""

from __future__ import annotations

import pandas as pd

from pantauzi import portalrb as service
from pantauzi.core import access, portalrb
from pantauzi.store import db
from pantauzi.store import portalrb_queries as q
from ui import data

NOT_PULLED = "belum ditarik"
CHANGED = "berubah sejak ditarik PortalRB"
SAME = "sama dengan yang ditarik"


def proposal_year() -> int:
    return portalrb.default_year()


def instansi_for(user: access.User) -> pd.DataFrame:
    """code, name of every instansi the user may propose units for (admins: all; evaluators: theirs)."""
    with db.cursor(data.connection()) as cur:
        df = cur.execute("SELECT code, name, region_code FROM instansi ORDER BY name, code").df()
    keep = [access.may_upload(user, r, c) for r, c in zip(df["region_code"], df["code"])]
    return df[keep].reset_index(drop=True)


def units(instansi: str, year: int) -> pd.DataFrame:
    """Every unit with its latest stage, total, readiness, failed criteria and proposal, plus the last
    pull of its answers and whether they changed since (the stamp of the body it would get now)."""
    con = data.connection()
    with db.cursor(con) as cur:
        df = q.candidates(cur, [instansi], year)
        pulls = q.last_pulls(cur, [instansi], year)
        answers = pulls[pulls["endpoint"] == "jawaban-unit"].set_index("unit_code")
        pulled_at, result, status, missing = [], [], [], []
        for u, kategori in zip(df["unit"], df["kategori"]):
            row = answers.loc[u] if u in answers.index else None
            pulled_at.append(None if row is None else row["last_at"])
            result.append(None if row is None else int(row["last_status"]))
            if not isinstance(kategori, str):
                status.append("")
                missing.append("")
                continue
            gaps = service.missing_counterparts(cur, u, year)
            missing.append(", ".join(str(s) for s in gaps))
            if row is None or not isinstance(row["ok_stamp"], str):
                status.append(NOT_PULLED)
                continue
            try:
                now = portalrb.stamp(service.jawaban_body(cur, instansi, u, year))
            except portalrb.ApiError:
                now = ""
            status.append(SAME if now == row["ok_stamp"] else CHANGED)
    df["pulled_at"] = pulled_at
    df["pull_status"] = result
    df["pull_state"] = status
    df["no_counterpart"] = missing
    return df


def list_states(instansi: str, year: int) -> dict[str, tuple[str, object]]:
    """endpoint (unit-wbk, unit-wbbm) -> (state, when last pulled successfully)."""
    with db.cursor(data.connection()) as cur:
        pulls = q.last_pulls(cur, [instansi], year)
        out: dict[str, tuple[str, object]] = {}
        for endpoint in portalrb.ENDPOINT_KATEGORI:
            row = pulls[pulls["endpoint"] == endpoint]
            if row.empty or not isinstance(row["ok_stamp"].iloc[0], str):
                out[endpoint] = (NOT_PULLED, None)
                continue
            now = portalrb.stamp(service.units_body(cur, instansi, year, endpoint))
            out[endpoint] = (SAME if now == row["ok_stamp"].iloc[0] else CHANGED, row["ok_at"].iloc[0])
    return out


def save(instansi: str, year: int, chosen: dict[str, str], by: str) -> None:
    service.save_proposal(data.connection(), instansi, year, chosen, by)


def tokens(instansi: list[str] | None = None) -> pd.DataFrame:
    with db.cursor(data.connection()) as cur:
        return q.tokens(cur, instansi)


def create_token(instansi: str, label: str | None, rate_limit: int | None, by: str) -> tuple[int, str]:
    return service.create_token(data.connection(), instansi, label, rate_limit, by)


def revoke_token(token_id: int, by: str) -> bool:
    return service.revoke_token(data.connection(), token_id, by)
