"""The one connection factory and the one writer path.

Two stores, one SQL: the embedded DuckDB file (default), or a PostgreSQL database that DuckDB attaches
through its ``postgres`` extension (``PANTAUZI_DATABASE_URL=postgresql://...``). DuckDB stays the query
engine in every process, so queries, loaders and migrations run unchanged on both; what PostgreSQL
needs on top (sequences, cross-process write serialization) lives here and in ``migrations.migrate``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import duckdb

from pantauzi.store import migrations

ALIAS = "pantauzi_pg"  # the attached PostgreSQL catalog in every DuckDB connection
LOCK_KEY = 7_466_107  # pg_advisory_xact_lock key shared by every PantauZI writer of one database
URL_PREFIXES = ("postgresql://", "postgres://")
NO_DOWNLOADS: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": "false",
    "autoload_known_extensions": "false",
}

_WRITE_LOCK = threading.Lock()  # one writer per process; DuckDB itself allows one writing process
_LOCK_CONNECTIONS: dict[str, duckdb.DuckDBPyConnection] = {}  # url -> this process's lock connection


class DatabaseError(RuntimeError):
    """The store cannot be opened as asked (message in Indonesian)."""


def is_url(target: str | Path) -> bool:
    return str(target).startswith(URL_PREFIXES)


def describe(target: str | Path) -> str:
    """The target as it may be shown to people: a URL without its password."""
    text = str(target)
    if not is_url(text):
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def extension_path() -> Path:
    """The postgres extension shipped by the PyPI package duckdb-extension-postgres (never downloaded)."""
    try:
        import duckdb_extension_postgres
    except ImportError:
        raise DatabaseError("paket duckdb-extension-postgres belum terpasang (lihat requirements.txt)") from None
    path = (
        Path(duckdb_extension_postgres.__file__).parent
        / "extensions"
        / f"v{duckdb.__version__}"
        / "postgres.duckdb_extension"
    )
    if not path.is_file():
        raise DatabaseError(
            f"ekstensi postgres untuk DuckDB {duckdb.__version__} tidak ada di {path}; pasang "
            f"duckdb-extension-postgres=={duckdb.__version__}"
        )
    return path


def _attach(url: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the PostgreSQL database attached as ALIAS and made the default."""
    con = duckdb.connect(":memory:", config=NO_DOWNLOADS)
    try:
        con.execute(f"INSTALL {_literal(str(extension_path()))}")
        con.execute("LOAD postgres")
        con.execute(f"ATTACH {_literal(url)} AS {ALIAS} (TYPE postgres{', READ_ONLY' if read_only else ''})")
        con.execute(f"USE {ALIAS}")
    except duckdb.Error as exc:
        con.close()
        raise DatabaseError(f"PostgreSQL '{describe(url)}' tidak dapat dibuka: {exc}") from exc
    return con


def connect(target: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating if needed) the store: a DuckDB file path or a postgresql:// URL."""
    if is_url(target):
        con = _attach(str(target), read_only)
        if not read_only and migrations.missing(con):
            with _cross_process_lock(str(target)):  # two processes starting at once migrate once
                con.execute("CALL pg_clear_cache()")  # what the other process created meanwhile
                migrations.migrate(con)
        return con
    path = Path(target)
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrations.migrate(con)
    return con


def size_bytes(target: str | Path) -> int:
    """Bytes on disk: the DuckDB file, or pg_database_size of the PostgreSQL database."""
    if not is_url(target):
        return Path(target).stat().st_size
    con = _attach(str(target), read_only=True)
    try:
        return int(
            con.execute(
                f"SELECT * FROM postgres_query('{ALIAS}', 'SELECT pg_database_size(current_database())')"
            ).fetchall()[0][0]
        )
    finally:
        con.close()


def postgres_url(con: duckdb.DuckDBPyConnection) -> str | None:
    """The URL of the PostgreSQL database behind `con` (any cursor of it), None for a DuckDB file."""
    rows = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = ? AND type = 'postgres'", [ALIAS]
    ).fetchall()
    return rows[0][0] if rows else None


def _cursor(con: duckdb.DuckDBPyConnection) -> tuple[duckdb.DuckDBPyConnection, str | None]:
    cur = con.cursor()
    url = postgres_url(cur)
    if url is not None:
        cur.execute(f"USE {ALIAS}")  # a cursor is a new connection: the default catalog is not inherited
    return cur, url


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A new cursor on the store (one per query or thread; never share one across threads)."""
    return _cursor(con)[0]


def _lock_connection(url: str) -> duckdb.DuckDBPyConnection:
    """This process's connection that holds the cross-process write lock (own DuckDB, own ATTACH)."""
    con = _LOCK_CONNECTIONS.get(url)
    if con is None:
        con = _LOCK_CONNECTIONS[url] = _attach(url)
    return con


@contextmanager
def _cross_process_lock(url: str | None) -> Iterator[None]:
    """Hold PostgreSQL's transaction-level advisory lock on a connection of its own while the body runs.
    The write transaction starts after the lock is granted, so its snapshot (REPEATABLE READ) sees every
    write committed before; taking the lock inside the write transaction would not."""
    if url is None:
        yield
        return
    lock = _lock_connection(url)
    try:
        lock.execute("BEGIN TRANSACTION")
        lock.execute(f"CALL postgres_execute('{ALIAS}', 'SELECT pg_advisory_xact_lock({LOCK_KEY})')")
    except duckdb.Error:
        _LOCK_CONNECTIONS.pop(url, None)  # e.g. the server restarted: a new lock connection next time
        lock.close()
        raise
    try:
        yield
    finally:
        try:
            lock.execute("COMMIT")  # releases the lock
        except duckdb.Error:
            _LOCK_CONNECTIONS.pop(url, None)
            lock.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One write transaction on its own cursor: all or nothing, one writer at a time (per process for
    a DuckDB file; across every process of the PostgreSQL database)."""
    with _WRITE_LOCK:
        cur, url = _cursor(con)
        try:
            with _cross_process_lock(url):
                cur.execute("BEGIN TRANSACTION")
                try:
                    yield cur
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise
                else:
                    cur.execute("COMMIT")
        finally:
            cur.close()


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def next_ids(cur: duckdb.DuckDBPyConnection, sequence: str, n: int) -> list[int]:
    """`n` new numbers of a sequence, ascending (DuckDB's own, or PostgreSQL's through the extension)."""
    if n <= 0:
        return []
    if not _NAME.fullmatch(sequence):
        raise ValueError(f"bad sequence name {sequence!r}")
    if postgres_url(cur) is None:
        rows = cur.execute(f"SELECT nextval('{sequence}') FROM range(?)", [n]).fetchall()
    else:
        rows = cur.execute(
            f"SELECT id FROM postgres_query('{ALIAS}', 'SELECT nextval(''{sequence}'') AS id "
            f"FROM generate_series(1, {int(n)})')"
        ).fetchall()
    return sorted(int(r[0]) for r in rows)


def one(cur: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> tuple[Any, ...] | None:
    """First row or None. Fetches everything: DuckDB 2 refuses new work on an unfinished result."""
    rows = cur.execute(sql, params or []).fetchall()
    return tuple(rows[0]) if rows else None


def scalar(cur: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> Any:
    """The single value of a one-row, one-column query."""
    row = one(cur, sql, params)
    return None if row is None else row[0]
