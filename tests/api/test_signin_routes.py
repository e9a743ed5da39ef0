"""The session routes (api.signin) called as ASGI handlers in-process: the hand-off token gives an
HttpOnly, SameSite=Lax cookie once; a missing header, a form body, a foreign Origin or a used token get
nothing; /masuk/keluar revokes the cookie's session and clears the cookie; `Secure` behind HTTPS."""

from __future__ import annotations

import asyncio
import json

import pytest
import yaml
from starlette.requests import Request

from api.signin import SessionRoutes
from pantauzi.core import sessions as rules
from pantauzi.store import db, sessions
from pantauzi.store.signin import utcnow


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return db.Store(tmp_path_factory.mktemp("signin-routes") / "s.duckdb")


@pytest.fixture()
def routes(store, tmp_path, monkeypatch):
    path = tmp_path / "auth.yaml"  # the routes read the cookie's settings only
    path.write_text(yaml.safe_dump({"cookie": {"name": "pantauzi_masuk", "expiry_days": 7}}))
    monkeypatch.setenv("PANTAUZI_AUTH", str(path))
    monkeypatch.setenv("PANTAUZI_SESSION_COOKIE", "sesi_uji")  # the environment names the cookie
    return SessionRoutes(lambda: store), store


def request(path: str, body: bytes, headers: dict[str, str]) -> Request:
    sent = [False]

    async def receive():
        if sent[0]:
            return {"type": "http.disconnect"}
        sent[0] = True
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "scheme": "http",
        "server": ("127.0.0.1", 8501),
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": "127.0.0.1:8501", **headers}.items()],
    }
    return Request(scope, receive)


OK = {"content-type": "application/json", rules.HEADER: "1"}


def token_for(store) -> str:
    with store.use(write=True) as con:
        return sessions.create(con, "eva", None, utcnow(), 7)[1]


def start(r: SessionRoutes, token: str, headers: dict[str, str] = OK):
    body = json.dumps({"t": token}).encode()
    return asyncio.run(r.start(request(rules.SESSION_PATH, body, headers)))


def test_a_token_gives_the_cookie_once(routes):
    r, store = routes
    token = token_for(store)
    answer = start(r, token)
    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("sesi_uji=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Max-Age=604" in cookie and "Path=/" in cookie and "Secure" not in cookie
    assert token not in cookie
    assert start(r, token).status_code == 403  # used
    secret = cookie.split(";")[0].split("=", 1)[1]
    with store.use() as cur:
        assert sessions.lookup(cur, secret, utcnow()) is not None


@pytest.mark.parametrize(
    "headers",
    [
        {"content-type": "application/json"},  # no X-PantauZI
        {"content-type": "application/x-www-form-urlencoded", rules.HEADER: "1"},  # a cross-site form
        {**OK, "origin": "https://penyerang.example"},
    ],
)
def test_a_request_another_site_could_send_gets_nothing(routes, headers):
    r, store = routes
    token = token_for(store)
    assert start(r, token, headers).status_code == 403
    assert start(r, token).status_code == 204  # the token was not spent by the refused request


def test_https_behind_a_proxy_makes_the_cookie_secure(routes):
    r, store = routes
    answer = start(r, token_for(store), {**OK, "x-forwarded-proto": "https"})
    assert "Secure" in answer.headers["set-cookie"]


def test_keluar_revokes_and_clears(routes):
    r, store = routes
    secret = start(r, token_for(store)).headers["set-cookie"].split(";")[0].split("=", 1)[1]
    answer = asyncio.run(r.end(request(rules.SIGN_OUT_PATH, b"{}", {**OK, "cookie": f"sesi_uji={secret}"})))
    assert answer.status_code == 204
    assert answer.headers["set-cookie"].startswith('sesi_uji=""') and "Max-Age=0" in answer.headers["set-cookie"]
    with store.use() as cur:
        assert sessions.lookup(cur, secret, utcnow()) is None
