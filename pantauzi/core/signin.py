"""Sign-in throttling, without a database: the policy (from the environment) and the decision from past
attempts. `pantauzi.store.signin` keeps the attempts (the `login_audit` table) and asks here.

A username is held back after `max_failures` wrong attempts within `window` seconds since its last
success; a client address after `max_failures_client` within the window (a success does not clear an
address: one valid account must not reset an attack on others). The hold lasts `lockout` seconds after
the last counted failure and doubles with every further failure, up to `lockout_max`. Refused attempts
are audited but do not count, so waiting always ends the hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass

# reason codes of login_audit rows; the ones that count as failures
OK, WRONG_PASSWORD, UNKNOWN_USER, HELD_USER, HELD_CLIENT = (
    "ok",
    "wrong_password",
    "unknown_user",
    "held_user",
    "held_client",
)
FAILURES = (WRONG_PASSWORD, UNKNOWN_USER)
REASON_LABELS = {
    OK: "berhasil masuk",
    WRONG_PASSWORD: "kata sandi salah",
    UNKNOWN_USER: "nama pengguna tidak dikenal",
    HELD_USER: "ditolak: terlalu banyak percobaan gagal untuk nama pengguna ini",
    HELD_CLIENT: "ditolak: terlalu banyak percobaan gagal dari alamat ini",
}
UNKNOWN_PREFIX = "?"  # audit name of a username that is not in the credentials file


@dataclass(frozen=True)
class Policy:
    max_failures: int = 5
    max_failures_client: int = 20
    window: float = 900.0  # seconds
    lockout: float = 30.0  # seconds, the first hold
    lockout_max: float = 3600.0

    @property
    def horizon(self) -> float:
        """How far back an attempt can still matter."""
        return self.window + self.lockout_max


def _env_number(name: str, default: float, minimum: float) -> float:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name}={text!r} bukan angka") from None
    if not math.isfinite(value) or value < minimum:
        raise ValueError(f"{name}={text!r} harus angka ≥ {minimum:g}")
    return value


def policy() -> Policy:
    """PANTAUZI_LOGIN_MAX_FAILURES (per username, 5), PANTAUZI_LOGIN_MAX_FAILURES_CLIENT (per address, 20),
    PANTAUZI_LOGIN_WINDOW (seconds, 900), PANTAUZI_LOGIN_LOCKOUT (first hold, seconds, 30) and
    PANTAUZI_LOGIN_LOCKOUT_MAX (seconds, 3600)."""
    d = Policy()
    lockout = _env_number("PANTAUZI_LOGIN_LOCKOUT", d.lockout, 1)
    return Policy(
        max_failures=int(_env_number("PANTAUZI_LOGIN_MAX_FAILURES", d.max_failures, 1)),
        max_failures_client=int(_env_number("PANTAUZI_LOGIN_MAX_FAILURES_CLIENT", d.max_failures_client, 1)),
        window=_env_number("PANTAUZI_LOGIN_WINDOW", d.window, 1),
        lockout=lockout,
        lockout_max=max(lockout, _env_number("PANTAUZI_LOGIN_LOCKOUT_MAX", d.lockout_max, 1)),
    )


@dataclass(frozen=True)
class Attempt:
    at: dt.datetime
    ok: bool
    reason: str


@dataclass(frozen=True)
class Decision:
    allowed: bool
    wait: float = 0.0  # seconds until the next attempt is heard
    reason: str = ""  # HELD_USER | HELD_CLIENT when refused

    def message(self) -> str:
        """The Indonesian refusal shown on the sign-in form."""
        who = "nama pengguna ini" if self.reason == HELD_USER else "alamat Anda"
        return (
            f"Terlalu banyak percobaan masuk yang gagal untuk {who}. Coba lagi dalam {wait_text(self.wait)}. "
            "Hubungi admin bila Anda lupa kata sandi."
        )


def wait_text(seconds: float) -> str:
    """'45 detik', '3 menit', '1 jam 5 menit' (rounded up)."""
    s = max(1, math.ceil(seconds))
    if s < 60:
        return f"{s} detik"
    minutes = math.ceil(s / 60)
    if minutes < 60:
        return f"{minutes} menit"
    hours, rest = divmod(minutes, 60)
    return f"{hours} jam" + (f" {rest} menit" if rest else "")


def held_until(attempts: Sequence[Attempt], limit: int, p: Policy, reset_on_success: bool) -> dt.datetime | None:
    """When the hold of one username or address ends (None: no hold), from its attempts in time order."""
    failures: list[dt.datetime] = []
    for a in sorted(attempts, key=lambda a: a.at):
        if a.ok and reset_on_success:
            failures = []
        elif a.reason in FAILURES:
            failures.append(a.at)
    if not failures:
        return None
    last = failures[-1]
    counted = sum(1 for t in failures if (last - t).total_seconds() < p.window)
    if counted < limit:
        return None
    hold = min(p.lockout * 2 ** (counted - limit), p.lockout_max)
    return last + dt.timedelta(seconds=hold)


def decide(by_user: Sequence[Attempt], by_client: Sequence[Attempt], now: dt.datetime, p: Policy) -> Decision:
    """Whether the next attempt is heard: held back while the username's or the address's hold lasts."""
    for attempts, limit, reset, reason in (
        (by_user, p.max_failures, True, HELD_USER),
        (by_client, p.max_failures_client, False, HELD_CLIENT),
    ):
        until = held_until(attempts, limit, p, reset)
        if until is not None and now < until:
            return Decision(False, (until - now).total_seconds(), reason)
    return Decision(True)


def audit_name(typed: str, known: bool, secret: str) -> str:
    """The name an attempt is audited and throttled under: the username when it exists; otherwise a keyed
    hash of what was typed (people type their password into the name field: it is never stored)."""
    name = typed.strip().lower()
    if known:
        return name
    digest = hmac.new(secret.encode(), name.encode(), hashlib.sha256).hexdigest()[:16]
    return UNKNOWN_PREFIX + digest
