"""A database that already holds one stored submission, and every table's row count.

Bad input is checked against non-empty tables ("nothing changed" means something): each test gets its
own copy of one database that holds the demo reference tables plus the real workbook stored once.
Registered as a plugin in tests/conftest.py, so the fixtures reach every test folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from loaders.ingest import ingest_lke
from loaders.reference_tables import load_directory
from pantauzi.core.problems import WorkbookRejected
from pantauzi.store import db
from tests.lke_helpers import REAL, ROOT

UNIT, YEAR = "81.71-DPMPTSP", 2024


@pytest.fixture(scope="session")
def base_db(tmp_path_factory) -> Path:
    """Demo reference tables plus one stored submission, built once and copied for every test."""
    path = tmp_path_factory.mktemp("bad-inputs") / "base.duckdb"
    con = db.connect(path)
    load_directory(con, ROOT / "data" / "demo", demo=True)
    ingest_lke(con, REAL, UNIT, 2023, "self")
    con.close()
    return path


@pytest.fixture()
def stored_con(base_db, tmp_path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to this test's own copy of `base_db` (the file is tmp_path / "t.duckdb")."""
    path = tmp_path / "t.duckdb"
    shutil.copyfile(base_db, path)
    c = db.connect(path)
    yield c
    c.close()


def counts(con) -> dict[str, int]:
    """Row count of every table in the database (not a hand-picked list)."""
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]
    assert "lke_submissions" in tables and "stored_files" in tables
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables}


def refused(con, path: Path, unit: str = UNIT, year: int = YEAR, stage: str | None = "self") -> WorkbookRejected:
    """Ingest must raise WorkbookRejected (no other exception) and leave every table as it was."""
    before = counts(con)
    with pytest.raises(WorkbookRejected) as err:
        ingest_lke(con, path, unit, year, stage)
    assert counts(con) == before
    text = err.value.render()
    assert text.startswith(f"Berkas '{path.name}' ditolak")
    assert f"berkas '{path.name}'" in text  # each problem names the file too
    assert "Traceback" not in text
    return err.value
