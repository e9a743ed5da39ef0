"""The one process: Streamlit's pages and the PortalRB API (api.portalrb) on the same port, sharing
the app's database connection (ui.data.connection: one per process) and its single writer."""

from __future__ import annotations

import threading

import duckdb
from starlette.routing import Route

from api.portalrb import Api
from ui import data

_lock = threading.Lock()
_shared: list[duckdb.DuckDBPyConnection] = []


def _connection() -> duckdb.DuckDBPyConnection:
    """The app's connection, looked up once: the API's threads run outside any Streamlit session,
    where each lookup through st.cache_resource would log a missing-ScriptRunContext warning."""
    with _lock:
        if not _shared:
            _shared.append(data.connection())
        return _shared[0]


def routes() -> list[Route]:
    """The API's routes under /api/portalrb, for st.App(..., routes=...) in dashboard.py."""
    return Api(_connection).routes()
