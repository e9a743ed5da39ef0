"""Shared fixtures (a demo database built by the real loaders, once per test session; PostgreSQL) and the
fast tier (tests/support/tiers.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from loaders.__main__ import main as loaders_main
from tests.support import tiers

ROOT = Path(__file__).resolve().parents[1]
# fixtures shared by several test folders
pytest_plugins = ["tests.support.stored", "tests.support.apps"]
# a developer's own config/auth.yaml must not change what the tests see: no login unless a test sets one
os.environ["PANTAUZI_AUTH"] = str(ROOT / "tests" / "no-auth-file.yaml")
# nor their shared PostgreSQL store: the tests that use PostgreSQL start their own server
os.environ.pop("PANTAUZI_DATABASE_URL", None)

# ---------------------------------------------------------------- the fast tier
_FAST_PROBLEMS = pytest.StashKey[list[str]]()


@pytest.hookimpl(tryfirst=True)  # before `-m fast` deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if tiers.is_fast(item):
            item.add_marker(pytest.mark.fast)
            found = tiers.problems(item)
            if found:
                item.stash[_FAST_PROBLEMS] = found


def pytest_runtest_setup(item: pytest.Item) -> None:
    found = item.stash.get(_FAST_PROBLEMS, None)
    if found:
        pytest.fail(
            f"{item.nodeid} is in the fast tier (tests/{tiers.folder(item.path)}/) but uses {', '.join(found)}: "
            "mark it @pytest.mark.slow or move it to the folder of what it runs",
            pytrace=False,
        )


# ---------------------------------------------------------------- databases
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
    assert (
        generate_main(["--units", "200", "--years", "2021-2025", "--db", str(path), "--workers", "1", "--no-progress"])
        == 0
    )
    return path


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server (Debian's postgresql package) for the whole session. Missing binaries
    fail the tests that need it: CI installs the package."""
    from tests.pg_server import BIN_GLOB, INSTALL_HINT, PgServer, find_bin

    bin_dir = find_bin()
    if bin_dir is None:
        pytest.fail(f"PostgreSQL server binaries not found in {BIN_GLOB} ({INSTALL_HINT})")
    server = PgServer(bin_dir).start()
    yield server
    server.stop()


@pytest.fixture()
def pg_url(pg_server) -> str:
    """A fresh, empty PostgreSQL database of the session's server."""
    return pg_server.create_database()
