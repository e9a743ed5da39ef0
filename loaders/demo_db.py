"""The demo database: reference tables, every demo workbook and rating file, through the real loaders."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pantauzi.core.problems import WorkbookRejected

if TYPE_CHECKING:  # imported where used: the CLI starts without DuckDB
    import duckdb


class DemoRefused(Exception):
    """The demo cannot be built into that store; the message says why (Indonesian)."""


def _fill_demo(con: duckdb.DuckDBPyConnection, folder: Path) -> tuple[int, int]:
    """Reference tables, every manifest workbook and the rating files of `folder`; -> (submissions, files)."""
    from loaders.bulk import ingest_dir
    from loaders.ratings import ingest_ratings
    from loaders.reference_tables import load_directory
    from pantauzi.core.problems import CellProblem

    load_directory(con, folder, demo=True)
    rows = ingest_dir(con, folder, progress=False, loaded_by="demo", manifest_only=True)
    bad = [r for r in rows if r.status == "rejected"]
    if bad:
        raise WorkbookRejected(bad[0].file, [CellProblem(bad[0].file, None, None, bad[0].reason)])
    for kind in ("ombudsman", "mcp"):
        ratings_file = folder / "ratings" / f"{kind}.xlsx"
        if ratings_file.exists():
            ingest_ratings(con, kind, ratings_file, label=f"ratings/{kind}.xlsx", loaded_by="demo")
    return len(rows), len({r.file for r in rows})


def _holds_data(con: duckdb.DuckDBPyConnection) -> str | None:
    """'12 unit, 40 pengajuan, ...' when the store holds any data, else None."""
    from pantauzi.store import db, lookups

    with db.cursor(con) as cur:
        counts = lookups.table_counts(cur)
    held = {t: n for t, n in counts.items() if n}
    return ", ".join(f"{n} baris {t}" for t, n in held.items()) if held else None


def build(target_db: str, demo_dir: Path | None = None, if_empty: bool = False) -> str:
    """Build the demo database from `demo_dir` (default data/demo) through the real loaders; -> the message.
    Raises DemoRefused (message for the user) or WorkbookRejected."""
    from pantauzi.core import config
    from pantauzi.store import db

    folder = demo_dir or config.demo_dir()
    manifest = folder / "manifest.csv"
    if not manifest.exists():
        raise DemoRefused(f"Berkas manifest '{manifest}' tidak ditemukan.")
    started = time.perf_counter()
    shown = db.describe(target_db)
    if db.is_url(target_db):  # PostgreSQL: built in place, only into an empty database
        try:
            con = db.connect(target_db)
        except db.DatabaseError as exc:
            raise DemoRefused(f"{exc}.") from None
        try:
            held = _holds_data(con)
            if held and if_empty:
                return f"Basis data {shown} sudah berisi data ({held}); data contoh tidak dibangun."
            if held:
                raise DemoRefused(
                    f"Basis data PostgreSQL '{shown}' sudah berisi data ({held}). build-demo hanya "
                    "mengisi basis data yang kosong: buat basis data baru (createdb) atau kosongkan "
                    "yang ini lebih dulu."
                )
            try:
                n, files = _fill_demo(con, folder)
            except WorkbookRejected:
                print(
                    f"Basis data PostgreSQL '{shown}' kini berisi data contoh yang belum lengkap; kosongkan "
                    "(mis. dropdb lalu createdb) sebelum mencoba lagi.",
                    file=sys.stderr,
                )
                raise
        finally:
            con.close()
    else:  # a DuckDB file: built beside the target, then renamed, so it appears whole or not at all
        target = Path(target_db)
        if if_empty and target.exists():
            con = db.connect(target, read_only=True)
            try:
                held = _holds_data(con)
            finally:
                con.close()
            if held:
                return f"Basis data {shown} sudah berisi data ({held}); data contoh tidak dibangun."
        tmp = target.with_name(target.name + ".building")
        tmp.unlink(missing_ok=True)
        con = db.connect(tmp)
        try:
            n, files = _fill_demo(con, folder)
            con.execute("CHECKPOINT")
        except WorkbookRejected:
            con.close()
            tmp.unlink(missing_ok=True)
            raise
        con.close()
        tmp.replace(target)
    return (
        f"Basis data contoh dibangun: {n} pengajuan dari {files} workbook "
        f"dalam {time.perf_counter() - started:.1f} s -> {shown}"
    )
