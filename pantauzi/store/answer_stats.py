"""The per-submission answer counts behind the evidence columns (lke_answer_stats), rewritten at every write.
Imports no pandas: `ingest-dir` runs without it."""

from __future__ import annotations

import duckdb

from pantauzi.store import migrations


def refresh_stats(cur: duckdb.DuckDBPyConnection, unit_years: str) -> None:
    """Rewrite lke_answer_stats for the unit-years of the relation named `unit_years` (unit_code, year),
    inside the caller's transaction (loaders.ingest.refresh_final, after every write)."""
    cur.execute(
        f"DELETE FROM lke_answer_stats s USING {unit_years} k WHERE s.unit_code = k.unit_code AND s.year = k.year"
    )
    cur.execute("INSERT INTO lke_answer_stats " + migrations.ANSWER_STATS_SELECT.format(unit_years=unit_years))
