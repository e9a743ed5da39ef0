"""Versioned migrations, one list for both stores. Opening an older database applies the missing ones
in order. On PostgreSQL (attached by DuckDB's postgres extension) the same statements run through DuckDB;
the few the extension refuses run natively on PostgreSQL with the same meaning (see `pantauzi.store.postgres_ddl`)."""

from __future__ import annotations

import duckdb

from pantauzi.store import postgres_ddl

# A migration whose SQL starts with this line is physical design for PostgreSQL only: on a DuckDB
# database it is recorded as applied without running.
POSTGRES_ONLY = "-- postgres only"

# The rows of lke_answer_stats for the unit-years of the relation {unit_years} (unit_code, year): one
# scan of those unit-years' current answers, pivoted per question (migration 35; refresh_stats).
_EVIDENCE_GIVEN = "(coalesce(trim(a.evidence), '') <> '' OR coalesce(trim(a.evidence_link), '') <> '')"
ANSWER_STATS_SELECT = f"""
WITH cur AS (
    SELECT s.id AS sid, s.unit_code, s.year, s.stage
    FROM lke_submissions s JOIN {{unit_years}} k ON k.unit_code = s.unit_code AND k.year = s.year
    WHERE s.is_current),
per_q AS (
    SELECT c.unit_code, c.year, a.question_id,
           bool_or(a.answered) FILTER (WHERE c.stage = 'self') AS self_ans,
           max(a.value) FILTER (WHERE c.stage = 'self') AS self_v,
           bool_or({_EVIDENCE_GIVEN}) FILTER (WHERE c.stage = 'self') AS self_ev,
           bool_or(a.answered) FILTER (WHERE c.stage = 'tpi') AS tpi_ans,
           max(a.value) FILTER (WHERE c.stage = 'tpi') AS tpi_v,
           bool_or({_EVIDENCE_GIVEN}) FILTER (WHERE c.stage = 'tpi') AS tpi_ev,
           bool_or(a.answered) FILTER (WHERE c.stage = 'tpn') AS tpn_ans,
           bool_or({_EVIDENCE_GIVEN}) FILTER (WHERE c.stage = 'tpn') AS tpn_ev
    FROM cur c JOIN lke_answers a ON a.submission_id = c.sid  -- a plain join: its filter reaches the scan
    GROUP BY ALL),
per_uy AS (
    SELECT unit_code, year,
           count(*) FILTER (WHERE self_ans) AS self_answered,
           count(*) FILTER (WHERE self_ans AND self_ev) AS self_with,
           count(*) FILTER (WHERE tpi_ans) AS tpi_answered,
           count(*) FILTER (WHERE tpi_ans AND (tpi_ev OR coalesce(self_ev, FALSE))) AS tpi_with,
           count(*) FILTER (WHERE tpn_ans) AS tpn_answered,
           count(*) FILTER (WHERE tpn_ans AND (tpn_ev OR coalesce(self_ev, FALSE))) AS tpn_with,
           count(*) FILTER (WHERE tpi_ans AND (NOT coalesce(self_ans, FALSE) OR self_v IS DISTINCT FROM tpi_v))
               AS changed,
           bool_or(self_ans IS NOT NULL) AND bool_or(tpi_ans IS NOT NULL) AS both_stages
    FROM per_q GROUP BY ALL)
SELECT c.sid, c.unit_code, c.year, c.stage,
       CASE c.stage WHEN 'self' THEN u.self_answered WHEN 'tpi' THEN u.tpi_answered ELSE u.tpn_answered END,
       CASE c.stage WHEN 'self' THEN u.self_with WHEN 'tpi' THEN u.tpi_with ELSE u.tpn_with END,
       CASE WHEN u.both_stages THEN u.changed END
FROM cur c JOIN per_uy u ON u.unit_code = c.unit_code AND u.year = c.year
ORDER BY c.unit_code, c.year, c.stage"""

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "regions, instansi, units, milestones, imports, LKE submissions and derived scores",
        """
CREATE TABLE regions (
    code VARCHAR PRIMARY KEY,          -- Kemendagri code: 81, 81.71, 81.71.01
    name VARCHAR NOT NULL,
    level VARCHAR NOT NULL,            -- provinsi | kabkota | kecamatan
    parent_code VARCHAR
);
CREATE TABLE instansi (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,             -- pemprov | pemkab | pemkot | kejaksaan | kementerian | lembaga
    region_code VARCHAR NOT NULL
);
CREATE TABLE units (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    instansi_code VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,      -- where the unit sits (provinsi or kab/kota level)
    unit_type VARCHAR NOT NULL,        -- dinas | badan | kejati | kejari | rsud | kecamatan | ...
    valid_from INTEGER,
    valid_to INTEGER,
    predecessor_code VARCHAR,          -- reorganised OPDs point at the unit they replace
    is_demo BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE zi_milestones (
    unit_code VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,             -- pencanangan | diusulkan | wbk | wbbm | dicabut
    year INTEGER NOT NULL,
    date DATE,
    note VARCHAR,
    source VARCHAR,
    PRIMARY KEY (unit_code, kind, year)
);
CREATE SEQUENCE import_id_seq START 1;
CREATE TABLE imports (
    id INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'),
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    kind VARCHAR NOT NULL,             -- lke | demo
    file_name VARCHAR,
    sha256 VARCHAR,
    unit_code VARCHAR,
    year INTEGER,
    stage VARCHAR,
    status VARCHAR NOT NULL,           -- loaded | unchanged | replaced | rejected
    message VARCHAR,
    submission_id INTEGER,
    loaded_by VARCHAR
);
CREATE TABLE stored_files (
    sha256 VARCHAR PRIMARY KEY,
    content BLOB NOT NULL
);
CREATE SEQUENCE submission_id_seq START 1;
CREATE TABLE lke_submissions (
    id INTEGER PRIMARY KEY,
    unit_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    stage VARCHAR NOT NULL,            -- self | tpi | tpn
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    layout VARCHAR NOT NULL,           -- legacy | portalrb
    methodology VARCHAR NOT NULL,
    sheet VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    loaded_by VARCHAR,
    incomplete BOOLEAN NOT NULL,
    is_current BOOLEAN NOT NULL,
    import_id INTEGER
);
CREATE TABLE lke_answers (
    submission_id INTEGER NOT NULL,
    question_id INTEGER NOT NULL,
    cell VARCHAR,
    raw VARCHAR,
    value DOUBLE,
    answered BOOLEAN NOT NULL,
    note VARCHAR,
    evidence VARCHAR,
    PRIMARY KEY (submission_id, question_id)
);
CREATE TABLE lke_node_scores (
    submission_id INTEGER NOT NULL,
    node_id VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    part VARCHAR,
    area_key VARCHAR,
    name VARCHAR NOT NULL,
    weight DOUBLE NOT NULL,
    score DOUBLE NOT NULL,
    items INTEGER NOT NULL,
    answered_items INTEGER NOT NULL,
    unanswered INTEGER NOT NULL,
    is_leaf BOOLEAN NOT NULL,
    partial BOOLEAN NOT NULL,
    empty BOOLEAN NOT NULL,
    PRIMARY KEY (submission_id, node_id)
);
CREATE TABLE lke_area_scores (
    submission_id INTEGER NOT NULL,
    area_key VARCHAR NOT NULL,
    area_order INTEGER NOT NULL,
    area_name VARCHAR NOT NULL,
    pemenuhan DOUBLE NOT NULL,
    reform DOUBLE NOT NULL,
    score DOUBLE NOT NULL,
    weight DOUBLE NOT NULL,
    pct DOUBLE NOT NULL,
    PRIMARY KEY (submission_id, area_key)
);
CREATE TABLE lke_scores (
    submission_id INTEGER PRIMARY KEY,
    total DOUBLE NOT NULL,
    pengungkit DOUBLE NOT NULL,
    hasil DOUBLE NOT NULL,
    pemenuhan DOUBLE NOT NULL,
    reform DOUBLE NOT NULL,
    hasil_bersih DOUBLE NOT NULL,
    ipak DOUBLE NOT NULL,
    capaian DOUBLE NOT NULL,
    ipkp DOUBLE NOT NULL,
    workbook_total DOUBLE,
    differences INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    unanswered INTEGER NOT NULL,
    incomplete BOOLEAN NOT NULL,
    readiness VARCHAR NOT NULL,        -- wbbm | wbk | belum
    wbbm_needs_wbk BOOLEAN NOT NULL
);
CREATE TABLE lke_readiness (
    submission_id INTEGER NOT NULL,
    level VARCHAR NOT NULL,
    criterion VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    value DOUBLE,
    threshold DOUBLE,
    passed BOOLEAN NOT NULL,
    decisive BOOLEAN NOT NULL,
    PRIMARY KEY (submission_id, level, criterion)
);
CREATE TABLE lke_findings (
    submission_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,             -- difference | warning
    sheet VARCHAR,
    cell VARCHAR,
    message VARCHAR NOT NULL,
    workbook VARCHAR,
    recomputed DOUBLE
);
CREATE INDEX lke_submissions_lookup ON lke_submissions (unit_code, year, stage);
""",
    ),
    (
        2,
        "Ombudsman RI ratings and KPK MCP scores with history, MCP area owners per pemda",
        """
CREATE SEQUENCE rating_id_seq START 1;
CREATE TABLE ombudsman_ratings (
    id INTEGER PRIMARY KEY,
    level VARCHAR NOT NULL,            -- pemda | opd
    region_code VARCHAR NOT NULL,      -- the pemda (an OPD's pemda)
    unit_code VARCHAR,                 -- a registered unit, when the rated OPD is one
    entity_key VARCHAR NOT NULL,       -- region code, unit code, or region code + '|' + published OPD name
    entity_name VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    methodology VARCHAR NOT NULL,
    score DOUBLE,                      -- NULL when only a zone / opini was published
    zone VARCHAR,                      -- hijau | kuning | merah: from the score by the year's bands
    category VARCHAR,                  -- A-E (2022+) from the score
    published_zone VARCHAR,            -- as published, when given
    published_category VARCHAR,
    dim_input DOUBLE, dim_proses DOUBLE, dim_output DOUBLE, dim_pengaduan DOUBLE, dim_kepercayaan DOUBLE,
    source VARCHAR,
    synthetic BOOLEAN NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    import_id INTEGER NOT NULL,
    is_current BOOLEAN NOT NULL
);
CREATE INDEX ombudsman_lookup ON ombudsman_ratings (region_code, year);
CREATE TABLE mcp_scores (
    id INTEGER PRIMARY KEY,
    region_code VARCHAR NOT NULL,      -- the pemda
    year INTEGER NOT NULL,
    area_key VARCHAR NOT NULL,         -- 'total' or one of that year's own areas
    score DOUBLE NOT NULL,
    source VARCHAR,
    synthetic BOOLEAN NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    import_id INTEGER NOT NULL,
    is_current BOOLEAN NOT NULL
);
CREATE INDEX mcp_lookup ON mcp_scores (region_code, year);
CREATE TABLE mcp_area_owners (
    region_code VARCHAR NOT NULL,      -- per pemda, overriding the convention of the reference data
    comparable_area VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    file_name VARCHAR,
    PRIMARY KEY (region_code, comparable_area)
);
""",
    ),
    # 2 and 3 are taken by parallel work (ratings, reports); migrate() applies any missing number
    (
        4,
        "national scale: detail tables without per-row key indexes; is_final per unit-year",
        """
-- An ART index per row of answers, node scores and readiness (tens of millions of rows nationally)
-- costs more disk than the data and is loaded whole into memory on the first write; submission ids
-- come from a sequence and each submission's rows are written once by loaders.ingest.store, so the
-- keys stay unique by construction. Rows stay in submission order: zone maps find one submission.
CREATE TABLE lke_answers_v4 (
    submission_id INTEGER NOT NULL, question_id INTEGER NOT NULL, cell VARCHAR, raw VARCHAR, value DOUBLE,
    answered BOOLEAN NOT NULL, note VARCHAR, evidence VARCHAR);
INSERT INTO lke_answers_v4 SELECT * FROM lke_answers ORDER BY submission_id, question_id;
DROP TABLE lke_answers;
ALTER TABLE lke_answers_v4 RENAME TO lke_answers;
CREATE TABLE lke_node_scores_v4 (
    submission_id INTEGER NOT NULL, node_id VARCHAR NOT NULL, level VARCHAR NOT NULL, part VARCHAR,
    area_key VARCHAR, name VARCHAR NOT NULL, weight DOUBLE NOT NULL, score DOUBLE NOT NULL,
    items INTEGER NOT NULL, answered_items INTEGER NOT NULL, unanswered INTEGER NOT NULL,
    is_leaf BOOLEAN NOT NULL, partial BOOLEAN NOT NULL, empty BOOLEAN NOT NULL);
INSERT INTO lke_node_scores_v4 SELECT * FROM lke_node_scores ORDER BY submission_id, node_id;
DROP TABLE lke_node_scores;
ALTER TABLE lke_node_scores_v4 RENAME TO lke_node_scores;
CREATE TABLE lke_readiness_v4 (
    submission_id INTEGER NOT NULL, level VARCHAR NOT NULL, criterion VARCHAR NOT NULL, label VARCHAR NOT NULL,
    value DOUBLE, threshold DOUBLE, passed BOOLEAN NOT NULL, decisive BOOLEAN NOT NULL);
INSERT INTO lke_readiness_v4 SELECT * FROM lke_readiness ORDER BY submission_id, level, criterion;
DROP TABLE lke_readiness;
ALTER TABLE lke_readiness_v4 RENAME TO lke_readiness;
-- The submission the pages show for a unit-year under 'Tahap terakhir tersedia' (the current one of
-- the latest stage: tpn, else tpi, else self), kept by loaders.ingest at every write, so no page
-- ranks the stages of every submission again. (DuckDB alters no table that has an index.)
DROP INDEX lke_submissions_lookup;
ALTER TABLE lke_submissions ADD COLUMN is_final BOOLEAN DEFAULT FALSE;
UPDATE lke_submissions s SET is_final = TRUE FROM (
    SELECT id, row_number() OVER (PARTITION BY unit_code, year
                                  ORDER BY CASE stage WHEN 'tpn' THEN 1 WHEN 'tpi' THEN 2 ELSE 3 END) AS rk
    FROM lke_submissions WHERE is_current) f
WHERE s.id = f.id AND f.rk = 1;
CREATE INDEX lke_submissions_lookup ON lke_submissions (unit_code, year, stage);
""",
    ),
    (
        5,
        "PostgreSQL: find one submission's detail rows by index",
        f"""{POSTGRES_ONLY}
-- DuckDB finds one submission's rows of the big detail tables by zone maps over rows kept in
-- submission order (migration 4); PostgreSQL has no zone maps and would read the whole table for
-- the criteria, sub-areas or notes of one submission. A btree per table there, nothing in DuckDB.
CREATE INDEX lke_answers_submission ON lke_answers (submission_id);
CREATE INDEX lke_node_scores_submission ON lke_node_scores (submission_id);
CREATE INDEX lke_readiness_submission ON lke_readiness (submission_id);
CREATE INDEX lke_findings_submission ON lke_findings (submission_id);
""",
    ),
    (
        6,
        "lke_current: every current submission with its unit's region/instansi and its totals, for the pages",
        """
-- What every page filters and aggregates (the current version of each unit/year/stage, which one is
-- final, the unit's region and instansi, the totals and readiness) in one narrow table, kept by
-- loaders.ingest.refresh_final at every write and by loaders.reference_tables when units move: a
-- national page scans it alone instead of joining submissions, units and scores on every view.
CREATE TABLE lke_current (
    submission_id INTEGER NOT NULL, unit_code VARCHAR NOT NULL, region_code VARCHAR NOT NULL,
    instansi_code VARCHAR NOT NULL, year INTEGER NOT NULL, stage VARCHAR NOT NULL, is_final BOOLEAN NOT NULL,
    total DOUBLE NOT NULL, pengungkit DOUBLE NOT NULL, hasil DOUBLE NOT NULL, pemenuhan DOUBLE NOT NULL,
    reform DOUBLE NOT NULL, readiness VARCHAR NOT NULL, incomplete BOOLEAN NOT NULL, wbbm_needs_wbk BOOLEAN NOT NULL,
    differences INTEGER NOT NULL);
INSERT INTO lke_current
SELECT s.id, s.unit_code, u.region_code, u.instansi_code, s.year, s.stage, s.is_final, t.total, t.pengungkit,
       t.hasil, t.pemenuhan, t.reform, t.readiness, t.incomplete, t.wbbm_needs_wbk, t.differences
FROM lke_submissions s JOIN lke_scores t ON t.submission_id = s.id JOIN units u ON u.code = s.unit_code
WHERE s.is_current ORDER BY u.region_code, s.unit_code, s.year, s.stage;
""",
    ),
    (
        7,
        "lke_current: find one unit's rows by index",
        """
-- A unit's page (Profil OPD, a unit picked in the sidebar) reads its few rows of lke_current; without
-- an index that is a scan of the whole table (its min/max per row group cannot narrow a unit down).
-- DuckDB uses the index when the unit is the scan's only condition: pantauzi.store.queries looks the unit's
-- rows up first and filters them afterwards.
CREATE INDEX lke_current_unit ON lke_current (unit_code);
""",
    ),
    (
        20,
        "login_audit: every sign-in attempt (who, when, from where, why); the state sign-in throttling reads",
        """
-- One row per attempt on the sign-in form, kept by pantauzi.store.signin. It is the audit admins read
-- and the state pantauzi.core.signin decides from, so a hold holds across every replica of the app.
-- Never a password: an unknown username is stored as '?' + a keyed hash of what was typed.
CREATE TABLE login_audit (
    id VARCHAR NOT NULL,               -- random, so an attempt first written as failed can be marked ok
    "at" TIMESTAMP NOT NULL,           -- UTC (quoted: AT is a keyword)
    username VARCHAR NOT NULL,
    ok BOOLEAN NOT NULL,
    client VARCHAR,                    -- the client address Streamlit reports, when it reports one
    reason VARCHAR NOT NULL            -- ok | wrong_password | unknown_user | held_user | held_client
);
""",
    ),
    # 20-29 are taken by parallel work; the PortalRB integration API starts at 30
    (
        30,
        "PortalRB integration API: tokens per instansi (hash only), access log, proposed units per year",
        """
-- A token is shown once and stored only as the sha256 of its text; revoking keeps the row (the log
-- refers to it). rate_limit: calls per minute for this token (NULL: the configured default).
CREATE SEQUENCE portalrb_token_id_seq START 1;
CREATE TABLE portalrb_tokens (
    id INTEGER PRIMARY KEY,
    instansi_code VARCHAR NOT NULL,
    token_sha256 VARCHAR NOT NULL,
    label VARCHAR,
    rate_limit INTEGER,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR,
    revoked_at TIMESTAMP,
    revoked_by VARCHAR
);
-- Every API call, answered or refused: who (token id, NULL when no valid token), what, the result,
-- and the stamp of the body served (pantauzi.core.portalrb.stamp) to tell a later change.
CREATE TABLE portalrb_access_log (
    called_at TIMESTAMP NOT NULL,
    token_id INTEGER,
    instansi_code VARCHAR,
    endpoint VARCHAR NOT NULL,         -- unit-wbk | unit-wbbm | jawaban-unit | other
    path VARCHAR NOT NULL,
    unit_code VARCHAR,
    year INTEGER,
    status INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    ms DOUBLE NOT NULL,
    body_stamp VARCHAR
);
-- The units an instansi proposes to KemenPANRB for a year (what /pengusulan/unit-wbk|unit-wbbm serve).
CREATE TABLE portalrb_pengusulan (
    instansi_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    unit_code VARCHAR NOT NULL,
    kategori VARCHAR NOT NULL,         -- WBK | WBK-AFIRMASI | WBBM
    saved_by VARCHAR,
    saved_at TIMESTAMP NOT NULL
);
""",
    ),
    (
        35,
        "lke_answers: the workbook's numbering, the evidence link, the unit's and the TPI's notes per answer",
        """
-- What a workbook holds per answer beside note and evidence, for the Rincian Jawaban page (issue 21):
-- number         the workbook's own numbering of the question (legacy: 'a.' left of the label;
--                PortalRB: the ID Soal in column A; jawaban-unit JSON: the soal_id)
-- evidence_link  legacy: column Q (link); PortalRB and JSON: the first http(s) address in the evidence
-- unit_note      the unit's note where the layout has a column of its own (PortalRB L, catatan_unit)
-- tpi_note       the TPI's note where the layout has a column of its own (PortalRB Q, catatan_tpi), so a
--                self-assessment file that the TPI annotated keeps the TPI's notes
-- NULL where the layout has no such cell and in rows stored before this migration (legacy `note` is
-- column O whoever filled it). Added columns keep the rows in place (submission order, migration 4).
ALTER TABLE lke_answers ADD COLUMN number VARCHAR;
ALTER TABLE lke_answers ADD COLUMN evidence_link VARCHAR;
ALTER TABLE lke_answers ADD COLUMN unit_note VARCHAR;
ALTER TABLE lke_answers ADD COLUMN tpi_note VARCHAR;
-- Per current submission, what Ringkasan, Area Perubahan and the recap show per unit (issue 21 part 2)
-- without reading tens of millions of answers per view: answered questions, those with evidence (in
-- the submission itself or, for TPI/TPN, in the unit's own self-assessment of the unit-year: the teams
-- judge the unit's evidence), and the questions the TPI changed (the TPI answered and the unit did not,
-- or differently; NULL unless the unit-year has both a self and a TPI submission). Rewritten for the
-- unit-years of every write by loaders.ingest.refresh_final (pantauzi.store.answer_stats.refresh_stats).
CREATE TABLE lke_answer_stats (
    submission_id INTEGER NOT NULL, unit_code VARCHAR NOT NULL, year INTEGER NOT NULL, stage VARCHAR NOT NULL,
    answered INTEGER NOT NULL, with_evidence INTEGER NOT NULL, tpi_changed INTEGER);
INSERT INTO lke_answer_stats
"""
        + ANSWER_STATS_SELECT.format(
            unit_years="(SELECT DISTINCT unit_code, year FROM lke_submissions WHERE is_current)"
        )
        + ";\n",
    ),
    (
        40,
        "zi_milestones: the decree number (SK) of a milestone",
        """
-- The SK (surat keputusan) that awarded a predicate, or announced a pencanangan or revocation, as the
-- Predikat ZI form and template record it (pantauzi.store.milestones); NULL where not recorded.
ALTER TABLE zi_milestones ADD COLUMN decree VARCHAR;
""",
    ),
    (
        42,
        "signin_sessions: browser sessions after a form sign-in (hashes only); user_changes: who changed which user",
        """
-- A form sign-in writes a row with a one-time hand-off token (its sha256; valid for a minute); the
-- browser redeems it once at /masuk/sesi for the session cookie, whose value is stored only as its
-- sha256 too. Every replica reads the same rows, so "Keluar" (revoked_at) ends the session everywhere.
CREATE TABLE signin_sessions (
    id VARCHAR NOT NULL,               -- random; what a Streamlit session keeps to revoke its own row
    username VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,     -- UTC, like every time the store keeps
    expires_at TIMESTAMP NOT NULL,     -- the configured expiry from the sign-in
    handoff_sha256 VARCHAR,            -- NULL once redeemed: a token works once
    handoff_expires_at TIMESTAMP NOT NULL,
    session_sha256 VARCHAR,            -- the cookie's value, hashed; NULL until the hand-off
    client VARCHAR,
    revoked_at TIMESTAMP
);
-- Adding, changing, removing a user and resetting a password (Pengguna page or the command line).
CREATE TABLE user_changes (
    "at" TIMESTAMP NOT NULL,           -- UTC
    changed_by VARCHAR NOT NULL,       -- the admin's username, or 'cli'
    username VARCHAR NOT NULL,
    action VARCHAR NOT NULL            -- added | updated | removed | password_reset
);
""",
    ),
]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
        "description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    rows = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()
    return int(rows[0][0]) if rows else 0


