"""Fixtures of the store tests."""

from __future__ import annotations

import pytest

from loaders.reference_tables import load_directory
from pantauzi.store import db
from tests.lke_helpers import ROOT


@pytest.fixture()
def pg(pg_url):
    """A migrated PostgreSQL database with the demo's regions, instansi and units."""
    con = db.connect(pg_url)
    load_directory(con, ROOT / "data" / "demo", demo=True)
    yield con
    con.close()
