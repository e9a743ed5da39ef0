"""Migration 35 on a database of the previous version with data: the answers stay, the new columns are
empty, and lke_answer_stats is filled from the stored answers (evidence, TPI changes)."""

from __future__ import annotations

import duckdb

from pantauzi.store import db, migrations


def test_a_version_30_database_with_answers_upgrades_and_keeps_them(tmp_path):
    path = tmp_path / "v30.duckdb"
    raw = duckdb.connect(str(path))
    migrations.current_version(raw)
    for number, description, sql in migrations.MIGRATIONS:
        if number >= 35:
            continue
        if not sql.lstrip().startswith(migrations.POSTGRES_ONLY):
            raw.execute(sql)
        raw.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", [number, description])
    assert "evidence_link" not in {r[0] for r in raw.execute("DESCRIBE lke_answers").fetchall()}
    for sid, stage in ((1, "self"), (2, "tpi")):
        raw.execute(
            "INSERT INTO lke_submissions (id, unit_code, year, stage, file_name, sha256, layout, methodology, "
            "sheet, incomplete, is_current, is_final) VALUES (?, 'U', 2024, ?, 'f', 'h', 'legacy', 'm', 's', "
            "FALSE, TRUE, ?)",
            [sid, stage, stage == "tpi"],
        )
    # question: (self value, self evidence, tpi value, tpi evidence); None value = unanswered
    answers = {1: (1.0, "SK", 1.0, ""), 2: (1.0, "", 0.5, "laporan"), 3: (None, "", 0.0, ""), 4: (0.5, " ", 0.5, "")}
    for q, (sv, se, tv, te) in answers.items():
        for sid, v, e in ((1, sv, se), (2, tv, te)):
            raw.execute(
                "INSERT INTO lke_answers VALUES (?, ?, ?, ?, ?, ?, 'catatan', ?)",
                [sid, q, f"K{q}", None if v is None else str(v), v, v is not None, e],
            )
    raw.close()
    con = db.connect(path)
    assert 35 in migrations.applied(con)
    got = con.execute(
        "SELECT submission_id, question_id, value, evidence, note, number, evidence_link, unit_note, tpi_note "
        "FROM lke_answers ORDER BY 1, 2"
    ).fetchall()
    assert len(got) == 8 and all(r[5:] == (None, None, None, None) for r in got)
    assert got[1] == (1, 2, 1.0, "", "catatan", None, None, None, None)
    stats = con.execute(
        "SELECT submission_id, stage, answered, with_evidence, tpi_changed FROM lke_answer_stats ORDER BY 1"
    ).fetchall()
    # self: 3 answered, evidence on q1 only (q4's is blank); tpi: 4 answered, evidence on q1 (the unit's),
    # q2 (its own); changed: q2 (1 -> 0.5) and q3 (unanswered -> 0)
    assert stats == [(1, "self", 3, 1, 2), (2, "tpi", 4, 2, 2)]
    con.close()
