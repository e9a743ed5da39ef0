"""Browser sessions in the store (migration 42): a hand-off token works once and briefly, a session lives
until its expiry or its revocation, and a database at the previous version is upgraded with the tables."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from pantauzi.core import sessions as rules
from pantauzi.store import db, migrations, sessions

NOW = dt.datetime(2026, 12, 3, 12, 0)


def test_hand_off_once_then_the_cookie_signs_in_until_revoked(tmp_path):
    con = db.connect(tmp_path / "s.duckdb")
    row, token = sessions.create(con, "eva", "10.0.0.1", NOW, 7)
    cur = db.cursor(con)
    assert not sessions.handed_off(cur, row)
    secret, expires = sessions.redeem(con, token, NOW + dt.timedelta(seconds=5))
    assert expires == NOW + dt.timedelta(days=7) and sessions.handed_off(cur, row)
    assert sessions.redeem(con, token, NOW + dt.timedelta(seconds=6)) is None  # single use
    assert sessions.lookup(cur, secret, NOW + dt.timedelta(days=6)) == (row, "eva")
    assert sessions.lookup(cur, secret, NOW + dt.timedelta(days=7, seconds=1)) is None  # expired
    stored = con.execute("SELECT * FROM signin_sessions").fetchall()
    assert token not in str(stored) and secret not in str(stored)  # only hashes are kept
    assert rules.digest(secret) in str(stored)
    sessions.revoke(con, row, NOW + dt.timedelta(hours=1))
    assert sessions.lookup(cur, secret, NOW + dt.timedelta(hours=2)) is None
    assert not sessions.alive(cur, row, NOW + dt.timedelta(hours=2))
    con.close()


def test_a_late_or_malformed_token_is_refused(tmp_path):
    con = db.connect(tmp_path / "s.duckdb")
    _, token = sessions.create(con, "eva", None, NOW, 7)
    late = NOW + dt.timedelta(seconds=rules.HANDOFF_SECONDS + 1)
    assert sessions.redeem(con, token, late) is None
    assert sessions.redeem(con, "x' OR 1=1 --", NOW) is None
    assert sessions.lookup(db.cursor(con), "", NOW) is None
    con.close()


def test_removing_a_user_ends_every_session_of_theirs(tmp_path):
    con = db.connect(tmp_path / "s.duckdb")
    secrets = []
    for who in ("eva", "eva", "adi"):
        _, token = sessions.create(con, who, None, NOW, 7)
        secrets.append(sessions.redeem(con, token, NOW)[0])
    assert sessions.record_change(con, "adi", "eva", "removed", NOW) == 2
    cur = db.cursor(con)
    assert [sessions.lookup(cur, s, NOW) is not None for s in secrets] == [False, False, True]
    assert sessions.record_change(con, "adi", "budi", "added", NOW) == 0
    assert sorted(sessions.changes(cur)["action"]) == ["added", "removed"]  # both at NOW: no order between them
    con.close()


def test_a_database_at_version_30_gets_the_session_tables(tmp_path):
    path = tmp_path / "v30.duckdb"
    raw = duckdb.connect(str(path))
    migrations.current_version(raw)
    for number, description, sql in migrations.MIGRATIONS:
        if number <= 30 and not sql.lstrip().startswith(migrations.POSTGRES_ONLY):
            raw.execute(sql)
        if number <= 30:
            raw.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", [number, description])
    raw.execute("INSERT INTO login_audit VALUES ('a', TIMESTAMP '2026-01-01', 'eva', true, NULL, 'ok')")
    raw.close()
    con = db.connect(path)
    assert migrations.current_version(con) == 42
    assert con.execute("SELECT count(*) FROM signin_sessions").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM login_audit").fetchall() == [(1,)]
    sessions.create(con, "eva", None, NOW, 7)
    con.close()


@pytest.mark.slow  # a PostgreSQL server
def test_a_session_revoked_by_one_replica_is_refused_by_another_on_postgres(pg_url):
    """Two connections to the shared store, as two replicas hold: one signs in and out, the other reads the cookie."""
    one, other = db.connect(pg_url), db.connect(pg_url)
    try:
        row, token = sessions.create(one, "eva", None, NOW, 7)
        secret, _ = sessions.redeem(other, token, NOW)
        assert sessions.redeem(one, token, NOW) is None
        assert sessions.lookup(db.cursor(one), secret, NOW) == (row, "eva")
        sessions.revoke(one, row, NOW)
        assert sessions.lookup(db.cursor(other), secret, NOW) is None
    finally:
        one.close()
        other.close()
