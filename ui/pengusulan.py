"""The Pengusulan page's data: which instansi a user may propose for, every unit with its readiness and
proposal, when PortalRB last pulled it and whether what it would pull now differs."""

from __future__ import annotations

import pandas as pd

from pantauzi import portalrb as service
from pantauzi.core import access, fmt, localtime, portalrb, vocab
from pantauzi.store import portalrb_queries as q
from ui import data

NOT_PULLED = "belum ditarik"
CHANGED = "berubah sejak ditarik PortalRB"
SAME = "sama dengan yang ditarik"


def proposal_year() -> int:
    return portalrb.default_year()


def instansi_for(user: access.User) -> pd.DataFrame:
    """code, name of every instansi the user may propose units for (admins: all; evaluators: theirs)."""
    with data.store().use() as cur:
        df = q.instansi_list(cur)
    keep = [access.may_upload(user, r, c) for r, c in zip(df["region_code"], df["code"])]
    return df[keep].reset_index(drop=True)


def units(instansi: str, year: int) -> pd.DataFrame:
    """Every unit with its latest stage, total, readiness, failed criteria and proposal, plus the last
    pull of its answers and whether they changed since (the stamp of the body it would get now)."""
    with data.store().use() as cur:
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
    with data.store().use() as cur:
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
    with data.store().use(write=True) as con:
        service.save_proposal(con, instansi, year, chosen, by)


def tokens(instansi: list[str] | None = None) -> pd.DataFrame:
    with data.store().use() as cur:
        return q.tokens(cur, instansi)


def create_token(instansi: str, label: str | None, rate_limit: int | None, by: str) -> tuple[int, str]:
    with data.store().use(write=True) as con:
        return service.create_token(con, instansi, label, rate_limit, by)


def revoke_token(token_id: int, by: str) -> bool:
    with data.store().use(write=True) as con:
        return service.revoke_token(con, token_id, by)


def token_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The tokens as Pengguna shows them (never the token itself: only its id and who made it)."""
    clock = localtime.Clock()
    return pd.DataFrame(
        {
            "Id": rows["id"],
            "Instansi": rows["instansi_code"],
            "Keterangan": rows["label"].fillna(""),
            clock.column("Dibuat"): [clock.text(t) for t in rows["created_at"]],
            "Oleh": rows["created_by"].fillna(""),
            "Status": ["dicabut" if pd.notna(t) else "aktif" for t in rows["revoked_at"]],
            clock.column("Terakhir dipakai"): [clock.text(t) for t in rows["last_used_at"]],
            "Panggilan": rows["calls"],
        }
    )


def active_tokens(rows: pd.DataFrame) -> list[int]:
    """Ids of the tokens not revoked."""
    return [int(i) for i, r in zip(rows["id"], rows["revoked_at"]) if pd.isna(r)]


STAGE_SHORT = {"self": "Unit", "tpi": "TPI"}


def unit_table(df: pd.DataFrame) -> pd.DataFrame:
    """The Pengusulan page's table of every unit: stage, total, readiness, proposal and last pull."""
    clock = localtime.Clock()
    ready = vocab.READINESS_LABELS
    stage = STAGE_SHORT
    return pd.DataFrame(
        {
            "Unit": df["unit_name"],
            "Kode": df["unit"],
            "Tahap": [stage.get(s, "—") if isinstance(s, str) else "—" for s in df["stage"]],
            "Nilai": [fmt.num(t) if pd.notna(t) else "—" for t in df["total"]],
            "Kesiapan": [ready.get(r, "—") if isinstance(r, str) else "—" for r in df["readiness"]],
            "Kriteria WBK belum terpenuhi": df["failed"],
            "Predikat WBK": ["ya" if h else "" for h in df["holds_wbk"]],
            "Usulan": [portalrb.KATEGORI_LABELS.get(k, "") if isinstance(k, str) else "" for k in df["kategori"]],
            "Disimpan oleh": df["saved_by"].fillna(""),
            clock.column("Disimpan pada"): [clock.text(t) for t in df["saved_at"]],
            clock.column("Terakhir ditarik"): [clock.text(t) for t in df["pulled_at"]],
            "Hasil tarikan": [str(int(s)) if s is not None and pd.notna(s) else "" for s in df["pull_status"]],
            "Status": df["pull_state"],
            "Soal 2026 tanpa padanan (null)": df["no_counterpart"],
        }
    )
