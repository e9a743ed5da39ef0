"""Project layout rules that keep the app safe, and the CI and make targets that enforce them (the import layers
themselves are import-linter's contracts in pyproject.toml, run by `make check`)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_legacy_pages_folder():
    # A pages/ folder beside dashboard.py switches Streamlit into legacy multipage mode, where a deep
    # link runs a page alone and skips the sidebar filter and the role check. Pages live in app_pages/.
    assert not (ROOT / "pages").exists(), "rename pages/ to app_pages/"
    assert (ROOT / "app_pages").is_dir() and (ROOT / "dashboard.py").is_file()


def test_every_download_button_is_a_file_already_made():
    # Streamlit's deferred download (data= a callable) loses files while other sessions use the server
    # (ui/downloads.py, tools/download_probe.py): the pages and ui/ call st.download_button only in
    # ui.downloads.offer, which passes bytes and on_click="ignore"
    import ast

    calls = []
    for path in [ROOT / "dashboard.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "download_button":
                calls.append((path.relative_to(ROOT).as_posix(), node))
    assert [where for where, _ in calls] == ["ui/downloads.py"], calls
    keywords = {k.arg: k.value for k in calls[0][1].keywords}
    assert isinstance(keywords["on_click"], ast.Constant) and keywords["on_click"].value == "ignore"


def test_requirements_are_pinned():
    lines = [x.strip() for x in (ROOT / "requirements.txt").read_text().splitlines() if x.strip()]
    assert lines and all("==" in x for x in lines)


def test_pages_hold_no_sql():
    import re

    for page in (ROOT / "app_pages").glob("*.py"):
        text = page.read_text()
        assert not re.search(r"\bselect\b.+\bfrom\b", text, re.I | re.S), page.name
        assert "duckdb" not in text, page.name


def test_ci_runs_make_test_and_fails_on_no_tests():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "-eq 5" in (ROOT / "Makefile").read_text()


def _commands(path: Path) -> list[str]:
    """The commands of a shell script, without comments and blank lines."""
    lines = (x.split("#", 1)[0].strip() for x in path.read_text().splitlines())
    return [x for x in lines if x]


def _recipe(target: str) -> list[str]:
    """The recipe lines of a Makefile target."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith(f"{target}:"))
    recipe = []
    for x in lines[start + 1 :]:
        if not x.startswith("\t"):
            break
        recipe.append(x.strip())
    return recipe


def test_ci_runs_make_check_before_make_test():
    commands = _commands(ROOT / ".ci" / "run")
    assert "set -euo pipefail" in commands  # a failing check stops the run before the tests
    assert "make check" in commands and "make test" in commands
    assert commands.index("make check") < commands.index("make test")


def test_make_check_runs_import_linter_on_the_layer_contracts():
    import tomllib

    check = _recipe("check")
    assert any(x.endswith("lint-imports") for x in check), check
    assert any("ruff check" in x for x in check) and any("mypy" in x for x in check)
    linter = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert set(linter["root_packages"]) >= {"pantauzi", "loaders", "reports", "ui"}
    layers = [c["layers"] for c in linter["contracts"] if c["type"] == "layers"]
    assert ["ui", "api", "reports | loaders", "pantauzi"] in layers  # api: the PortalRB routes ui mounts
    # only ui (and the pages) use Streamlit
    assert any(
        c["type"] == "forbidden"
        and set(c["source_modules"]) >= {"pantauzi", "loaders", "reports"}
        and {"streamlit", "streamlit_authenticator"} <= set(c["forbidden_modules"])
        for c in linter["contracts"]
    )


def test_make_test_fast_runs_the_fast_marker():
    assert any("-m fast" in x for x in _recipe("test-fast"))
    assert "fast:" in (ROOT / "pytest.ini").read_text()


def test_tests_mirror_the_code_folders():
    """Tests live in the folder of the code they test (tests/core, tests/store, tests/loaders, tests/pages …),
    each a package; at tests/ itself only the rules about the repository."""
    tests = ROOT / "tests"
    folders = {p.parent for p in tests.rglob("test_*.py")}
    assert {tests / d for d in ("core", "store", "workbooks", "loaders", "reports", "pages", "browser")} <= folders
    assert [str(d.relative_to(ROOT)) for d in sorted(folders) if not (d / "__init__.py").is_file()] == []
    assert sorted(p.name for p in tests.glob("test_*.py")) == [
        "test_layout.py",
        "test_outside_repo.py",
        "test_tiers.py",
    ]


def test_streamlit_config_hides_the_developer_toolbar_and_sets_the_real_upload_limit():
    import tomllib

    from loaders import workbook

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["toolbarMode"] == "viewer"  # no "Deploy" button nor developer menu
    assert config["server"]["maxUploadSize"] * workbook.MIB == workbook.MAX_FILE_BYTES
    makefile = (ROOT / "Makefile").read_text()
    assert "--server.maxUploadSize $(PANTAUZI_MAX_UPLOAD_MB)" in makefile
