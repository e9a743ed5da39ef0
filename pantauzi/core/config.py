"""Paths and settings, read from the environment when asked (never at import)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def db_path() -> Path:
    """The DuckDB file: $PANTAUZI_DB or data/pantauzi.duckdb."""
    return Path(os.environ.get("PANTAUZI_DB", ROOT / "data" / "pantauzi.duckdb"))


def database_url() -> str | None:
    """$PANTAUZI_DATABASE_URL (postgresql://...): PostgreSQL as the shared store, else None."""
    return os.environ.get("PANTAUZI_DATABASE_URL") or None


def database() -> str:
    """The store the app uses: $PANTAUZI_DATABASE_URL when set, else the DuckDB file of db_path()."""
    return database_url() or str(db_path())


def demo_dir() -> Path:
    return ROOT / "data" / "demo"


def upload_max_age() -> float:
    """Seconds an idle session's private upload folder is kept: $PANTAUZI_UPLOAD_MAX_AGE, else 6 hours."""
    return float(os.environ.get("PANTAUZI_UPLOAD_MAX_AGE") or 6 * 3600)
