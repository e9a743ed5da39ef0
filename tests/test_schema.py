"""Migrations: a new database gets every version; an older one is upgraded on open."""
from __future__ import annotations

import duckdb

from pantauzi import db, schema


def test_new_database_is_at_the_latest_version(tmp_path):
    con = db.connect(tmp_path / "a.duckdb")
    assert schema.current_version(con) == schema.MIGRATIONS[-1][0]
    con.close()
    con = db.connect(tmp_path / "a.duckdb")  # opening again applies nothing twice
    assert con.execute("SELECT count(*) FROM schema_version").fetchall()[0][0] == len(schema.MIGRATIONS)
    con.close()


def test_older_database_is_upgraded(tmp_path):
    path = tmp_path / "old.duckdb"
    raw = duckdb.connect(str(path))
    schema.current_version(raw)  # a database created before any migration ran
    raw.execute("CREATE TABLE notes (x INTEGER)")
    raw.close()
    con = db.connect(path)
    assert schema.current_version(con) == schema.MIGRATIONS[-1][0]
    assert {"lke_scores", "notes"} <= {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    con.close()
