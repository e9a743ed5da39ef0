"""Sign-in and roles: the session's user, the login form, the account box, the page guard.

streamlit-authenticator checks the password (its AuthenticationController; its own cookie component is
not used: an iframe that never wrote the cookie in time). PantauZI wraps that check: an attempt for a
username (or from a client address) held back by pantauzi.core.signin is refused before the password is
looked at, and every attempt on the form goes to the `login_audit` table (who, when, from where, why;
never a password). A correct password opens a browser session (pantauzi.core.sessions): this page hands
a one-time token to the browser, which redeems it at /masuk/sesi for an HttpOnly cookie; every new
Streamlit session reads that cookie on its first run (a reload, a new tab, a deep link to /unggah).
"""

from __future__ import annotations

import json
import time

import streamlit as st

from pantauzi.core import access, fmt, sessions, vocab
from pantauzi.store import db

SESSION_KEY = "_signin_session"  # the store row of this session's sign-in
CHECKED_KEY = "_signin_checked"  # time.monotonic() when the row was last found alive
HANDOFF_KEY = "_signin_handoff"  # (row, token) the browser has not redeemed yet
COOKIE_READ_KEY = "_signin_cookie_read"  # the cookie is read on the session's first run only
CLEAR_KEY = "_signin_clear_cookie"  # signed out: the browser is told to drop the cookie
AUTH_KEYS = ("name", "username", "authentication_status", "email", "roles")


class SignInHeld(Exception):
    """An attempt refused by the throttle (its Indonesian message in `decision.message()`)."""

    def __init__(self, decision) -> None:
        super().__init__(decision.message())
        self.decision = decision


def _controller(data: dict):
    from streamlit_authenticator.controllers import AuthenticationController

    controller = AuthenticationController(data["credentials"], auto_hash=False)
    _guard(controller, data)
    return controller


def client_address() -> str | None:
    """The client's address as Streamlit reports it (None under AppTest or when unknown)."""
    import ipaddress

    try:
        ip = st.context.ip_address
        return str(ipaddress.ip_address(ip)) if isinstance(ip, str) else None
    except Exception:  # no request context, or not an address
        return None


def _guard(controller, data: dict) -> None:
    """Wrap the authenticator's credential check (the form's username/password): throttle first, audit after."""
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


def _signed_in_as(data: dict, username: str) -> None:
    """What streamlit-authenticator leaves in the session after a correct password."""
    entry = data["credentials"]["usernames"][username]
    st.session_state.update(
        name=entry.get("name") or username,
        username=username,
        authentication_status=True,
        email=entry.get("email"),
        roles=entry.get("roles"),
        logout=None,
    )


def _forget() -> None:
    for key in AUTH_KEYS:
        st.session_state[key] = None
    st.session_state["logout"] = True
    for key in (SESSION_KEY, CHECKED_KEY, HANDOFF_KEY):
        st.session_state.pop(key, None)


def _from_cookie(data: dict) -> None:
    """On a session's first run: sign in from the session cookie of an earlier sign-in, while its row lives.
    Later runs ask the store again every RECHECK_SECONDS, so Keluar in one tab ends the others too."""
    from pantauzi.store import sessions as stored
    from pantauzi.store.signin import utcnow
    from ui import data as store

    if not st.session_state.get(COOKIE_READ_KEY):
        if st.session_state.get("authentication_status"):
            st.session_state[COOKIE_READ_KEY] = True
            return
        secret = st.context.cookies.get(sessions.settings(data).name)
        if not secret:
            st.session_state[COOKIE_READ_KEY] = True
            return
        try:
            with store.store().use() as cur:
                found = stored.lookup(cur, secret, utcnow())
        except db.DatabaseError:  # busy: not signed in for this run, the cookie is read again on the next
            return
        st.session_state[COOKIE_READ_KEY] = True
        if found is not None and found[1] in data["credentials"]["usernames"]:
            _signed_in_as(data, found[1])
            st.session_state[SESSION_KEY] = found[0]
            st.session_state[CHECKED_KEY] = time.monotonic()
        return
    row = st.session_state.get(SESSION_KEY)
    if row and time.monotonic() - st.session_state.get(CHECKED_KEY, 0.0) > sessions.RECHECK_SECONDS:
        try:
            with store.store().use() as cur:
                live = stored.alive(cur, row, utcnow())
        except db.DatabaseError:  # busy: asked again on the next run
            return
        if live:
            st.session_state[CHECKED_KEY] = time.monotonic()
        else:
            _forget()


