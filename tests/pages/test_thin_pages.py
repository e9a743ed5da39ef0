"""The pages draw page data: no display tables, grouping or SQL built in a page; ui.data holds one
typed wrapper per page-data function and no generic read/write."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pantauzi import pagedata

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "app_pages").glob("*.py"))


def test_pages_build_no_display_tables():
    assert len(PAGES) >= 8
    for page in PAGES:
        text = page.read_text()
        for pattern in (r"\.assign\(", r"\.map\(fmt\.", r"\.groupby\(", r"pd\.DataFrame\(", r"\.sort_values\("):
            assert not re.search(pattern, text), f"{page.name}: {pattern}"
        assert len(text.splitlines()) <= 150, page.name


def test_ui_data_wraps_page_data_functions_only():
    tree = ast.parse((ROOT / "ui" / "data.py").read_text())
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert not {"read", "write", "run"} & set(functions)
    for name, fn in functions.items():
        assert fn.returns is not None, f"ui.data.{name} has no return type"
        cached = any("cache_data" in ast.unparse(d) for d in fn.decorator_list)
        if cached:  # a cached wrapper calls the page-data function of its name, keyed by the data version
            assert name in pagedata.__all__, name
            assert fn.args.args[-1].arg == "version", name
            assert f"pagedata.{name}(" in ast.unparse(fn), name
