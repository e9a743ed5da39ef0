"""A unit name holding HTML and script (issue 5, case 9): stored as it came, rendered by the pages as text."""

from __future__ import annotations

import sys

import pytest

from loaders.ingest import ingest_lke
from pantauzi.core import fmt
from tests.lke_helpers import REAL, real_copy

SCRIPT_NAME = "<script>alert(1)</script> Dinas <b>X</b>"


@pytest.fixture()
def con(stored_con):
    """This test's own copy of the database holding one submission (tests/support/stored.py)."""
    return stored_con


def test_script_in_a_unit_name_renders_as_text(con, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    con.execute(
        "INSERT INTO units (code, name, instansi_code, region_code, unit_type, valid_from) "
        "VALUES ('81.71-XSS', ?, 'pemkot-81.71', '81.71', 'dinas', 2018)",
        [SCRIPT_NAME],
    )
    ingest_lke(con, REAL, "81.71-XSS", 2024, "self")
    ingest_lke(con, real_copy(tmp_path, {"K9": "C"}), "81.71-XSS", 2025, "self")
    assert con.execute("SELECT name FROM units WHERE code = '81.71-XSS'").fetchall() == [(SCRIPT_NAME,)]
    # only the hostile unit, so the Ringkasan page picks it as the unit to review
    con.execute("DELETE FROM lke_submissions WHERE unit_code <> '81.71-XSS'")
    path = tmp_path / "t.duckdb"  # the `con` fixture's file
    con.close()
    monkeypatch.setenv("PANTAUZI_DB", str(path))
    # Streamlit's script runner leaves the page module in sys.modules["__main__"]; a later spawn-based process
    # pool (loaders.bulk, build-demo) would then re-run dashboard.py in its workers. Put it back afterwards.
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    at = AppTest.from_file("../../dashboard.py", default_timeout=60)
    at.query_params["unit"] = "81.71-XSS"
    at.run()
    assert not at.exception
    texts = [m for m in (*at.markdown, *at.caption)]
    # shown as the characters it holds: escaped for Markdown (pantauzi.core.fmt.md), never raw
    named = [m for m in texts if fmt.md(SCRIPT_NAME) in m.value]
    assert named, [m.value for m in texts]
    assert not [m for m in texts if SCRIPT_NAME in m.value]
    assert all(not m.allow_html for m in texts if "<script>" in m.value or "<b>" in m.value)
    assert not [m for m in texts if m.allow_html and "alert(1)" in m.value]
    # the name is not executed as HTML anywhere else either: no element carries raw HTML with it
    assert not [e for e in at.get("html") if "alert(1)" in str(getattr(e, "proto", ""))]


MARKDOWN_NAME = "**Tebal** ![t](http://127.0.0.1:9/x.png) :red[merah] $x$ Dinas"


def test_markdown_in_a_unit_name_is_shown_as_its_characters(con, tmp_path, monkeypatch):
    """A name that Markdown would turn into bold text, an image fetched by every viewer, a coloured
    directive and LaTeX reaches the page escaped, on Ringkasan and on Profil OPD."""
    from streamlit.testing.v1 import AppTest

    con.execute(
        "INSERT INTO units (code, name, instansi_code, region_code, unit_type, valid_from) "
        "VALUES ('81.71-MD', ?, 'pemkot-81.71', '81.71', 'dinas', 2018)",
        [MARKDOWN_NAME],
    )
    ingest_lke(con, REAL, "81.71-MD", 2024, "self")
    con.execute("DELETE FROM lke_submissions WHERE unit_code <> '81.71-MD'")
    con.close()
    monkeypatch.setenv("PANTAUZI_DB", str(tmp_path / "t.duckdb"))
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    for page in ("app_pages/ringkasan.py", "app_pages/profil_opd.py"):
        at = AppTest.from_file("../../dashboard.py", default_timeout=60)
        at.query_params["unit"] = "81.71-MD"
        at.run()
        at.switch_page(page).run()
        assert not at.exception
        texts = [m.value for m in (*at.markdown, *at.caption)]
        assert [t for t in texts if fmt.md(MARKDOWN_NAME) in t], (page, texts)
        assert not [t for t in texts if "![t](" in t or "**Tebal**" in t or ":red[" in t], (page, texts)


def test_md_escapes_every_markdown_and_directive_character():
    shown = fmt.md("a*b_c`d[e](f)!g#h:i$j~k|l<m>n\\o\nq")
    for ch in "*_`[]()!#:$~|<>":
        assert f"\\{ch}" in shown
    assert "\n" not in shown  # a newline would start a new Markdown block
