"""The first-WBK rule of the readiness criterion 'WBBM needs a WBK predicate of an earlier year', written
once: loaders.ingest and loaders.bulk read it when a submission is scored, pantauzi.store.milestones
applies it again to stored submissions when the milestones change, the PortalRB queries show it.
No pandas here: `loaders ingest-dir` runs without it."""

from __future__ import annotations

import duckdb

# unit -> the year of its first WBK predicate: a submission of a later year holds WBK
FIRST_WBK = "SELECT unit_code, min(year) AS first_wbk FROM zi_milestones WHERE kind = 'wbk' GROUP BY unit_code"


def first_wbk(cur: duckdb.DuckDBPyConnection, units: list[str] | None = None) -> dict[str, int]:
    """Unit -> year of its first WBK predicate (of `units`, or of every unit)."""
    if units is None:
        return {u: int(y) for u, y in cur.execute(FIRST_WBK).fetchall()}
    rows = cur.execute(f"SELECT * FROM ({FIRST_WBK}) WHERE list_contains(?, unit_code)", [units]).fetchall()
    return {u: int(y) for u, y in rows}
