"""The fast tier (`make test-fast`, i.e. `pytest -m fast`): scoring, filters, charts, page data, loaders on
built files; no AppTest, no browser, no PostgreSQL, no command line in a subprocess, no national generator.

`is_fast` is the rule, by folder: a test is fast when it lives in one of FAST_FOLDERS and is neither marked
`slow` (or `browser`) nor uses a fixture of SLOW_FIXTURES. `problems` looks at what a test's code (and the
helpers and fixtures it uses) refers to and names what must keep it out of the fast tier; tests/conftest.py
fails a fast test with problems (mark it `@pytest.mark.slow` or move it), tests/test_tiers.py checks the
whole fast tier.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
FAST_FOLDERS = frozenset({"core", "charts", "workbooks", "loaders", "store", "reports"})
# fixtures that start a server, a browser or the national generator, whatever the test's folder
SLOW_FIXTURES = {
    "pg_server": "PostgreSQL",
    "pg_url": "PostgreSQL",
    "national_db": "the national generator",
    "browser": "a browser",
    "app_url": "a streamlit process",
    "login_app": "a streamlit process",
}


def folder(path: Path | str) -> str:
    """The test folder a test file is in ('core', 'pages', …); '' for files at tests/ itself."""
    rel = Path(path).resolve().relative_to(TESTS)
    return rel.parts[0] if len(rel.parts) > 1 else ""


def is_fast(item: Any) -> bool:
    """The rule of the fast tier (see the module docstring)."""
    if folder(item.path) not in FAST_FOLDERS:
        return False
    if any(m.name in ("slow", "browser") for m in item.iter_markers()):
        return False
    return not (set(SLOW_FIXTURES) & set(item.fixturenames))


# ---------------------------------------------------------------- what a test's code refers to
def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _qualified(obj: object) -> str | None:
    if isinstance(obj, types.ModuleType):
        return obj.__name__
    module, name = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    return f"{module}.{name}" if isinstance(module, str) and isinstance(name, str) else None


def references(func: Callable[..., Any], _seen: set[int] | None = None) -> tuple[set[str], set[str]]:
    """(names, strings) a function refers to: its names (imports inside it included) with the qualified
    names of the globals they stand for, and its string constants; through the functions of its own module
    that it calls, and their functions in turn."""
    seen = _seen if _seen is not None else set()
    func = inspect.unwrap(func)
    code = getattr(func, "__code__", None)
    if code is None or id(code) in seen:
        return set(), set()
    seen.add(id(code))
    names: set[str] = set()
    strings: set[str] = set()
    env = getattr(func, "__globals__", {})
    for c in _codes(code):
        names.update(c.co_names)
        strings.update(s for s in c.co_consts if isinstance(s, str))
    for name in list(names):
        obj = env.get(name)
        q = _qualified(obj) if obj is not None else None
        if q:
            names.add(q)
        if inspect.isfunction(obj) and obj.__module__ == func.__module__:
            more_names, more_strings = references(obj, seen)
            names |= more_names
            strings |= more_strings
    return names, strings


def code_problems(func: Callable[..., Any]) -> list[str]:
    """What keeps a function (with its helpers) out of the fast tier, by what its code refers to."""
    names, strings = references(func)

    def any_name(*prefixes: str) -> bool:
        return any(n == p or n.startswith(p + ".") for n in names for p in prefixes)

    found = []
    if "AppTest" in names or any_name("streamlit.testing"):
        found.append("an AppTest")
    if any_name("subprocess", "multiprocessing"):
        found.append("a subprocess")
    if any_name("playwright") or "sync_playwright" in names:
        found.append("a browser")
    if any_name("tests.pg_server") or "PgServer" in names or any(s.startswith("postgresql://") for s in strings):
        found.append("PostgreSQL")
    if any_name("benchmarks.generate"):
        found.append("the national generator")
    return found


def _fixture_functions(item: Any) -> Iterator[tuple[str, Callable[..., Any]]]:
    info = getattr(item, "_fixtureinfo", None)
    for name, defs in (getattr(info, "name2fixturedefs", None) or {}).items():
        for d in defs:
            func = getattr(d, "func", None)
            if func is not None and str(getattr(func, "__module__", "")).startswith("tests."):
                yield name, func


def problems(item: Any) -> list[str]:
    """Why `item` must not be in the fast tier: its folder, its markers, its fixtures and what its code and
    the tests' own fixtures it uses refer to. [] when nothing does."""
    found: list[str] = []
    if folder(item.path) in ("pages", "browser", "benchmarks"):
        found.append(f"tests/{folder(item.path)}/ (AppTests, browsers, benchmarks)")
    for m in item.iter_markers():
        if m.name == "browser":
            found.append("the browser marker")
    for name in sorted(set(SLOW_FIXTURES) & set(item.fixturenames)):
        found.append(f"{SLOW_FIXTURES[name]} (fixture {name})")
    for what in code_problems(item.obj):
        found.append(what)
    for name, func in _fixture_functions(item):
        for what in code_problems(func):
            found.append(f"{what} (fixture {name})")
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------- `-p tests.support.tiers`: the tier as JSON
REPORT_ENV = "PANTAUZI_TEST_TIER_REPORT"


def pytest_collection_finish(session: Any) -> None:
    """With `-p tests.support.tiers` and $PANTAUZI_TEST_TIER_REPORT set: the selected tests as JSON, for
    tests/test_tiers.py."""
    import json
    import os

    out = os.environ.get(REPORT_ENV)
    if not out:
        return
    rows = [
        {
            "nodeid": item.nodeid,
            "path": str(item.path),
            "function": getattr(getattr(item, "obj", None), "__name__", ""),
            "folder": folder(item.path),
            "markers": sorted({m.name for m in item.iter_markers()}),
            "fixtures": sorted(item.fixturenames),
            "problems": problems(item),
        }
        for item in session.items
    ]
    Path(out).write_text(json.dumps(rows, indent=1), encoding="utf-8")
