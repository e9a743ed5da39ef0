"""The one process: Streamlit's pages, the PortalRB API (api.portalrb) and the sign-in session routes
(api.signin) on the same port, sharing the app's store (ui.data.store: one per process; a DuckDB file is
opened only while a request uses it)."""

from __future__ import annotations

import threading

from starlette.routing import Route

from api.portalrb import Api
from api.signin import SessionRoutes
from pantauzi.store import db
from ui import data

_lock = threading.Lock()
_shared: list[db.Store] = []


def _store() -> db.Store:
    """The app's store, looked up once: the API's threads run outside any Streamlit session, where
    each lookup through st.cache_resource would log a missing-ScriptRunContext warning."""
    with _lock:
        if not _shared:
            _shared.append(data.store())
        return _shared[0]


def routes() -> list[Route]:
    """The API's routes under /api/portalrb and the session routes under /masuk/, for
    st.App(..., routes=...) in dashboard.py."""
    return [*Api(_store).routes(), *SessionRoutes(_store).routes()]
