"""Load regions, instansi, units and milestones from CSV into DuckDB (idempotent upserts)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pantauzi.core.refdata import REFERENCE_DIR
from pantauzi.store import db

TABLES = {
    "regions": ("code",),
    "instansi": ("code",),
    "units": ("code",),
    "zi_milestones": ("unit_code", "kind", "year"),
}


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False).replace({"": None})


def upsert(cur: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> int:
    """Replace rows with the same key, insert the rest."""
    keys = TABLES[table]
    cur.register("_ref", df)
    try:
        cond = " AND ".join(f"t.{k} = _ref.{k}" for k in keys)
        cur.execute(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM _ref WHERE {cond})")
        cols = ", ".join(df.columns)
        cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _ref")
    finally:
        cur.unregister("_ref")
    if table == "units":  # a unit that moved region or instansi moves in the pages' table too
        cur.execute("""UPDATE lke_current c SET region_code = u.region_code, instansi_code = u.instansi_code
                       FROM units u WHERE u.code = c.unit_code
                         AND (c.region_code <> u.region_code OR c.instansi_code <> u.instansi_code)""")
    return len(df)


def load_regions(con: duckdb.DuckDBPyConnection) -> int:
    with db.transaction(con) as cur:
        return upsert(cur, "regions", _read(REFERENCE_DIR / "regions.csv"))


def load_directory(con: duckdb.DuckDBPyConnection, folder: Path, demo: bool = False) -> dict[str, int]:
    """instansi.csv, units.csv and milestones.csv from `folder`, in one transaction."""
    counts: dict[str, int] = {}
    with db.transaction(con) as cur:
        counts["regions"] = upsert(cur, "regions", _read(REFERENCE_DIR / "regions.csv"))
        if (folder / "instansi.csv").exists():
            counts["instansi"] = upsert(cur, "instansi", _read(folder / "instansi.csv"))
        if (folder / "units.csv").exists():
            units = _read(folder / "units.csv")
            for c in ("valid_from", "valid_to"):
                units[c] = pd.to_numeric(units[c]).astype("Int64")
            units["is_demo"] = demo
            counts["units"] = upsert(cur, "units", units)
        if (folder / "milestones.csv").exists():
            ms = _read(folder / "milestones.csv")
            ms["year"] = pd.to_numeric(ms["year"]).astype("Int64")
            ms["date"] = pd.to_datetime(ms["date"]).dt.date
            counts["zi_milestones"] = upsert(cur, "zi_milestones", ms)
    return counts
