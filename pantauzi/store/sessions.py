"""Browser sessions in the store (`signin_sessions`, migration 42; pantauzi.core.sessions describes the
flow) and the record of user changes (`user_changes`). Shared by every replica of the app, DuckDB file
or PostgreSQL: a revoked session is refused by all of them."""

from __future__ import annotations

import datetime as dt
import uuid

import duckdb
import pandas as pd

from pantauzi.core import sessions
from pantauzi.store import db

USER_ACTIONS = ("added", "updated", "removed", "password_reset")


def create(
    con: duckdb.DuckDBPyConnection, username: str, client: str | None, now: dt.datetime, days: float
) -> tuple[str, str]:
    """A session for `username` after a correct password. -> (row id, the one-time hand-off token)"""
    token = sessions.new_secret()
    row = uuid.uuid4().hex
    with db.transaction(con) as cur:
        cur.execute(
            "INSERT INTO signin_sessions (id, username, created_at, expires_at, handoff_sha256, "
            "handoff_expires_at, session_sha256, client, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, NULL)",
            [
                row,
                username,
                now,
                now + dt.timedelta(days=days),
                sessions.digest(token),
                now + dt.timedelta(seconds=sessions.HANDOFF_SECONDS),
                client,
            ],
        )
    return row, token


def redeem(con: duckdb.DuckDBPyConnection, token: str, now: dt.datetime) -> tuple[str, dt.datetime] | None:
    """Exchange a hand-off token, once, for the session's cookie value. -> (cookie value, expiry) or None
    (unknown, used, expired, revoked)."""
    if not sessions.well_formed(token):
        return None
    with db.transaction(con) as cur:
        row = db.one(
            cur,
            "SELECT id, expires_at FROM signin_sessions WHERE handoff_sha256 = ? AND handoff_expires_at > ? "
            "AND revoked_at IS NULL AND expires_at > ?",
            [sessions.digest(token), now, now],
        )
        if row is None:
            return None
        secret = sessions.new_secret()
        cur.execute(
            "UPDATE signin_sessions SET handoff_sha256 = NULL, session_sha256 = ? WHERE id = ?",
            [sessions.digest(secret), row[0]],
        )
    return secret, row[1]


def handed_off(cur: duckdb.DuckDBPyConnection, row: str) -> bool:
    """Whether the browser has redeemed the row's hand-off token (or it can no longer be)."""
    found = db.one(
        cur, "SELECT handoff_sha256 IS NULL OR revoked_at IS NOT NULL FROM signin_sessions WHERE id = ?", [row]
    )
    return found is None or bool(found[0])


def lookup(cur: duckdb.DuckDBPyConnection, secret: str, now: dt.datetime) -> tuple[str, str] | None:
    """The live session a cookie value names. -> (row id, username) or None"""
    if not sessions.well_formed(secret):
        return None
    found = db.one(
        cur,
        "SELECT id, username FROM signin_sessions WHERE session_sha256 = ? AND revoked_at IS NULL AND expires_at > ?",
        [sessions.digest(secret), now],
    )
    return (str(found[0]), str(found[1])) if found else None


def alive(cur: duckdb.DuckDBPyConnection, row: str, now: dt.datetime) -> bool:
    found = db.one(cur, "SELECT revoked_at IS NULL AND expires_at > ? FROM signin_sessions WHERE id = ?", [now, row])
    return bool(found and found[0])


def revoke(con: duckdb.DuckDBPyConnection, row: str, now: dt.datetime) -> None:
    """End one session (Keluar)."""
    with db.transaction(con) as cur:
        cur.execute("UPDATE signin_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [now, row])


def revoke_secret(con: duckdb.DuckDBPyConnection, secret: str, now: dt.datetime) -> None:
    """End the session a cookie value names (the sign-out route)."""
    if sessions.well_formed(secret):
        with db.transaction(con) as cur:
            cur.execute(
                "UPDATE signin_sessions SET revoked_at = ? WHERE session_sha256 = ? AND revoked_at IS NULL",
                [now, sessions.digest(secret)],
            )


def revoke_user(cur: duckdb.DuckDBPyConnection, username: str, now: dt.datetime) -> int:
    """End every session of a user (removed, or their password reset); inside the caller's transaction.
    -> how many were live"""
    live = db.scalar(cur, "SELECT count(*) FROM signin_sessions WHERE username = ? AND revoked_at IS NULL", [username])
    cur.execute("UPDATE signin_sessions SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL", [now, username])
    return int(live or 0)


def record_change(con: duckdb.DuckDBPyConnection, by: str, username: str, action: str, now: dt.datetime) -> int:
    """A user change in the record; a removal or a password reset also ends the user's sessions.
    -> the sessions ended"""
    if action not in USER_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    with db.transaction(con) as cur:
        cur.execute(
            'INSERT INTO user_changes ("at", changed_by, username, action) VALUES (?, ?, ?, ?)',
            [now, by, username, action],
        )
        return revoke_user(cur, username, now) if action in ("removed", "password_reset") else 0


def changes(cur: duckdb.DuckDBPyConnection, limit: int = 200) -> pd.DataFrame:
    """The latest user changes, newest first."""
    return cur.execute(
        'SELECT "at", changed_by, username, action FROM user_changes ORDER BY "at" DESC LIMIT ?', [int(limit)]
    ).df()
