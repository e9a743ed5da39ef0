"""SQL of the PortalRB integration: tokens (hashes only), the access log, the proposed units, and the
current answers of a unit-year that /lke/jawaban-unit serves. Writers take the caller's transaction
cursor (pantauzi.store.db.transaction); readers any cursor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from pantauzi.core.portalrb import StageAnswers
from pantauzi.store import db, selection, wbk


@dataclass(frozen=True)
class Token:
    id: int
    instansi: str
    rate_limit: int | None


def now() -> dt.datetime:
    """UTC without a zone, as every TIMESTAMP column of the store."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def instansi_name(cur: selection.Cursor, code: str) -> str | None:
    row = db.one(cur, "SELECT name FROM instansi WHERE code = ?", [code])
    return None if row is None else str(row[0])


def add_token(
    cur: selection.Cursor, instansi: str, digest: str, label: str | None, rate_limit: int | None, by: str | None
) -> int:
    token_id = db.next_ids(cur, "portalrb_token_id_seq", 1)[0]
    cur.execute(
        "INSERT INTO portalrb_tokens (id, instansi_code, token_sha256, label, rate_limit, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [token_id, instansi, digest, label, rate_limit, now(), by],
    )
    return token_id


def revoke_token(cur: selection.Cursor, token_id: int, by: str | None) -> bool:
    """Revoke a token (the row stays for the log). False when there is no such active token."""
    if db.one(cur, "SELECT id FROM portalrb_tokens WHERE id = ? AND revoked_at IS NULL", [token_id]) is None:
        return False
    cur.execute("UPDATE portalrb_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ?", [now(), by, token_id])
    return True


def active_token(cur: selection.Cursor, digest: str) -> Token | None:
    row = db.one(
        cur,
        "SELECT id, instansi_code, rate_limit FROM portalrb_tokens WHERE token_sha256 = ? AND revoked_at IS NULL",
        [digest],
    )
    return None if row is None else Token(int(row[0]), str(row[1]), None if row[2] is None else int(row[2]))


def tokens(cur: selection.Cursor, instansi: Sequence[str] | None = None) -> pd.DataFrame:
    """Every token (never its hash) with its last use and number of calls, newest first."""
    where, params = ("list_contains(?, t.instansi_code)", [list(instansi)]) if instansi is not None else ("TRUE", [])
    return cur.execute(
        f"""
        SELECT t.id, t.instansi_code, t.label, t.rate_limit, t.created_at, t.created_by, t.revoked_at,
               l.last_used_at, coalesce(l.calls, 0) AS calls
        FROM portalrb_tokens t
        LEFT JOIN (SELECT token_id, max(called_at) AS last_used_at, count(*) AS calls FROM portalrb_access_log
                   WHERE token_id IS NOT NULL GROUP BY token_id) l ON l.token_id = t.id
        WHERE {where} ORDER BY t.id DESC""",
        params,
    ).df()


def log_call(
    cur: selection.Cursor,
    at: dt.datetime,
    token_id: int | None,
    instansi: str | None,
    endpoint: str,
    path: str,
    unit: str | None,
    year: int | None,
    status: int,
    size: int,
    ms: float,
    body_stamp: str | None,
) -> None:
    cur.execute(
        "INSERT INTO portalrb_access_log (called_at, token_id, instansi_code, endpoint, path, unit_code, year, status, "
        "bytes, ms, body_stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at, token_id, instansi, endpoint, path, unit, year, status, size, ms, body_stamp],
    )


def access_log(cur: selection.Cursor, instansi: Sequence[str] | None = None, limit: int = 200) -> pd.DataFrame:
    where, params = ("list_contains(?, instansi_code)", [list(instansi)]) if instansi is not None else ("TRUE", [])
    return cur.execute(
        f"SELECT called_at, token_id, instansi_code, path, status, bytes, ms FROM portalrb_access_log "
        f"WHERE {where} ORDER BY called_at DESC LIMIT ?",
        [*params, limit],
    ).df()


def proposed(cur: selection.Cursor, instansi: str, year: int, kategori: Sequence[str]) -> list[tuple[str, str, str]]:
    """(unit code, unit name, kategori) proposed by `instansi` for `year` in the given categories."""
    rows = cur.execute(
        "SELECT p.unit_code, u.name, p.kategori FROM portalrb_pengusulan p JOIN units u ON u.code = p.unit_code "
        "WHERE p.instansi_code = ? AND p.year = ? AND list_contains(?, p.kategori) ORDER BY u.name, p.unit_code",
        [instansi, year, list(kategori)],
    ).fetchall()
    return [(str(u), str(n), str(k)) for u, n, k in rows]


def unit(cur: selection.Cursor, code: str) -> tuple[str, str] | None:
    """(name, instansi code) of a registered unit."""
    row = db.one(cur, "SELECT name, instansi_code FROM units WHERE code = ?", [code])
    return None if row is None else (str(row[0]), str(row[1]))


def proposal(cur: selection.Cursor, instansi: str, unit_code: str, year: int) -> str | None:
    row = db.one(
        cur,
        "SELECT kategori FROM portalrb_pengusulan WHERE instansi_code = ? AND unit_code = ? AND year = ?",
        [instansi, unit_code, year],
    )
    return None if row is None else str(row[0])


