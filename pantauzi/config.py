"""Paths and settings, read from the environment when asked (never at import)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def db_path() -> Path:
    """The DuckDB file: $PANTAUZI_DB or data/pantauzi.duckdb."""
    return Path(os.environ.get("PANTAUZI_DB", ROOT / "data" / "pantauzi.duckdb"))


def demo_dir() -> Path:
    return ROOT / "data" / "demo"
