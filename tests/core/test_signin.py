"""Sign-in throttling: the decision from past attempts (explicit clock, no sleeping), the audit table of
migration 20 on DuckDB, the policy from the environment, and the credentials file's temporary copy."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from pantauzi.core import access, signin
from pantauzi.store import db
from pantauzi.store import signin as store

T0 = dt.datetime(2026, 12, 3, 8, 0, 0)
P = signin.Policy(max_failures=5, max_failures_client=8, window=900, lockout=30, lockout_max=3600)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def fails(*seconds: float) -> list[signin.Attempt]:
    return [signin.Attempt(at(s), False, signin.WRONG_PASSWORD) for s in seconds]


def test_below_the_limit_every_attempt_is_heard():
    assert signin.decide(fails(0, 1, 2, 3), [], at(4), P).allowed


def test_the_limit_holds_the_username_then_waiting_ends_the_hold():
    five = fails(0, 1, 2, 3, 4)
    d = signin.decide(five, [], at(5), P)
    assert not d.allowed and d.reason == signin.HELD_USER and d.wait == pytest.approx(29)
    assert "Coba lagi dalam 29 detik" in d.message() and "nama pengguna ini" in d.message()
    assert signin.decide(five, [], at(34), P).allowed


def test_every_further_failure_doubles_the_hold_up_to_the_maximum():
    holds = []
    for n in range(5, 15):
        until = signin.held_until(fails(*range(n)), P.max_failures, P, reset_on_success=True)
        holds.append((until - at(n - 1)).total_seconds())
    assert holds[:4] == [30, 60, 120, 240]
    assert holds[-1] == 3600 and sorted(holds) == holds


def test_refused_attempts_do_not_count_and_a_success_clears_the_username():
    held = [signin.Attempt(at(10 + i), False, signin.HELD_USER) for i in range(50)]
    assert signin.held_until(fails(0, 1, 2, 3, 4) + held, 5, P, True) == at(4 + 30)
    cleared = fails(0, 1, 2, 3) + [signin.Attempt(at(5), True, signin.OK)] + fails(6)
    assert signin.decide(cleared, [], at(7), P).allowed


def test_failures_outside_the_window_do_not_count():
    assert signin.decide(fails(0, 1, 2, 3, 1000), [], at(1001), P).allowed


def test_twenty_wrong_passwords_in_29_seconds_then_the_right_one_is_refused():
    attempts: list[signin.Attempt] = []
    for i in range(20):
        now = at(i * 1.45)
        d = signin.decide(attempts, [], now, P)
        attempts.append(signin.Attempt(now, False, signin.WRONG_PASSWORD if d.allowed else d.reason))
    assert sum(a.reason == signin.WRONG_PASSWORD for a in attempts) == 5
    assert not signin.decide(attempts, [], at(29), P).allowed


def test_a_client_address_is_held_across_usernames_and_a_success_does_not_clear_it():
    client = fails(*range(8)) + [signin.Attempt(at(8), True, signin.OK)]
    d = signin.decide([], client, at(9), P)
    assert not d.allowed and d.reason == signin.HELD_CLIENT and "alamat Anda" in d.message()


def test_unknown_usernames_are_audited_as_a_keyed_hash():
    name = signin.audit_name("Rahasia-Sandi-123 ", False, "kunci")
    assert name.startswith(signin.UNKNOWN_PREFIX) and "rahasia" not in name.lower()
    assert name == signin.audit_name("rahasia-sandi-123", False, "kunci")  # same name, same throttle
    assert name != signin.audit_name("rahasia-sandi-123", False, "kunci-lain")
    assert signin.audit_name(" Adi ", True, "kunci") == "adi"


def test_policy_from_the_environment(monkeypatch):
    assert signin.policy() == signin.Policy()
    monkeypatch.setenv("PANTAUZI_LOGIN_MAX_FAILURES", "3")
    monkeypatch.setenv("PANTAUZI_LOGIN_MAX_FAILURES_CLIENT", "9")
    monkeypatch.setenv("PANTAUZI_LOGIN_WINDOW", "60")
    monkeypatch.setenv("PANTAUZI_LOGIN_LOCKOUT", "10")
    monkeypatch.setenv("PANTAUZI_LOGIN_LOCKOUT_MAX", "100")
    assert signin.policy() == signin.Policy(3, 9, 60.0, 10.0, 100.0)
    monkeypatch.setenv("PANTAUZI_LOGIN_MAX_FAILURES", "nol")
    with pytest.raises(ValueError, match="PANTAUZI_LOGIN_MAX_FAILURES"):
        signin.policy()


def test_wait_text():
    assert [signin.wait_text(s) for s in (0.2, 59, 61, 3600, 3900)] == [
        "1 detik",
        "59 detik",
        "2 menit",
        "1 jam",
        "1 jam 5 menit",
    ]


def test_the_audit_table_holds_the_throttle_state(tmp_path):
    con = db.connect(tmp_path / "a.duckdb")
    try:
        for i in range(5):
            store.record(con, "adi", False, signin.WRONG_PASSWORD, "10.0.0.7", at(i))
        d = store.check(con, "adi", None, at(5), P)
        assert not d.allowed and d.reason == signin.HELD_USER
        assert store.check(con, "eva", None, at(5), P).allowed  # another username is not held
        assert store.check(con, "adi", None, at(40), P).allowed
        for i in range(3):
            store.record(con, f"u{i}", False, signin.UNKNOWN_USER, "10.0.0.7", at(6 + i))
        held = store.check(con, "eva", "10.0.0.7", at(10), P)
        assert not held.allowed and held.reason == signin.HELD_CLIENT
        assert store.check(con, "eva", "10.0.0.8", at(10), P).allowed
        with db.cursor(con) as cur:
            rows = store.recent(cur)
        assert list(rows.columns) == ["at", "username", "ok", "client", "reason"]
        assert len(rows) == 8 and rows["at"].iloc[0] == at(8)
        with pytest.raises(ValueError):
            store.record(con, "adi", False, "kata sandi: rahasia", None, at(9))
    finally:
        con.close()


def test_attempts_in_flight_count_before_their_passwords_are_checked(tmp_path):
    """Parallel sessions: each attempt is written (as failed) when it is heard, so the sixth one is held
    although none of the five has finished; a success turns its own row into 'ok' and clears the name."""
    con = db.connect(tmp_path / "a.duckdb")
    try:
        started = [store.start(con, "adi", None, True, at(0), P) for _ in range(5)]
        assert all(d.allowed for d, _ in started)
        held, _ = store.start(con, "adi", None, True, at(0.5), P)
        assert not held.allowed and held.reason == signin.HELD_USER
        late, attempt = store.start(con, "adi", None, True, at(40), P)
        assert late.allowed
        store.succeeded(con, attempt)
        assert store.check(con, "adi", None, at(41), P).allowed
        unknown, _ = store.start(con, "?abc", "10.0.0.9", False, at(42), P)
        with db.cursor(con) as cur:
            rows = store.recent(cur)
        assert rows["reason"].tolist() == ["unknown_user", "ok", "held_user"] + ["wrong_password"] * 5
        assert rows["ok"].tolist() == [False, True] + [False] * 6
    finally:
        con.close()


def test_credentials_temp_file_is_never_readable_by_others(tmp_path, monkeypatch):
    """auth.tmp is created with mode 600 (not chmodded after writing), whatever the umask."""
    path = tmp_path / "config" / "auth.yaml"
    modes = []
    real_replace = os.replace

    def spy(src, dst):
        modes.append(stat.S_IMODE(os.stat(src).st_mode))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    monkeypatch.setattr(os, "chmod", lambda *a, **k: pytest.fail("chmod after the fact"))
    old = os.umask(0)
    try:
        (tmp_path / "config").mkdir()
        (tmp_path / "config" / "auth.tmp").write_text("sisa proses yang terputus")
        access.add_user(path, "adi", "Adi", "rahasia-456", "admin", [], [])
    finally:
        os.umask(old)
    assert modes == [0o600]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not (tmp_path / "config" / "auth.tmp").exists()
    assert access.load(path)["credentials"]["usernames"]["adi"]["roles"] == ["admin"]


def test_a_hold_holds_across_replicas_on_postgres(pg_url):
    """Two app processes on one PostgreSQL store: failures recorded by one hold the username in the other."""
    one, two = db.connect(pg_url), db.connect(pg_url)
    try:
        for i in range(5):
            store.record(one, "adi", False, signin.WRONG_PASSWORD, "10.0.0.7", at(i))
        d = store.check(two, "adi", "10.0.0.7", at(5), P)
        assert not d.allowed and d.reason == signin.HELD_USER
        store.record(two, "adi", False, d.reason, "10.0.0.7", at(5))
        with db.cursor(one) as cur:
            assert store.recent(cur)["reason"].tolist()[:2] == [signin.HELD_USER, signin.WRONG_PASSWORD]
        d, attempt = store.start(one, "adi", None, True, at(40), P)
        assert d.allowed
        store.succeeded(two, attempt)
        with db.cursor(one) as cur:
            assert store.recent(cur)[["ok", "reason"]].iloc[0].tolist() == [True, signin.OK]
    finally:
        one.close()
        two.close()
