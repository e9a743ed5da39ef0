"""Project layout rules that keep the app safe."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_legacy_pages_folder():
    # A pages/ folder beside dashboard.py switches Streamlit into legacy multipage mode, where a deep
    # link runs a page alone and skips the sidebar filter and the role check. Pages live in app_pages/.
    assert not (ROOT / "pages").exists(), "rename pages/ to app_pages/"
    assert (ROOT / "app_pages").is_dir() and (ROOT / "dashboard.py").is_file()


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
