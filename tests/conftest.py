"""Shared fixtures (a demo database built by the real loaders, once per test session; PostgreSQL), the fast
tier (tests/support/tiers.py) and the guard that fails a test opening anything outside the repository
(tests/support/guard.py)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

from loaders.__main__ import main as loaders_main
from tests.support import guard, tiers

ROOT = Path(__file__).resolve().parents[1]
# fixtures shared by several test folders
pytest_plugins = ["tests.support.stored", "tests.support.apps"]
# a developer's own config/auth.yaml must not change what the tests see: no login unless a test sets one
os.environ["PANTAUZI_AUTH"] = str(ROOT / "tests" / "no-auth-file.yaml")
# nor their shared PostgreSQL store: the tests that use PostgreSQL start their own server
os.environ.pop("PANTAUZI_DATABASE_URL", None)

# ---------------------------------------------------------------- nothing outside the repository
# Installed while pytest imports this file, so collection is watched too. Subprocesses (command lines,
# streamlit servers, workers) install the same guard from tests/support/outside_site/sitecustomize.py and
# report through a log file.
_STARTED_BY_A_TEST = getattr(sys.modules.get("_pantauzi_outside_guard"), "INSTALLED", None)
if _STARTED_BY_A_TEST is not None:
    # a test session that a test started (tests/test_tiers.py): this process reports to that session's log already
    GUARD = guard.Guard.from_settings(os.environ[guard.ENV]).read_log_from_now()
    _LOG = None
else:
    _LOG = Path(tempfile.gettempdir()) / f"pantauzi-outside-{os.getpid()}.log"
    GUARD = guard.install(guard.Guard(ROOT, allowed=guard.default_allowed(ROOT), log=str(_LOG)))
    os.environ[guard.ENV] = GUARD.settings()
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "tests" / "support" / "outside_site"), os.environ.get("PYTHONPATH")) if p
    )
_OUTSIDE_ANY_TEST: list[str] = []  # found during collection, session fixtures, between tests


def pytest_sessionstart(session: pytest.Session) -> None:
    base = session.config.option.basetemp  # e.g. --basetemp=/tmp/pt-tests
    if base:
        GUARD.allowed.append(os.path.realpath(base))
        if _LOG is not None:
            os.environ[guard.ENV] = GUARD.settings()


@pytest.fixture(autouse=True)
def _nothing_opened_outside_the_repository(request):
    _OUTSIDE_ANY_TEST.extend(GUARD.take())  # session fixtures set up for this test, or before it
    yield
    found = GUARD.take()
    if found:
        pytest.fail(
            f"{request.node.nodeid} opened files outside the repository (fixtures belong in tests/fixtures/):\n  "
            + "\n  ".join(dict.fromkeys(found)),
            pytrace=False,
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _OUTSIDE_ANY_TEST.extend(GUARD.take())
    if _OUTSIDE_ANY_TEST and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:
    if _OUTSIDE_ANY_TEST:
        terminalreporter.section("opened outside the repository", red=True)
        for line in dict.fromkeys(_OUTSIDE_ANY_TEST):
            terminalreporter.write_line(line)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _LOG is not None:
        _LOG.unlink(missing_ok=True)


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
