"""Who may do what: roles, evaluator assignments, and the credentials file (bcrypt hashes, outside git).

The credentials file is the YAML that streamlit-authenticator reads, plus PantauZI's own keys per user
(`regions`, `instansi`) and `anonymous_role` at the top. Without the file the app runs without login
and everyone is a viewer (the demo).

    python -m pantauzi.access add-user --username budi --name "Budi" --role evaluator --region 81.71
    python -m pantauzi.access list
    python -m pantauzi.access remove-user --username budi --yes
    python -m pantauzi.access reset-password --username budi --password-stdin
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bcrypt
import yaml

from pantauzi.core import config, vocab
from pantauzi.core.vocab import AnyRole, Role

ROLES = vocab.ROLES
ROLE_LABELS = vocab.ROLE_LABELS


@dataclass(frozen=True)
class User:
    username: str
    name: str
    role: AnyRole
    regions: tuple[str, ...] = ()
    instansi: tuple[str, ...] = ()

    @property
    def signed_in(self) -> bool:
        return bool(self.username)


ANONYMOUS = User("", "Tamu", "viewer")
NOBODY = User("", "Tamu", "none")  # login required and not signed in: no page but the login


def auth_path() -> Path:
    """PANTAUZI_AUTH, else config/auth.yaml beside the code (git-ignored)."""
    return Path(os.environ.get("PANTAUZI_AUTH", config.ROOT / "config" / "auth.yaml"))


def load(path: Path | None = None) -> dict[str, Any] | None:
    """The credentials file, or None when login is not enabled."""
    path = path or auth_path()
    if not path.is_file():
        return None
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    data.setdefault("credentials", {}).setdefault("usernames", {})
    return data


def user_of(data: dict[str, Any], username: str | None) -> User:
    """The signed-in user, or the anonymous role the file allows."""
    entry = (data.get("credentials", {}).get("usernames", {}) or {}).get(username or "")
    if not username or entry is None:
        return ANONYMOUS if data.get("anonymous_role", "viewer") == "viewer" else NOBODY
    held = set(entry.get("roles") or [])
    role: Role = max((r for r in ROLES if r in held), key=ROLES.index, default="viewer")
    return User(
        username,
        entry.get("name") or username,
        role,
        tuple(str(r) for r in entry.get("regions") or ()),
        tuple(str(i) for i in entry.get("instansi") or ()),
    )


def may_upload(user: User, region_code: str | None, instansi_code: str | None) -> bool:
    """Admins everywhere; evaluators for the regions (and their sub-regions) or instansi assigned to them."""
    if user.role == "admin":
        return True
    if user.role != "evaluator":
        return False
    region = region_code or ""
    in_region = any(region == r or region.startswith(r + ".") for r in user.regions)
    return in_region or (instansi_code is not None and instansi_code in user.instansi)


def add_user(
    path: Path,
    username: str,
    name: str,
    password: str,
    role: str,
    regions: list[str],
    instansi: list[str],
    email: str | None = None,
) -> None:
    """Create or update a user with a bcrypt-hashed password; creates the file with a random cookie key."""
    if role not in ROLES:
        raise ValueError(f"peran '{role}' tidak dikenal; pilih {', '.join(ROLES)}")
    if len(password) < 8:
        raise ValueError("kata sandi minimal 8 karakter")
    data = load(path) or {
        "cookie": {"name": "pantauzi_masuk", "key": secrets.token_hex(32), "expiry_days": 7},
        "anonymous_role": "viewer",
        "credentials": {"usernames": {}},
    }
    data["credentials"]["usernames"][username] = {
        "name": name,
        "email": email or f"{username}@pantauzi.invalid",
        "password": _hash(password),
        "roles": [role],
        "regions": regions,
        "instansi": instansi,
    }
    _write(path, data)


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def remove_user(path: Path, username: str) -> None:
    """Remove a user from the credentials file (their sessions end with pantauzi.store.sessions.record_change)."""
    data = load(path)
    if data is None or username not in data["credentials"]["usernames"]:
        raise ValueError(f"pengguna '{username}' tidak ada")
    del data["credentials"]["usernames"][username]
    _write(path, data)


def set_password(path: Path, username: str, password: str) -> None:
    """A new bcrypt-hashed password for an existing user."""
    data = load(path)
    if data is None or username not in data["credentials"]["usernames"]:
        raise ValueError(f"pengguna '{username}' tidak ada")
    if len(password) < 8:
        raise ValueError("kata sandi minimal 8 karakter")
    data["credentials"]["usernames"][username]["password"] = _hash(password)
    _write(path, data)


def _write(path: Path, data: dict[str, Any]) -> None:
    """The credentials file replaced atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)  # left by an interrupted run (a link is removed, not followed)
    # created readable by the owner only from the first byte: never a moment with world-readable hashes
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
