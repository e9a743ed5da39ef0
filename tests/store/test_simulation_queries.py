"""Simulasi's reads on the demo database: the latest stage of a unit-year, its answers, a prior WBK."""

from __future__ import annotations

from pantauzi.store import db
from pantauzi.store import simulation_queries as q


def test_latest_stage_answers_and_prior_wbk(demo_db):
    with db.connect(demo_db) as cur:  # the configuration the in-process pages use
        sub = q.latest_submission(cur, "53.02-DPMPTSP", 2024)
        assert len(sub) == 1 and sub["stage"].iloc[0] == "tpi"  # the unit has self and TPI: TPI is latest
        stages = cur.execute(
            "SELECT stage FROM lke_submissions WHERE unit_code = '53.02-DPMPTSP' AND year = 2024 AND is_current"
        ).fetchall()
        assert {s for (s,) in stages} >= {"self", "tpi"}
        ans = q.answers(cur, int(sub["submission_id"].iloc[0]))
        assert len(ans) == 127 and ans["question_id"].is_unique
        assert q.latest_submission(cur, "53.02-DPMPTSP", 1990).empty
        assert q.holds_wbk(cur, "81-KEJATI", 2023) and not q.holds_wbk(cur, "81-KEJATI", 2022)
