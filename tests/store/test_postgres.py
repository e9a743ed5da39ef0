"""PostgreSQL as the shared store, against a real server (tests/pg_server.py): the same migrations, the
same loaders and queries through DuckDB's postgres extension. Writers in several processes and threads, and
the command lines: tests/store/test_postgres_clients.py."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from loaders.__main__ import main as loaders_main
from loaders.ingest import ingest_lke, restore_submission
from pantauzi.core.filters import Filter
from pantauzi.core.problems import WorkbookRejected
from pantauzi.store import db, lke_queries, lookups, migrations, rating_queries, submissions
from tests.lke_helpers import REAL, ROOT, real_copy

UNIT, YEAR = "81.71-DPMPTSP", 2024
EVERYTHING = Filter(tahun_dari=2017, tahun_sampai=2030)
TABLES = [
    "imports",
    "stored_files",
    "lke_submissions",
    "lke_answers",
    "lke_node_scores",
    "lke_area_scores",
    "lke_scores",
    "lke_readiness",
    "lke_findings",
]


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}


def columns(con) -> list[tuple]:
    return con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = current_schema() "
        "ORDER BY table_name, column_index"
    ).fetchall()


# ---------------------------------------------------------------- migrations
def test_every_migration_applies_on_a_fresh_postgres_database(pg_url, pg_server, tmp_path):
    con = db.connect(pg_url)
    assert db.postgres_url(con) == pg_url
    assert migrations.applied(con) == {n for n, _, _ in migrations.MIGRATIONS} and migrations.missing(con) == []
    # the same tables and columns, with the same types as read back by DuckDB, as in a DuckDB file
    file = db.connect(tmp_path / "same.duckdb")
    assert columns(con) == columns(file)
    assert migrations.applied(file) == migrations.applied(con)
    # the PostgreSQL-only migration (indexes) is recorded in the DuckDB file, not run there
    assert file.execute("SELECT count(*) FROM duckdb_indexes() WHERE index_name LIKE '%_submission'").fetchall() == [
        (0,)
    ]
    file.close()
    con.close()
    name = pg_url.rsplit("/", 1)[1]
    native = pg_server.psql(
        name,
        "SELECT table_name || '.' || column_name || '=' || column_default "
        "FROM information_schema.columns WHERE column_default LIKE 'nextval%' "
        "OR column_name = 'is_final' ORDER BY 1",
    )
    assert native.split() == ["imports.id=nextval('import_id_seq'::regclass)", "lke_submissions.is_final=false"]
    seqs = pg_server.psql(
        name, "SELECT string_agg(sequence_name, ',' ORDER BY sequence_name) FROM information_schema.sequences"
    )
    assert seqs.strip() == "import_id_seq,portalrb_token_id_seq,rating_id_seq,submission_id_seq"
    indexes = pg_server.psql(
        name,
        "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%lookup' OR indexname LIKE '%_submission' ORDER BY 1",
    )
    assert indexes.split() == [
        "lke_answers_submission",
        "lke_findings_submission",
        "lke_node_scores_submission",
        "lke_readiness_submission",
        "lke_submissions_lookup",
        "mcp_lookup",
        "ombudsman_lookup",
    ]
    con = db.connect(pg_url)  # opening again applies nothing twice
    assert con.execute("SELECT count(*) FROM schema_version").fetchall()[0][0] == len(migrations.MIGRATIONS)
    con.close()


def test_version_1_postgres_database_with_data_gets_the_later_migrations(pg_url, monkeypatch):
    """Migration 4 rebuilds the detail tables and adds is_final: rows survive, is_final is filled."""
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    con = db.connect(pg_url)
    assert migrations.applied(con) == {1}
    for sid, stage in ((1, "self"), (2, "tpi"), (3, "self")):
        con.execute(
            "INSERT INTO lke_submissions (id, unit_code, year, stage, file_name, sha256, layout, "
            "methodology, sheet, incomplete, is_current) VALUES (?, 'U', ?, ?, 'f', 'h', 'legacy', 'm', "
            "'s', FALSE, TRUE)",
            [sid, 2024 if sid < 3 else 2025, stage],
        )
        con.execute("INSERT INTO lke_answers (submission_id, question_id, answered) VALUES (?, 1, TRUE)", [sid])
    con.close()
    monkeypatch.undo()
    con = db.connect(pg_url)
    assert migrations.applied(con) == {n for n, _, _ in migrations.MIGRATIONS}
    assert con.execute("SELECT count(*) FROM lke_answers").fetchall() == [(3,)]
    assert con.execute("SELECT id FROM lke_submissions WHERE is_final ORDER BY id").fetchall() == [(2,), (3,)]
    con.close()


def test_a_failed_migration_changes_nothing_and_the_next_run_applies_it(pg_url, monkeypatch):
    bad = (
        9,
        "broken",
        "CREATE SEQUENCE s9 START 1; CREATE TABLE t9 (id INTEGER DEFAULT nextval('s9'), "
        "x INTEGER); INSERT INTO t9 (x) VALUES (1); SELECT * FROM no_such_table;",
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS + [bad])
    with pytest.raises(Exception, match="no_such_table"):
        db.connect(pg_url)
    good = (9, "fixed", bad[2].replace(" SELECT * FROM no_such_table;", ""))
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:-1] + [good])
    con = db.connect(pg_url)  # the rolled-back sequence and table are created again, not "already exists"
    assert migrations.applied(con) == {n for n, _, _ in migrations.MIGRATIONS}
    con.execute("INSERT INTO t9 (x) VALUES (2)")  # the PostgreSQL default numbers the row
    assert con.execute("SELECT id, x FROM t9 ORDER BY x").fetchall() == [(1, 1), (2, 2)]
    con.close()


# ---------------------------------------------------------------- the demo, the loaders
def test_build_demo_into_postgres_gives_the_totals_of_the_duckdb_file(demo_db, pg_url, capsys, tmp_path):
    assert loaders_main(["build-demo", "--db", pg_url]) == 0
    copy = tmp_path / "demo.duckdb"  # its own copy: the in-process pages hold the original
    shutil.copyfile(demo_db, copy)
    file = db.connect(copy, read_only=True)
    con = db.connect(pg_url)
    try:
        assert lookups.table_counts(con) == lookups.table_counts(file)
        for query in (
            lke_queries.unit_totals,
            lke_queries.area_scores,
            lke_queries.year_summary,
            lke_queries.stage_comparison,
            rating_queries.ombudsman_ratings,
            rating_queries.mcp_scores,
        ):
            want, got = query(db.cursor(file), EVERYTHING), query(db.cursor(con), EVERYTHING)
            assert len(got) > 0
            pd.testing.assert_frame_equal(got, want, obj=query.__name__)
    finally:
        file.close()
        con.close()
    capsys.readouterr()
    assert loaders_main(["build-demo", "--db", pg_url]) == 2  # a non-empty PostgreSQL database is refused
    err = capsys.readouterr().err
    assert "sudah berisi data" in err and "182 baris lke_submissions" in err and "createdb" in err
    assert loaders_main(["build-demo", "--db", pg_url, "--if-empty"]) == 0
    assert "data contoh tidak dibangun" in capsys.readouterr().out


def test_same_file_twice_is_one_submission(pg):
    [first] = ingest_lke(pg, REAL, UNIT, YEAR, "self")
    assert first.status == "loaded" and round(first.total, 2) == 95.63
    before = counts(pg)
    [again] = ingest_lke(pg, REAL, UNIT, YEAR, "self")
    assert again.status == "unchanged" and again.submission_id == first.submission_id
    assert counts(pg) == before and before["lke_submissions"] == 1 and before["imports"] == 1


def test_replace_keeps_history_and_restore_brings_it_back(pg, tmp_path):
    [first] = ingest_lke(pg, REAL, UNIT, YEAR, "self")
    [second] = ingest_lke(pg, real_copy(tmp_path, {"K9": "C"}), UNIT, YEAR, "self")
    assert second.status == "replaced" and second.submission_id > first.submission_id
    rows = pg.execute("SELECT id, is_current, is_final FROM lke_submissions ORDER BY id").fetchall()
    assert rows == [(first.submission_id, False, False), (second.submission_id, True, True)]
    restore_submission(pg, first.submission_id, "eva")
    rows = pg.execute("SELECT id, is_current, is_final FROM lke_submissions ORDER BY id").fetchall()
    assert rows == [(first.submission_id, True, True), (second.submission_id, False, False)]
    log = pg.execute("SELECT id, status FROM imports ORDER BY id").fetchall()
    assert [s for _, s in log] == ["loaded", "replaced", "restored"] and len({i for i, _ in log}) == 3
    versions = submissions.versions(db.cursor(pg), UNIT, YEAR, "self")
    assert dict(zip(versions["submission_id"], versions["is_current"])) == {
        first.submission_id: True,
        second.submission_id: False,
    }
    name, content = submissions.stored_file(db.cursor(pg), second.submission_id)
    assert content[:2] == b"PK" and name == "lke.xlsx"


def test_a_failed_ingest_changes_no_table(pg, tmp_path, monkeypatch):
    import loaders.ingest as ingest

    ingest_lke(pg, REAL, UNIT, YEAR, "self")
    before = counts(pg), pg.execute("SELECT id, is_current FROM lke_submissions ORDER BY id").fetchall()
    with pytest.raises(WorkbookRejected):  # refused while scoring
        ingest_lke(pg, real_copy(tmp_path, {"K9": "Z"}), UNIT, YEAR, "self")
    real_insert = ingest._insert

    def failing(cur, table, cols):  # the database fails half-way through the write transaction
        real_insert(cur, table, cols)
        if table == "lke_scores":
            raise RuntimeError("disk full")

    monkeypatch.setattr(ingest, "_insert", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_lke(pg, real_copy(tmp_path, {"K9": "C"}, name="v2.xlsx"), UNIT, YEAR, "self")
    after = counts(pg), pg.execute("SELECT id, is_current FROM lke_submissions ORDER BY id").fetchall()
    assert after == before
    monkeypatch.undo()  # the connection still works: the same file now lands
    [o] = ingest_lke(pg, real_copy(tmp_path, {"K9": "C"}, name="v2.xlsx"), UNIT, YEAR, "self")
    assert o.status == "replaced"


def test_ratings_load_and_replace_on_postgres(pg):
    from loaders.ratings import ingest_ratings

    folder = ROOT / "data" / "demo" / "ratings"
    first = ingest_ratings(pg, "mcp", folder / "mcp.xlsx", loaded_by="t")
    assert first.status == "loaded" and first.rows > 0
    assert ingest_ratings(pg, "mcp", folder / "mcp.xlsx", loaded_by="t").status == "unchanged"
    om = ingest_ratings(pg, "ombudsman", folder / "ombudsman.xlsx", loaded_by="t")
    assert om.status == "loaded"
    ids = pg.execute("SELECT id FROM mcp_scores UNION ALL SELECT id FROM ombudsman_ratings").fetchall()
    assert len(ids) == len(set(ids)) == first.rows + om.rows
