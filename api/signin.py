"""The two routes that carry a browser session beside the pages (pantauzi.core.sessions describes the
flow): POST /masuk/sesi redeems a one-time hand-off token for the session cookie, POST /masuk/keluar
revokes the cookie's session and clears the cookie. Both want a JSON body and the X-PantauZI header
(a cross-site form can send neither without a CORS preflight, which is never answered), and refuse a
foreign Origin. Neither logs a token or a cookie value."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pantauzi.core import access, sessions
from pantauzi.store import db
from pantauzi.store import sessions as stored
from pantauzi.store.signin import utcnow

_log = logging.getLogger("pantauzi.signin")


def _https(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return True  # a same-origin fetch may omit it; the header and the JSON body still hold
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or ""
    return origin.split("://", 1)[-1].rstrip("/") == host.split(",")[0].strip()


def _refused(status: int) -> Response:
    return Response(status_code=status, headers={"Cache-Control": "no-store"})


class SessionRoutes:
    def __init__(self, store: Callable[[], db.Store]) -> None:
        self._store = store

    def routes(self) -> list[Route]:
        return [
            Route(sessions.SESSION_PATH, self.start, methods=["POST"], name="signin-session"),
            Route(sessions.SIGN_OUT_PATH, self.end, methods=["POST"], name="signin-sign-out"),
        ]

    @staticmethod
    def _checked(request: Request) -> bool:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        return request.headers.get(sessions.HEADER) == "1" and content_type == "application/json"

    async def start(self, request: Request) -> Response:
        if not self._checked(request) or not _same_origin(request):
            return _refused(403)
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _refused(400)
        token = body.get("t") if isinstance(body, dict) else None
        if not sessions.well_formed(token):
            return _refused(400)
        return await run_in_threadpool(self._start, request, str(token))

    def _start(self, request: Request, token: str) -> Response:
        cookie = sessions.settings(access.load())
        now = utcnow()
        with self._store().use(write=True) as con:
            found = stored.redeem(con, token, now)
        if found is None:
            _log.info("session hand-off refused (unknown, used or expired token)")
            return _refused(403)
        secret, expires = found
        response = _refused(204)
        response.set_cookie(
            cookie.name,
            secret,
            max_age=max(1, int((expires - now).total_seconds())),
            path="/",
            secure=_https(request),
            httponly=True,
            samesite="lax",
        )
        return response

    async def end(self, request: Request) -> Response:
        if not self._checked(request) or not _same_origin(request):
            return _refused(403)
        return await run_in_threadpool(self._end, request)

    def _end(self, request: Request) -> Response:
        cookie = sessions.settings(access.load())
        secret = request.cookies.get(cookie.name)
        if secret:
            with self._store().use(write=True) as con:
                stored.revoke_secret(con, secret, utcnow())
        response = _refused(204)
        response.delete_cookie(cookie.name, path="/", secure=_https(request), httponly=True, samesite="lax")
        return response
