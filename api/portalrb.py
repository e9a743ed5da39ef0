"""The three endpoints PortalRB pulls ("Panduan Teknis API Integrasi ZI" 1.0.0), as Starlette routes
under PREFIX: bearer token -> instansi, a rate limit per token, every call in the access log, every
refusal as {"error": true, "code", "message"}. The database is the app's own store (passed in):
the embedded DuckDB file admits one process."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import duckdb
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pantauzi import portalrb as service
from pantauzi.core import portalrb
from pantauzi.core.portalrb import ApiError
from pantauzi.store import db
from pantauzi.store import portalrb_queries as q

PREFIX = portalrb.PREFIX
UNIT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
YEARS = (2017, 2100)
QUERY_KEYS = {"tahun"}
# every method reaches the handler, which answers 405 with the JSON error body for all but GET
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
WINDOW = 60.0  # seconds of the rate limit's sliding window

_log = logging.getLogger("pantauzi.api")


class RateLimiter:
    """A sliding window of call times per token id, in this process (the one that serves the API)."""

    def __init__(self) -> None:
        self._calls: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, token_id: int, limit: int, at: float) -> float | None:
        """None when the call may go on; else the seconds until it may be retried."""
        with self._lock:
            calls = self._calls.setdefault(token_id, deque())
            while calls and calls[0] <= at - WINDOW:
                calls.popleft()
            if len(calls) >= limit:
                return max(0.0, calls[0] + WINDOW - at)
            calls.append(at)
            return None


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[Response, bytes]:
    raw = portalrb.encode(body)
    return Response(raw, status, headers=headers, media_type="application/json; charset=utf-8"), raw


class Api:
    """The endpoints over the app's store; `store` is called per request."""

    def __init__(self, store: Callable[[], db.Store]) -> None:
        self.store = store
        self.limiter = RateLimiter()

    def routes(self) -> list[Route]:
        return [
            Route(PREFIX + "/pengusulan/unit-wbk", self.endpoint, methods=METHODS, name="portalrb-unit-wbk"),
            Route(PREFIX + "/pengusulan/unit-wbbm", self.endpoint, methods=METHODS, name="portalrb-unit-wbbm"),
            Route(PREFIX + "/lke/jawaban-unit/{unit_id}", self.endpoint, methods=METHODS, name="portalrb-jawaban"),
            # anything else under the prefix: the same JSON error body, never Streamlit's page
            Route(PREFIX, self.endpoint, methods=METHODS, name="portalrb-other"),
            Route(PREFIX + "/{rest:path}", self.endpoint, methods=METHODS, name="portalrb-other-path"),
        ]

    async def endpoint(self, request: Request) -> Response:
        return await run_in_threadpool(self.handle, request)

    def handle(self, request: Request) -> Response:
        started = time.perf_counter()
        at = q.now()
        path = request.url.path
        route = request.scope.get("route")
        name = getattr(route, "name", "") or ""
        endpoint = {"portalrb-unit-wbk": "unit-wbk", "portalrb-unit-wbbm": "unit-wbbm"}.get(name, "")
        if name == "portalrb-jawaban":
            endpoint = "jawaban-unit"
        unit = request.path_params.get("unit_id") if endpoint == "jawaban-unit" else None
        token: q.Token | None = None
        year: int | None = None
        body_stamp = None
        headers: dict[str, str] = {}
        try:
            with self.store().use() as cur:
                token = self._token(cur, request)
                wait = self.limiter.allow(token.id, token.rate_limit or portalrb.default_rate_limit(), time.monotonic())
                if wait is not None:
                    headers["Retry-After"] = str(int(wait) + 1)
                    raise ApiError(429, "terlalu banyak permintaan untuk token ini; coba lagi nanti")
                if not endpoint:
                    raise ApiError(404, "alamat tidak dikenal pada API PortalRB PantauZI", "NOT_FOUND")
                if request.method not in ("GET", "HEAD"):
                    raise ApiError(405, "hanya metode GET yang didukung")
                year = self._year(request)
                if endpoint == "jawaban-unit":
                    if unit is None or not UNIT_ID.fullmatch(unit):
                        raise ApiError(422, "unit_id tidak sah: huruf, angka, titik, garis bawah atau tanda hubung")
                    body = service.jawaban_body(cur, token.instansi, unit, year)
                else:
                    body = service.units_body(cur, token.instansi, year, endpoint)
            body_stamp = portalrb.stamp(body)
            response, raw = _json(200, body)
            status = 200
        except ApiError as exc:
            response, raw = _json(exc.status, exc.body(), headers)
            status = exc.status
        except Exception as exc:  # our failure: a generic message, nothing about the server in the body
            _log.error("PortalRB API %s gagal: %s", path, type(exc).__name__)
            response, raw = _json(500, portalrb.error_body(500, "kesalahan pada server PantauZI; coba lagi nanti"))
            status = 500
        # the log row is written after the answer has gone out (its time is measured up to here)
        ms = (time.perf_counter() - started) * 1000
        response.background = BackgroundTask(
            self._record, at, token, endpoint or "other", path, unit, year, status, len(raw), ms, body_stamp
        )
        return response

    def _token(self, cur: duckdb.DuckDBPyConnection, request: Request) -> q.Token:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise ApiError(401, "token tidak ada: kirim header Authorization: Bearer <token>")
        token = service.authenticate(cur, value.strip())
        if token is None:
            raise ApiError(401, "token tidak sah atau sudah dicabut")
        return token

    def _year(self, request: Request) -> int:
        unknown = sorted(set(request.query_params) - QUERY_KEYS)
        if unknown:
            raise ApiError(422, f"parameter tidak dikenal: {', '.join(unknown)[:100]}")
        text = request.query_params.get("tahun")
        if text is None:
            return portalrb.default_year()
        if not text.isdigit() or not (YEARS[0] <= int(text) <= YEARS[1]):
            raise ApiError(422, f"tahun harus bilangan bulat {YEARS[0]}–{YEARS[1]}")
        return int(text)

    def _record(
        self,
        at: Any,
        token: q.Token | None,
        endpoint: str,
        path: str,
        unit: str | None,
        year: int | None,
        status: int,
        size: int,
        ms: float,
        body_stamp: str | None,
    ) -> None:
        """One row of the access log; a failure to write it is logged, the answer still goes out."""
        try:
            with self.store().use(write=True) as con, db.transaction(con) as cur:
                q.log_call(
                    cur,
                    at,
                    None if token is None else token.id,
                    None if token is None else token.instansi,
                    endpoint,
                    path[:300],
                    None if unit is None else unit[:100],
                    year,
                    status,
                    size,
                    ms,
                    body_stamp,
                )
        except Exception as exc:
            _log.error("PortalRB API: log akses tidak tersimpan: %s", type(exc).__name__)
