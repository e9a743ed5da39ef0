"""The one process: Streamlit's pages and the PortalRB API (api.portalrb) on the same port, sharing
the app's database connection (ui.data.connection: one per process) and its single writer."""

from __future__ import annotations

from starlette.routing import Route

from api.portalrb import Api
from ui import data


def routes() -> list[Route]:
    """The API's routes under /api/portalrb, for st.App(..., routes=...) in dashboard.py."""
    return Api(data.connection).routes()
