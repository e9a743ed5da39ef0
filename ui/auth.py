"""Sign-in and roles: the session's user, the login form, the account box, the page guard.

streamlit-authenticator checks the password; PantauZI wraps that check: an attempt for a username (or
from a client address) held back by pantauzi.core.signin is refused before the password is looked at, and
every attempt on the form goes to the `login_audit` table (who, when, from where, why; never a password).
"""

from __future__ import annotations

import streamlit as st

from pantauzi.core import access, vocab


class SignInHeld(Exception):
    """An attempt refused by the throttle (its Indonesian message in `decision.message()`)."""

    def __init__(self, decision) -> None:
        super().__init__(decision.message())
        self.decision = decision


def _authenticator(data: dict):
    import streamlit_authenticator as stauth

    cookie = data.get("cookie") or {}
    auth = stauth.Authenticate(
        data["credentials"],
        cookie.get("name", "pantauzi_masuk"),
        cookie.get("key", ""),
        float(cookie.get("expiry_days", 7)),
        auto_hash=False,
        login_sleep_time=0.2,
    )
    _guard(auth, data)
    return auth


def client_address() -> str | None:
    """The client's address as Streamlit reports it (None under AppTest or when unknown)."""
    import ipaddress

    try:
        ip = st.context.ip_address
        return str(ipaddress.ip_address(ip)) if isinstance(ip, str) else None
    except Exception:  # no request context, or not an address
        return None


def _guard(auth, data: dict) -> None:
    """Wrap the authenticator's credential check (the form's username/password; a re-authentication
    cookie passes through): throttle first, audit after."""
    controller = auth.authentication_controller
    check = controller.login
    known = {str(u).strip().lower() for u in (data.get("credentials", {}).get("usernames") or {})}
    secret = str((data.get("cookie") or {}).get("key") or "")

    def guarded(username=None, password=None, *args, **kwargs):
        if not username or not password:
            return check(username, password, *args, **kwargs)
        from pantauzi.core import signin as rules
        from pantauzi.store import signin
        from ui import data as store

        typed = str(username).strip().lower()
        name = rules.audit_name(typed, typed in known, secret)
        client = client_address()
        now = signin.utcnow()
        with store.store().use(write=True) as con:  # decided and recorded in one transaction
            decision, attempt = signin.start(con, name, client, typed in known, now, rules.policy())
        if not decision.allowed:
            raise SignInHeld(decision)
        ok = bool(check(username, password, *args, **kwargs))
        if ok:
            with store.store().use(write=True) as con:
                signin.succeeded(con, attempt)
        return ok

    controller.login = guarded


def current_user() -> access.User:
    """Sign-in for this run (dashboard.py calls it once): the session's user, kept for the pages.
    No credentials file: everyone is a viewer (the demo, no login)."""
    user = _sign_in()
    st.session_state["_user"] = user
    return user


def page_user() -> access.User:
    """The user dashboard.py signed in for this run; a page run any other way gets a viewer."""
    return st.session_state.get("_user", access.ANONYMOUS)


def _sign_in() -> access.User:
    data = access.load()
    if data is None:
        st.session_state["_login_enabled"] = False
        return access.ANONYMOUS
    st.session_state["_login_enabled"] = True
    auth = _authenticator(data)
    st.session_state["_authenticator"] = auth
    if not st.session_state.get("authentication_status"):
        auth.login(location="unrendered")  # a signed cookie from an earlier visit signs the session in
    username = st.session_state.get("username") if st.session_state.get("authentication_status") else None
    return access.user_of(data, username)


def login_enabled() -> bool:
    return bool(st.session_state.get("_login_enabled"))


def login_form() -> None:
    """The sign-in form (page 'Masuk'); reruns into the user's own navigation on success."""
    auth = st.session_state.get("_authenticator")
    if auth is None:
        st.info("Login tidak diaktifkan: semua orang melihat grafik sebagai pimpinan.")
        return
    try:
        auth.login(
            location="main",
            fields={"Form name": "Masuk", "Username": "Nama pengguna", "Password": "Kata sandi", "Login": "Masuk"},
            key="masuk",
        )
    except SignInHeld as held:
        st.error(held.decision.message())
        return
    if st.session_state.get("authentication_status"):
        st.rerun()
    elif st.session_state.get("authentication_status") is False:
        st.error("Nama pengguna atau kata sandi salah.")


def account_box(user: access.User) -> None:
    """Who is signed in, and the sign-out button, at the bottom of the sidebar."""
    if not login_enabled():
        return
    st.sidebar.divider()
    if user.signed_in:
        st.sidebar.caption(f"Masuk sebagai **{user.name}** · {vocab.ROLE_LABELS[user.role]}")
        auth = st.session_state.get("_authenticator")
        if auth is not None and st.sidebar.button("Keluar", key="keluar"):
            auth.logout(location="unrendered")
            st.rerun()
    else:
        st.sidebar.caption("Belum masuk: hanya grafik.")


def require_role(user: access.User, *roles: vocab.Role) -> None:
    """Server-side guard at the top of a page: other roles see a refusal and nothing else."""
    if user.role not in roles:
        st.error("Halaman ini hanya untuk " + " atau ".join(vocab.ROLE_LABELS[r] for r in roles) + ".")
        st.stop()
