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