def stage_answers(cur: selection.Cursor, unit_code: str, year: int) -> dict[str, StageAnswers]:
    """The current unit (self) and TPI submissions of a unit-year with their answers, by stage."""
    subs = cur.execute(
        "SELECT stage, id, methodology FROM lke_submissions WHERE unit_code = ? AND year = ? AND is_current "
        "AND stage IN ('self', 'tpi')",
        [unit_code, year],
    ).fetchall()
    out: dict[str, StageAnswers] = {}
    for stage, sid, methodology in subs:
        rows = cur.execute(
            "SELECT question_id, value, note, evidence FROM lke_answers WHERE submission_id = ?", [sid]
        ).fetchall()
        out[str(stage)] = StageAnswers(
            int(sid),
            str(methodology),
            {int(q): (None if v is None else float(v), n, e) for q, v, n, e in rows},
        )
    return out


def save_pengusulan(
    cur: selection.Cursor, instansi: str, year: int, chosen: dict[str, str], by: str | None, at: dt.datetime
) -> None:
    """Replace an instansi's proposal for a year with `chosen` (unit -> kategori); rows whose kategori
    did not change keep their first saved_by/saved_at (a change of the list shows which unit moved)."""
    before = {
        str(u): (str(k), b, t)
        for u, k, b, t in cur.execute(
            "SELECT unit_code, kategori, saved_by, saved_at FROM portalrb_pengusulan WHERE instansi_code = ? "
            "AND year = ?",
            [instansi, year],
        ).fetchall()
    }
    cur.execute("DELETE FROM portalrb_pengusulan WHERE instansi_code = ? AND year = ?", [instansi, year])
    units = sorted(chosen)
    kept = [before.get(u) if before.get(u, ("",))[0] == chosen[u] else None for u in units]
    if not units:
        return
    table = pa.table(
        {
            "instansi_code": [instansi] * len(units),
            "year": pa.array([year] * len(units), pa.int32()),
            "unit_code": units,
            "kategori": [chosen[u] for u in units],
            "saved_by": [k[1] if k else by for k in kept],
            "saved_at": pa.array([k[2] if k else at for k in kept], pa.timestamp("us")),
        }
    )
    cur.register("_pengusulan", table)
    try:
        cur.execute("INSERT INTO portalrb_pengusulan SELECT * FROM _pengusulan")
    finally:
        cur.unregister("_pengusulan")


def pengusulan(cur: selection.Cursor, instansi: Iterable[str], year: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT instansi_code, unit_code, kategori, saved_by, saved_at FROM portalrb_pengusulan "
        "WHERE list_contains(?, instansi_code) AND year = ? ORDER BY instansi_code, unit_code",
        [list(instansi), year],
    ).df()


def candidates(cur: selection.Cursor, instansi: Iterable[str], year: int) -> pd.DataFrame:
    """Every unit of the instansi active in `year`: its latest stage (TPI where present), total,
    readiness, failed criteria, whether it holds a WBK predicate from an earlier year, and its proposal."""
    return cur.execute(
        f"""
        WITH fin AS (
            SELECT c.unit_code, c.stage, c.submission_id, c.total, c.readiness
            FROM lke_current c WHERE list_contains(?, c.instansi_code) AND c.year = ?
              AND c.stage IN ('self', 'tpi')
            QUALIFY row_number() OVER (PARTITION BY c.unit_code ORDER BY CASE c.stage WHEN 'tpi' THEN 1 ELSE 2 END) = 1
        ),
        failed AS (
            SELECT r.submission_id, string_agg(r.label, '; ' ORDER BY r.criterion) AS failed
            FROM lke_readiness r JOIN fin ON fin.submission_id = r.submission_id
            WHERE r.level = 'wbk' AND NOT r.passed GROUP BY r.submission_id
        ),
        wbk AS ({wbk.FIRST_WBK})
        SELECT u.code AS unit, u.name AS unit_name, u.instansi_code, fin.stage, fin.submission_id, fin.total,
               fin.readiness, coalesce(failed.failed, '') AS failed,
               coalesce(wbk.first_wbk < ?, FALSE) AS holds_wbk, p.kategori, p.saved_by, p.saved_at
        FROM units u
        LEFT JOIN fin ON fin.unit_code = u.code
        LEFT JOIN failed ON failed.submission_id = fin.submission_id
        LEFT JOIN wbk ON wbk.unit_code = u.code
        LEFT JOIN portalrb_pengusulan p ON p.unit_code = u.code AND p.year = ? AND p.instansi_code = u.instansi_code
        WHERE list_contains(?, u.instansi_code)
          AND (u.valid_from IS NULL OR u.valid_from <= ?) AND (u.valid_to IS NULL OR u.valid_to >= ?)
        ORDER BY u.instansi_code, u.name, u.code""",
        [list(instansi), year, year, year, list(instansi), year, year],
    ).df()


def last_pulls(cur: selection.Cursor, instansi: Iterable[str], year: int) -> pd.DataFrame:
    """Per unit (jawaban-unit) and per list endpoint: the last call of the year and the last answered
    one (at, status, the stamp of the body served)."""
    return cur.execute(
        """
        SELECT instansi_code, endpoint, unit_code,
               max(called_at) AS last_at, arg_max(status, called_at) AS last_status,
               max(called_at) FILTER (WHERE status = 200) AS ok_at,
               arg_max(body_stamp, called_at) FILTER (WHERE status = 200) AS ok_stamp
        FROM portalrb_access_log
        WHERE list_contains(?, instansi_code) AND year = ? AND endpoint IN ('unit-wbk', 'unit-wbbm', 'jawaban-unit')
        GROUP BY ALL""",
        [list(instansi), year],
    ).df()


def instansi_list(cur: selection.Cursor) -> pd.DataFrame:
    """code, name, region_code of every instansi, by name."""
    df: pd.DataFrame = cur.execute("SELECT code, name, region_code FROM instansi ORDER BY name, code").df()
    return df