def applied(con: duckdb.DuckDBPyConnection) -> set[int]:
    current_version(con)  # creates schema_version if needed
    return {int(r[0]) for r in con.execute("SELECT version FROM schema_version").fetchall()}


def missing(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Numbers of the migrations not applied yet (reads only: creates nothing)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND table_name = 'schema_version'"
    ).fetchall()[0][0]
    done = {int(r[0]) for r in con.execute("SELECT version FROM schema_version").fetchall()} if exists else set()
    return [n for n, _, _ in MIGRATIONS if n not in done]


def postgres_catalog(con: duckdb.DuckDBPyConnection) -> str | None:
    """The name of the attached PostgreSQL catalog `con` works in, None for a DuckDB database."""
    rows = con.execute(
        "SELECT database_name FROM duckdb_databases() WHERE database_name = current_database() AND type = 'postgres'"
    ).fetchall()
    return rows[0][0] if rows else None


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every missing migration in number order, each in its own transaction. Returns the new
    version. A number is skipped only if it was applied, not because a higher one was (parallel
    branches number their migrations apart and merge later). On PostgreSQL the caller serializes
    concurrent migrators (pantauzi.store.db.connect holds the cross-process write lock)."""
    done = applied(con)
    version = max(done, default=0)
    catalog = postgres_catalog(con)
    for number, description, sql in MIGRATIONS:
        if number in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            if catalog is None:
                if not sql.lstrip().startswith(POSTGRES_ONLY):
                    con.execute(sql)
            else:
                for native, statement in postgres_ddl.postgres_steps(sql):
                    con.execute(
                        f"CALL postgres_execute({postgres_ddl.literal(catalog)}, {postgres_ddl.literal(statement)})"
                        if native
                        else statement
                    )
            con.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", [number, description])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            if catalog is not None:
                con.execute("CALL pg_clear_cache()")  # DuckDB's cached catalog may hold rolled-back tables
            raise
        version = max(version, number)
    if catalog is not None:
        con.execute("CALL pg_clear_cache()")  # native DDL (defaults) is not in DuckDB's cached catalog
    return version
