"""Browser sessions after a form sign-in, without a database: the cookie's settings and the secrets.

A correct password on the Masuk form creates a session row (pantauzi.store.sessions) with a one-time
hand-off token. The browser posts that token once to `/masuk/sesi` (api.signin), which answers with the
session cookie: HttpOnly, SameSite=Lax, `Secure` over HTTPS, for the configured expiry. Every new
Streamlit session (a reload, a new tab, a deep link) reads the cookie from `st.context.cookies` on its
first run and is signed in while the row lives. "Keluar" revokes the row (every replica reads the same
store) and `/masuk/keluar` clears the cookie. Only sha256 hashes of the token and of the cookie's value
are stored, and neither is ever put in a URL or a log.

The cookie's name: $PANTAUZI_SESSION_COOKIE, else `cookie.name` of the credentials file, else
`pantauzi_masuk` (a load balancer may hash on it). The expiry: `cookie.expiry_days` of the file (7).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import secrets
from dataclasses import dataclass
from typing import Any

DEFAULT_COOKIE = "pantauzi_masuk"
DEFAULT_DAYS = 7.0
HANDOFF_SECONDS = 120.0  # a hand-off token not redeemed by then is useless
RECHECK_SECONDS = 30.0  # how often a signed-in Streamlit session asks the store whether its row still lives
SESSION_PATH = "/masuk/sesi"  # POST {"t": token} -> the cookie
SIGN_OUT_PATH = "/masuk/keluar"  # POST -> the session revoked, the cookie cleared
HEADER = "X-PantauZI"  # required on both POSTs (with a JSON body): a cross-site form cannot send it

_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{32,128}")


@dataclass(frozen=True)
class CookieSettings:
    name: str
    days: float

    @property
    def seconds(self) -> float:
        return self.days * 86400.0


def settings(data: dict[str, Any] | None) -> CookieSettings:
    """The session cookie's name and lifetime from the environment and the credentials file's content."""
    cookie = (data or {}).get("cookie") or {}
    name = os.environ.get("PANTAUZI_SESSION_COOKIE") or str(cookie.get("name") or DEFAULT_COOKIE)
    if not _NAME.fullmatch(name):
        raise ValueError(f"nama cookie sesi {name!r} tidak sah: hanya huruf, angka, '_' dan '-' (maks. 64)")
    try:
        days = float(cookie.get("expiry_days", DEFAULT_DAYS))
    except (TypeError, ValueError):
        raise ValueError(f"cookie.expiry_days={cookie.get('expiry_days')!r} bukan angka") from None
    if not math.isfinite(days) or days <= 0:
        raise ValueError(f"cookie.expiry_days={cookie.get('expiry_days')!r} harus angka > 0")
    return CookieSettings(name, days)


def new_secret() -> str:
    """A hand-off token or a cookie value: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def well_formed(secret: object) -> bool:
    return isinstance(secret, str) and bool(_SECRET.fullmatch(secret))


def digest(secret: str) -> str:
    """What the store keeps of a secret."""
    return hashlib.sha256(secret.encode()).hexdigest()
