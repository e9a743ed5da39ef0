"""Nothing outside the repository: the session's guard (tests/support/guard.py, installed by tests/conftest.py)
fails a test that opens a file outside the repository but inside the folder holding it, and no tracked file
points there. The guard is proved on a layout made in a temporary folder, never on the real neighbours."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.lke_helpers import ROOT
from tests.support import guard

# the neighbour folders of a checkout as code would name them: a relative path up and over, or a parent joined
# with the folder's name (the patterns are built so that this file does not match them itself)
UP = re.escape("..") + "/" + "shared"
NEIGHBOUR = [
    re.compile(UP.encode()),
    re.compile(rb"""\bparents?\b(\[\d+\])?\)?\s*/\s*["']""" + b"shared" + rb"""\b"""),
    re.compile(rb"""["']\.\.["']\)?\s*[,/]\s*["']""" + b"shared" + rb"""\b"""),
]
CHECKED = ["pantauzi", "loaders", "reports", "ui", "app_pages", "tools", "benchmarks", "tests", "Makefile", ".ci"]


def test_no_tracked_file_points_next_to_the_repository():
    files = subprocess.run(
        ["git", "ls-files", "-z", "--", *CHECKED], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    files = [f.decode() for f in files if f]
    assert any(f.startswith("tests/") for f in files) and "Makefile" in files
    found = [
        f"{name}: {m.group(0).decode(errors='replace')}"
        for name in files
        if (ROOT / name).is_file()
        for pattern in NEIGHBOUR
        for m in pattern.finditer((ROOT / name).read_bytes())
    ]
    assert not found, "fixtures belong in tests/fixtures/, data in the repository:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "text",
    [
        "REAL = ROOT / '..' / 'x'".replace("'x'", "'" + "shared" + "'"),
        'REAL = config.ROOT.parent / "' + "shared" + '" / "domain" / "lke.xlsx"',
        'p = Path(__file__).resolve().parents[2] / "' + "shared" + '"',
        'os.path.join(ROOT, "..", "' + "shared" + '", "x.csv")',
        "cp ../" + "shared/domain/x.xlsx tests/fixtures/",
    ],
)
def test_the_patterns_find_each_way_of_naming_the_neighbour(text):
    assert any(p.search(text.encode()) for p in NEIGHBOUR), text


# ---------------------------------------------------------------- the guard, on a layout of its own
@pytest.fixture()
def layout(tmp_path):
    """parent/repo (the checkout), parent/common/data.csv (a neighbour's file), parent/venv (an allowed
    Python installation), and a file outside the parent."""
    parent = tmp_path / "parent"
    repo, common, venv = parent / "repo", parent / "common", parent / "venv"
    for d in (repo / "tests", common, venv):
        d.mkdir(parents=True)
    (common / "data.csv").write_text("kode,nilai\n1,2\n")
    (repo / "tests" / "own.csv").write_text("kode\n1\n")
    (venv / "lib.py").write_text("x = 1\n")
    (tmp_path / "elsewhere.txt").write_text("x")
    (repo / "link.csv").symlink_to(common / "data.csv")  # inside the checkout, but resolves next to it
    return parent


def test_the_check_names_paths_next_to_the_repository_only(layout, monkeypatch):
    g = guard.Guard(layout / "repo", watched=[str(layout)], allowed=[str(layout / "venv")])
    data = os.path.realpath(layout / "common" / "data.csv")
    assert g.outside(layout / "common" / "data.csv") == data
    assert g.outside(layout / "repo" / "link.csv") == data
    assert g.outside(layout / "repo" / "tests" / "own.csv") is None
    assert g.outside(layout / "venv" / "lib.py") is None
    assert g.outside(layout.parent / "elsewhere.txt") is None  # not next to the repository
    monkeypatch.chdir(layout / "repo" / "tests")
    assert g.outside(os.path.join("..", "..", "common", "data.csv")) == data
    assert g.outside("own.csv") is None


def test_the_audit_hook_records_what_a_test_opens_there(layout):
    g = guard.install(guard.Guard(layout / "repo", watched=[str(layout)], allowed=[str(layout / "venv")]))
    try:
        (layout / "repo" / "tests" / "own.csv").read_text()
        (layout / "venv" / "lib.py").read_text()
        (layout.parent / "elsewhere.txt").read_text()
        assert g.take() == []
        (layout / "common" / "data.csv").read_text()
        with open(layout / "repo" / "link.csv", "rb") as fh:
            fh.read()
        sorted(os.listdir(layout / "common"))
    finally:
        g.active = False  # an audit hook stays for the process: switch this one off
    data = os.path.realpath(layout / "common" / "data.csv")
    assert g.take() == [f"{data} (open)", f"{data} (open)", f"{os.path.realpath(layout / 'common')} (os.listdir)"]


def test_a_python_subprocess_reports_through_the_log(layout, tmp_path):
    """Every Python process the tests start installs the guard (tests/support/outside_site/sitecustomize.py)."""
    log = tmp_path / "outside.log"
    g = guard.Guard(layout / "repo", watched=[str(layout)], allowed=[str(layout / "venv")], log=str(log))
    data = layout / "common" / "data.csv"
    done = subprocess.run(
        [sys.executable, "-c", f"open({str(data)!r}).read(); open({str(layout / 'repo' / 'tests' / 'own.csv')!r})"],
        env={**os.environ, guard.ENV: g.settings()},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    [line] = g.take()
    assert line.startswith(f"{os.path.realpath(data)} (open, process ") and "-c" in line


def test_the_session_guard_watches_this_repository(request):
    from tests.conftest import GUARD

    assert GUARD.active and GUARD.root == os.path.realpath(ROOT)
    assert os.path.realpath(ROOT.parent) in GUARD.watched
    assert GUARD.outside(ROOT.parent / "common" / "data.csv") == os.path.realpath(ROOT.parent / "common" / "data.csv")
    assert GUARD.outside(ROOT / "tests" / "fixtures" / "lke-zi-real-anonymized.xlsx") is None
    assert GUARD.outside(sys.executable) is None  # the virtualenv may link into another checkout
    assert json.loads(os.environ[guard.ENV])["root"] == GUARD.root
    assert str(ROOT / "tests" / "support" / "outside_site") in os.environ["PYTHONPATH"].split(os.pathsep)
    # the fixture that fails a test is in force for every test
    assert "_nothing_opened_outside_the_repository" in request.fixturenames
