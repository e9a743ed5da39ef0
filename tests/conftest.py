"""Shared fixtures: a demo database built by the real loaders, once per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from loaders.__main__ import main as loaders_main

ROOT = Path(__file__).resolve().parents[1]
# a developer's own config/auth.yaml must not change what the tests see: no login unless a test sets one
os.environ["PANTAUZI_AUTH"] = str(ROOT / "tests" / "no-auth-file.yaml")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "demo.duckdb"
    assert loaders_main(["build-demo", "--db", str(path)]) == 0
    os.environ["PANTAUZI_DB"] = str(path)
    return path


@pytest.fixture(scope="session")
def national_db(tmp_path_factory) -> Path:
    """A small synthetic national database (200 units) written by benchmarks.generate."""
    from benchmarks.generate import main as generate_main

    path = tmp_path_factory.mktemp("national") / "national.duckdb"
    assert generate_main(["--units", "200", "--years", "2021-2025", "--db", str(path), "--workers", "1",
                          "--no-progress"]) == 0
    return path
