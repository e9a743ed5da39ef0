"""Storing a rating file: validated rows in one transaction; the same file twice changes nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from loaders.ratings import mcp, ombudsman, tables
from pantauzi.core.problems import CellProblem, WorkbookRejected
from pantauzi.core.vocab import ImportStatus
from pantauzi.store import db


@dataclass(frozen=True)
class RatingOutcome:
    status: ImportStatus  # loaded | replaced | unchanged
    kind: str
    rows: int
    replaced: int
    warnings: tuple[CellProblem, ...]


TABLE_KEYS = {
    "ombudsman": ("ombudsman_ratings", ("entity_key", "year")),
    "mcp": ("mcp_scores", ("region_code", "year", "area_key")),
}


def _store(
    cur: duckdb.DuckDBPyConnection,
    kind: str,
    records: list[dict[str, Any]],
    label: str,
    digest: str,
    loaded_by: str | None,
) -> tuple[ImportStatus, int]:
    table, keys = TABLE_KEYS[kind]
    current = cur.execute(
        f"SELECT count(*) FILTER (WHERE sha256 = ?), count(*) FROM {table} WHERE is_current", [digest]
    ).fetchall()[0]
    if records and current[0] == len(records):
        return "unchanged", 0
    cur.register("_keys", pa.table({k: [r[k] for r in records] for k in keys}))
    try:
        # counted, then updated: PostgreSQL tables attached by DuckDB take no UPDATE ... RETURNING
        cond = " AND ".join(f"t.{k} = _keys.{k}" for k in keys)
        replaced = cur.execute(f"SELECT count(*) FROM {table} t JOIN _keys ON {cond} WHERE t.is_current").fetchall()[0][
            0
        ]
        if replaced:
            cur.execute(f"UPDATE {table} t SET is_current = FALSE FROM _keys WHERE t.is_current AND {cond}")
    finally:
        cur.unregister("_keys")
    status: ImportStatus = "replaced" if replaced else "loaded"
    import_id = db.next_ids(cur, "import_id_seq", 1)[0]
    cur.execute(
        "INSERT INTO imports (id, kind, file_name, sha256, status, loaded_by, message) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [import_id, kind, label, digest, status, loaded_by, f"{len(records)} baris"],
    )
    ids = db.next_ids(cur, "rating_id_seq", len(records))
    cols = [c for c in records[0]] if records else []
    data = {c: [r[c] for r in records] for c in cols}
    data.update(
        id=ids,
        file_name=[label] * len(ids),
        sha256=[digest] * len(ids),
        import_id=[import_id] * len(ids),
        is_current=[True] * len(ids),
    )
    if records:
        cur.register("_rows", pa.table(data))
        try:
            cur.execute(f"INSERT INTO {table} ({', '.join(data)}) SELECT * FROM _rows")
        finally:
            cur.unregister("_rows")
    return status, int(replaced)


def ingest_ratings(
    con: duckdb.DuckDBPyConnection, kind: str, path: str | Path, label: str | None = None, loaded_by: str | None = None
) -> RatingOutcome:
    """Validate and store an Ombudsman or MCP file. Raises WorkbookRejected; then nothing is written."""
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise WorkbookRejected(label, [CellProblem(label, None, None, "berkas tidak ditemukan")])
    data, owners = tables.read_tables(path, label, kind)
    with db.cursor(con) as cur:
        has_regions = cur.execute("SELECT count(*) FROM regions").fetchall()[0][0] > 0
    if not has_regions:  # the Kemendagri codes ship with PantauZI: a new database gets them first
        from loaders.reference_tables import load_regions

        load_regions(con)
    if kind == "ombudsman":
        records, problems = ombudsman.parse_ombudsman(con, data, label)
        owner_rows: list[dict[str, Any]] = []
    else:
        records, owner_rows, problems = mcp.parse_mcp(con, data, owners, label)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise WorkbookRejected(label, errors)
    if not records:
        raise WorkbookRejected(label, [CellProblem(label, data.sheet, None, "tidak ada baris data")])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with db.transaction(con) as cur:
        status, replaced = _store(cur, kind, records, label, digest, loaded_by)
        if owner_rows and status != "unchanged":
            cur.executemany(
                "INSERT OR REPLACE INTO mcp_area_owners VALUES (?, ?, ?, ?)",
                [[o["region_code"], o["comparable_area"], o["unit_code"], o["file_name"]] for o in owner_rows],
            )
    return RatingOutcome(status, kind, len(records), replaced, tuple(p for p in problems if p.severity == "warning"))
