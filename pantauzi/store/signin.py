"""Sign-in attempts in the database (`login_audit`, migration 20): the audit admins read and the state the
throttle decides from, shared by every replica of the app (pantauzi.core.signin decides)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from pantauzi.core import signin
from pantauzi.store import db


def utcnow() -> dt.datetime:
    """Naive UTC, as the audit stores it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _attempts(rows: list[tuple[dt.datetime, bool, str]]) -> list[signin.Attempt]:
    return [signin.Attempt(at, bool(ok), reason) for at, ok, reason in rows]


def check(
    con: duckdb.DuckDBPyConnection, name: str, client: str | None, now: dt.datetime, p: signin.Policy
) -> signin.Decision:
    """Whether an attempt for audit name `name` from `client` is heard now."""
    since = now - dt.timedelta(seconds=p.horizon)
    with db.cursor(con) as cur:
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


def record(
    con: duckdb.DuckDBPyConnection, name: str, ok: bool, reason: str, client: str | None, at: dt.datetime
) -> None:
    """One attempt: who (audit name), whether it succeeded, why, from where, when. Never a password."""
    if reason not in signin.REASON_LABELS:
        raise ValueError(f"unknown reason {reason!r}")
    with db.transaction(con) as cur:
        cur.execute(
            'INSERT INTO login_audit ("at", username, ok, client, reason) VALUES (?, ?, ?, ?, ?)',
            [at, name, ok, client, reason],
        )


def recent(cur: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The latest attempts, newest first (for the admins' Pengguna page)."""
    return cur.execute(
        'SELECT "at", username, ok, client, reason FROM login_audit ORDER BY "at" DESC LIMIT ?', [int(limit)]
    ).df()