def _sign_in() -> access.User:
    data = access.load()
    if data is None:
        st.session_state["_login_enabled"] = False
        return access.ANONYMOUS
    st.session_state["_login_enabled"] = True
    st.session_state["_credentials"] = data
    _from_cookie(data)
    username = st.session_state.get("username") if st.session_state.get("authentication_status") else None
    return access.user_of(data, username)


def login_enabled() -> bool:
    return bool(st.session_state.get("_login_enabled"))


def _open_session(data: dict, username: str) -> None:
    """After a correct password: a session row, and its hand-off token for the browser (see _hand_off)."""
    from pantauzi.store import sessions as stored
    from pantauzi.store.signin import utcnow
    from ui import data as store

    with store.store().use(write=True) as con:
        row, token = stored.create(con, username, client_address(), utcnow(), sessions.settings(data).days)
    st.session_state[SESSION_KEY] = row
    st.session_state[CHECKED_KEY] = time.monotonic()
    st.session_state[HANDOFF_KEY] = (row, token)


def login_form() -> None:
    """The sign-in form (page 'Masuk'); reruns into the user's own navigation on success."""
    data = st.session_state.get("_credentials")
    if not login_enabled() or data is None:
        st.info("Login tidak diaktifkan: semua orang melihat grafik sebagai pimpinan.")
        return
    with st.form(key="masuk"):
        st.subheader("Masuk", anchor=False)
        username = st.text_input("Nama pengguna", autocomplete="off")
        password = st.text_input("Kata sandi", type="password", autocomplete="off")
        sent = st.form_submit_button("Masuk")
    if not sent:
        return
    try:
        ok = _controller(data).login(username, password)
    except SignInHeld as held:
        st.error(held.decision.message())
        return
    if ok:
        try:
            _open_session(data, st.session_state["username"])
        except db.DatabaseError as exc:  # signed in for this tab; a reload will ask again
            st.warning(f"Anda sudah masuk, tetapi sesi tidak dapat disimpan ({exc}): memuat ulang meminta masuk lagi.")
            return
        st.rerun()
    elif ok is False or st.session_state.get("authentication_status") is False:
        st.error("Nama pengguna atau kata sandi salah.")


def _script(path: str, body: dict[str, str]) -> None:
    """POST `body` as JSON to one of the session routes from the page itself (the cookie is HttpOnly:
    only a response from the server can set or clear it)."""
    st.html(
        "<script>fetch("
        + json.dumps(path)
        + ', {method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json", '
        + json.dumps(sessions.HEADER)
        + ': "1"}, body: '
        + json.dumps(json.dumps(body))
        + "});</script>",
        unsafe_allow_javascript=True,
    )


def _hand_off() -> None:
    """The browser redeems the hand-off token for its cookie; sent again on every run until it has."""
    pending = st.session_state.get(HANDOFF_KEY)
    if pending is not None:
        from pantauzi.store import sessions as stored
        from ui import data as store

        with store.store().use() as cur:
            done = stored.handed_off(cur, pending[0])
        if done:
            st.session_state.pop(HANDOFF_KEY, None)
        else:
            with st.sidebar:
                _script(sessions.SESSION_PATH, {"t": pending[1]})
    if st.session_state.pop(CLEAR_KEY, False):
        with st.sidebar:
            _script(sessions.SIGN_OUT_PATH, {})


def sign_out() -> None:
    """End this sign-in: the session row revoked in the store (every replica refuses its cookie), and
    the browser told to drop the cookie."""
    from pantauzi.store import sessions as stored
    from pantauzi.store.signin import utcnow
    from ui import data as store

    row = st.session_state.get(SESSION_KEY)
    if row:
        with store.store().use(write=True) as con:
            stored.revoke(con, row, utcnow())
    _forget()
    st.session_state[CLEAR_KEY] = True


def account_box(user: access.User) -> None:
    """Who is signed in, and the sign-out button, at the bottom of the sidebar."""
    if not login_enabled():
        return
    _hand_off()
    st.sidebar.divider()
    if user.signed_in:
        st.sidebar.caption(f"Masuk sebagai **{fmt.md(user.name)}** · {vocab.ROLE_LABELS[user.role]}")
        if st.sidebar.button("Keluar", key="keluar"):
            sign_out()
            st.rerun()
    else:
        st.sidebar.caption("Belum masuk: hanya grafik.")


