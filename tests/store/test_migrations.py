"""Migrations: a new database gets every version; an older one is upgraded on open."""

from __future__ import annotations

import json

import duckdb

from pantauzi.store import db, migrations, selection


def test_new_database_is_at_the_latest_version(tmp_path):
    con = db.connect(tmp_path / "a.duckdb")
    assert migrations.current_version(con) == migrations.MIGRATIONS[-1][0]
    con.close()
    con = db.connect(tmp_path / "a.duckdb")  # opening again applies nothing twice
    assert con.execute("SELECT count(*) FROM schema_version").fetchall()[0][0] == len(migrations.MIGRATIONS)
    con.close()


def test_older_database_is_upgraded(tmp_path):
    path = tmp_path / "old.duckdb"
    raw = duckdb.connect(str(path))
    migrations.current_version(raw)  # a database created before any migration ran
    raw.execute("CREATE TABLE notes (x INTEGER)")
    raw.close()
    con = db.connect(path)
    assert migrations.current_version(con) == migrations.MIGRATIONS[-1][0]
    assert {"lke_scores", "notes"} <= {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    con.close()


def test_version_1_database_with_data_gets_migration_4(tmp_path):
    """Rows survive the rebuild of the detail tables; is_final is filled from the stages."""
    path = tmp_path / "v1.duckdb"
    raw = duckdb.connect(str(path))
    raw.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, "
        "applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    raw.execute(migrations.MIGRATIONS[0][2])
    raw.execute("INSERT INTO schema_version (version) VALUES (1)")
    for sid, stage in ((1, "self"), (2, "tpi"), (3, "self")):
        raw.execute(
            "INSERT INTO lke_submissions (id, unit_code, year, stage, file_name, sha256, layout, "
            "methodology, sheet, incomplete, is_current) VALUES (?, 'U', ?, ?, 'f', 'h', 'legacy', 'm', "
            "'s', FALSE, TRUE)",
            [sid, 2024 if sid < 3 else 2025, stage],
        )
        raw.execute("INSERT INTO lke_answers (submission_id, question_id, answered) VALUES (?, 1, TRUE)", [sid])
    raw.close()
    con = db.connect(path)
    assert migrations.applied(con) == {n for n, _, _ in migrations.MIGRATIONS}
    assert con.execute("SELECT count(*) FROM lke_answers").fetchall() == [(3,)]
    assert con.execute("SELECT id FROM lke_submissions WHERE is_final ORDER BY id").fetchall() == [(2,), (3,)]
    con.close()


def test_a_missing_lower_number_is_still_applied(tmp_path, monkeypatch):
    """Branches number migrations apart: a database at 4 still gets a 2 merged later."""
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    one, four = (1, "a", "CREATE TABLE a (x INTEGER);"), (4, "d", "CREATE TABLE d (x INTEGER);")
    monkeypatch.setattr(migrations, "MIGRATIONS", [one, four])
    assert migrations.migrate(con) == 4
    monkeypatch.setattr(migrations, "MIGRATIONS", [one, (2, "b", "CREATE TABLE b (x INTEGER);"), four])
    assert migrations.migrate(con) == 4
    assert migrations.applied(con) == {1, 2, 4}
    assert con.execute("SELECT count(*) FROM b").fetchall() == [(0,)]
    con.close()


def test_migration_6_fills_the_pages_table_from_current_versions(tmp_path):
    path = tmp_path / "v5.duckdb"
    con = db.connect(path)
    con.execute("INSERT INTO instansi VALUES ('i', 'Instansi', 'pemkot', '81.71')")
    con.execute(
        "INSERT INTO units (code, name, instansi_code, region_code, unit_type) VALUES "
        "('U', 'Unit', 'i', '81.71', 'dinas')"
    )
    for sid, current in ((1, False), (2, True)):
        con.execute(
            "INSERT INTO lke_submissions (id, unit_code, year, stage, file_name, sha256, layout, methodology, "
            "sheet, incomplete, is_current, is_final) VALUES (?, 'U', 2024, 'self', 'f', 'h', 'legacy', 'm', "
            "'s', FALSE, ?, ?)",
            [sid, current, current],
        )
        con.execute(
            "INSERT INTO lke_scores VALUES (?, ?, 1, 1, 1, 1, 1, 1, 1, 1, NULL, 0, 1, 0, FALSE, 'belum', FALSE)",
            [sid, 50.0 + sid],
        )
    con.execute("DROP TABLE lke_current")
    con.execute("DELETE FROM schema_version WHERE version = 6")
    con.close()
    con = db.connect(path)  # migration 6 again, on data
    assert con.execute(
        "SELECT submission_id, region_code, instansi_code, total, is_final FROM lke_current"
    ).fetchall() == [(2, "81.71", "i", 52.0, True)]
    con.close()


def test_one_units_rows_of_lke_current_are_found_by_its_index(tmp_path):
    """Migration 7: the LKE queries of one unit read its rows of lke_current by index, not by a scan
    of the whole table (any other condition in that scan would make DuckDB scan instead)."""
    from pantauzi.core.filters import Filter

    con = db.connect(tmp_path / "u.duckdb")
    con.execute(
        "INSERT INTO lke_current SELECT i, 'U' || (i % 500), '81.71', 'i', 2020 + i % 5, 'self', TRUE, "
        "50, 1, 1, 1, 1, 'belum', FALSE, FALSE, 0 FROM range(20000) t(i)"
    )
    sql, params = selection.unit_ctes(Filter(unit="U7", tahun_dari=2020, tahun_sampai=2025))
    profile = tmp_path / "profile.json"
    con.execute("PRAGMA enable_profiling = 'json'")
    con.execute(f"PRAGMA profiling_output = '{profile}'")
    con.execute("WITH " + sql + " SELECT * FROM facts", params).fetchall()
    con.execute("PRAGMA disable_profiling")

    def scans(node: dict) -> list[tuple[str, str]]:
        info = node.get("extra_info", {})
        own = [(info["Table"], info.get("Type", ""))] if "Table" in info else []
        return own + [s for child in node.get("children", []) for s in scans(child)]

    found = [kind for table, kind in scans(json.loads(profile.read_text())) if table.endswith("lke_current")]
    assert found == ["Index Scan"], found
    assert con.execute("WITH " + sql + " SELECT count(*) FROM facts", params).fetchall() == [(40,)]
    con.close()
