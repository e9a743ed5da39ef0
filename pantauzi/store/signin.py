"""Sign-in attempts in the database (`login_audit`, migration 20): the audit admins read and the state the
throttle decides from, shared by every replica of the app (pantauzi.core.signin decides).

`start` decides and writes the attempt in one write transaction (one writer at a time, across processes
on PostgreSQL), as a failure until `succeeded` says otherwise: attempts sent at once from many sessions
each see the others, so parallel guesses cannot slip past the limit while passwords are being checked."""

from __future__ import annotations

import datetime as dt
import uuid

import duckdb
import pandas as pd

from pantauzi.core import signin
from pantauzi.store import db


def utcnow() -> dt.datetime:
    """Naive UTC, as the audit stores it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _decide(
    cur: duckdb.DuckDBPyConnection, name: str, client: str | None, now: dt.datetime, p: signin.Policy
) -> signin.Decision:
    since = now - dt.timedelta(seconds=p.horizon)
    by_user = cur.execute(
        'SELECT "at", ok, reason FROM login_audit WHERE username = ? AND "at" > ? ORDER BY "at"', [name, since]
    ).fetchall()
    by_client = (
        cur.execute(
            'SELECT "at", ok, reason FROM login_audit WHERE client = ? AND "at" > ? ORDER BY "at"', [client, since]
        ).fetchall()
        if client
        else []
    )
    return signin.decide(_attempts(by_user), _attempts(by_client), now, p)


def _attempts(rows: list[tuple[dt.datetime, bool, str]]) -> list[signin.Attempt]:
    return [signin.Attempt(at, bool(ok), reason) for at, ok, reason in rows]


def _insert(
    cur: duckdb.DuckDBPyConnection, name: str, ok: bool, reason: str, client: str | None, at: dt.datetime
) -> str:
    if reason not in signin.REASON_LABELS:
        raise ValueError(f"unknown reason {reason!r}")
    attempt = uuid.uuid4().hex
    cur.execute(
        'INSERT INTO login_audit (id, "at", username, ok, client, reason) VALUES (?, ?, ?, ?, ?, ?)',
        [attempt, at, name, ok, client, reason],
    )
    return attempt


def check(
    con: duckdb.DuckDBPyConnection, name: str, client: str | None, now: dt.datetime, p: signin.Policy
) -> signin.Decision:
    """Whether an attempt for audit name `name` from `client` would be heard now (reads only)."""
    with db.cursor(con) as cur:
        return _decide(cur, name, client, now, p)


def start(
    con: duckdb.DuckDBPyConnection,
    name: str,
    client: str | None,
    known: bool,
    now: dt.datetime,
    p: signin.Policy,
) -> tuple[signin.Decision, str]:
    """Decide and record one attempt atomically. Heard: recorded as a failure (wrong password, or unknown
    username) until `succeeded`; refused: recorded as held. -> (decision, the attempt's id)"""
    with db.transaction(con) as cur:
        decision = _decide(cur, name, client, now, p)
        if decision.allowed:
            reason = signin.WRONG_PASSWORD if known else signin.UNKNOWN_USER
            return decision, _insert(cur, name, False, reason, client, now)
        return decision, _insert(cur, name, False, decision.reason, client, now)


def succeeded(con: duckdb.DuckDBPyConnection, attempt: str) -> None:
    """The attempt's password was right."""
    with db.transaction(con) as cur:
        cur.execute("UPDATE login_audit SET ok = TRUE, reason = ? WHERE id = ?", [signin.OK, attempt])


def record(
    con: duckdb.DuckDBPyConnection, name: str, ok: bool, reason: str, client: str | None, at: dt.datetime
) -> str:
    """One attempt as it ended: who (audit name), whether it succeeded, why, from where, when. Never a password."""
    with db.transaction(con) as cur:
        return _insert(cur, name, ok, reason, client, at)


def recent(cur: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The latest attempts, newest first (for the admins' Pengguna page)."""
    return cur.execute(
        'SELECT "at", username, ok, client, reason FROM login_audit ORDER BY "at" DESC LIMIT ?', [int(limit)]
    ).df()