def require_role(user: access.User, *roles: vocab.Role) -> None:
    """Server-side guard at the top of a page: other roles see a refusal and nothing else."""
    if user.role not in roles:
        st.error("Halaman ini hanya untuk " + " atau ".join(vocab.ROLE_LABELS[r] for r in roles) + ".")
        st.stop()


# ---------------------------------------------------------------- Pengguna: users changed by an admin
MESSAGE_KEY = "_pengguna_pesan"  # the outcome of the last change, shown after the rerun that refreshes the list
PENDING_KEY = "_pengguna_konfirmasi"  # (action, username, new password) waiting for "Ya"


def _record(admin: access.User, username: str, action: str) -> int:
    from pantauzi.store import sessions as stored
    from pantauzi.store.signin import utcnow
    from ui import data as store

    with store.store().use(write=True) as con:
        return stored.record_change(con, admin.username or "admin", username, action, utcnow())


def save_user(
    admin: access.User, username: str, name: str, password: str, role: str, regions: list[str], instansi: list[str]
) -> None:
    """Add or change a user (the form on Pengguna), recorded; the page reruns and lists it."""
    path = access.auth_path()
    existed = username in ((access.load(path) or {}).get("credentials", {}).get("usernames") or {})
    access.add_user(path, username, name, password, role, regions, instansi)
    _record(admin, username, "updated" if existed else "added")
    st.session_state[MESSAGE_KEY] = f"Pengguna '{username}' {'diubah' if existed else 'ditambahkan'}."
    st.rerun()


def flash() -> None:
    """The outcome of the last change on Pengguna (set before its rerun)."""
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        st.success(fmt.md(message))


def manage_users(admin: access.User, usernames: tuple[str, ...]) -> None:
    """Remove a user or reset a password: pick, press, confirm. Recorded in user_changes; either one ends
    the user's sessions. An admin cannot remove their own account (nobody would be left to undo it)."""
    if not usernames:
        return
    st.subheader("Hapus pengguna atau atur ulang kata sandi", anchor=False)
    c1, c2 = st.columns(2)
    others_first = [u for u in usernames if u != admin.username] + [u for u in usernames if u == admin.username]
    who = c1.selectbox("Pengguna", others_first, key="kelola_pengguna")
    new_password = c2.text_input("Kata sandi baru (min. 8 karakter)", type="password", key="kelola_sandi")
    b1, b2, _ = st.columns([1, 1, 2])
    if b1.button("Atur ulang kata sandi", key="kelola_atur"):
        if len(new_password) < 8:
            st.error("Tidak diubah: kata sandi baru minimal 8 karakter.")
        else:
            st.session_state[PENDING_KEY] = ("password_reset", who, new_password)
    if b2.button("Hapus pengguna", key="kelola_hapus"):
        if who == admin.username:
            st.error("Tidak dihapus: Anda tidak dapat menghapus akun Anda sendiri.")
        else:
            st.session_state[PENDING_KEY] = ("removed", who, "")
    pending = st.session_state.get(PENDING_KEY)
    if pending is None:
        return
    action, target, password = pending
    question = (
        f"Hapus pengguna '{target}'? Ia tidak dapat masuk lagi dan sesinya yang terbuka berakhir."
        if action == "removed"
        else f"Atur ulang kata sandi '{target}'? Sesinya yang terbuka berakhir; sampaikan kata sandi baru kepadanya."
    )
    with st.container(border=True):
        st.warning(fmt.md(question))
        y, n, _ = st.columns([1, 1, 2])
        if y.button("Ya, lanjutkan", key="kelola_ya", type="primary"):
            del st.session_state[PENDING_KEY]
            path = access.auth_path()
            try:
                if action == "removed":
                    access.remove_user(path, target)
                else:
                    access.set_password(path, target, password)
            except ValueError as exc:
                st.error(f"Tidak diubah: {fmt.md(exc)}")
                return
            ended = _record(admin, target, action)
            done = "dihapus" if action == "removed" else "kata sandinya diatur ulang"
            st.session_state[MESSAGE_KEY] = f"Pengguna '{target}' {done}; {ended} sesi masuk diakhiri."
            st.rerun()
        if n.button("Batal", key="kelola_batal"):
            del st.session_state[PENDING_KEY]
            st.rerun()
