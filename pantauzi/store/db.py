"""The one connection factory and the one writer path.

Two stores, one SQL: the embedded DuckDB file (default), or a PostgreSQL database that DuckDB attaches
through its ``postgres`` extension (``PANTAUZI_DATABASE_URL=postgresql://...``). DuckDB stays the query
engine in every process, so queries, loaders and migrations run unchanged on both; what PostgreSQL
needs on top (sequences, cross-process write serialization) lives here and in ``migrations.migrate``.
"""

from __future__ import annotations

import os
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterator
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


WAIT_ENV = "PANTAUZI_DB_WAIT_SECONDS"  # how long an open waits for a DuckDB file another process holds
DEFAULT_WAIT_SECONDS = 30.0
LINGER_ENV = "PANTAUZI_DB_LINGER_SECONDS"  # how long a Store keeps an unused read-only DuckDB file open
DEFAULT_LINGER_SECONDS = 30.0
# A process of this repository that waits to write a DuckDB file another process holds says so by keeping
# this file beside it fresh (touched on every retry); a Store that keeps the file open unused lets go
# within WAITING_POLL_SECONDS of seeing it. Older than WAITING_FRESH_SECONDS: left behind, ignored.
WAITING_SUFFIX = ".menunggu-tulis"
WAITING_POLL_SECONDS = 0.1
WAITING_FRESH_SECONDS = 5.0


class DatabaseError(RuntimeError):
    """The store cannot be opened as asked (message in Indonesian)."""


class DatabaseBusy(DatabaseError):
    """Another process held the DuckDB file for longer than the configured wait."""


def _seconds(name: str, default: float) -> float:
    """Seconds (>= 0, a decimal comma allowed) from the environment variable `name`, else `default`."""
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw.replace(",", ".")) if raw else default
    except ValueError:
        return default
    return value if value >= 0 else default


def wait_seconds() -> float:
    """PANTAUZI_DB_WAIT_SECONDS (seconds, >= 0), else 30."""
    return _seconds(WAIT_ENV, DEFAULT_WAIT_SECONDS)


def linger_seconds() -> float:
    """PANTAUZI_DB_LINGER_SECONDS (seconds, >= 0; 0: close at once), else 30."""
    return _seconds(LINGER_ENV, DEFAULT_LINGER_SECONDS)


def waiting_marker(path: Path) -> Path:
    """The file by which a process waiting to write `path` asks the readers that keep it open to let go."""
    return path.with_name(path.name + WAITING_SUFFIX)


def _announce_writer(path: Path) -> bool:
    """Touch the waiting marker of `path`; -> whether it could (a folder that cannot be written to)."""
    try:
        waiting_marker(path).touch()
        return True
    except OSError:
        return False


def writer_waiting(path: Path) -> bool:
    """Whether some process has said, within the last WAITING_FRESH_SECONDS, that it waits to write `path`."""
    try:
        return time.time() - waiting_marker(path).stat().st_mtime < WAITING_FRESH_SECONDS
    except OSError:
        return False


def is_lock_error(exc: BaseException) -> bool:
    """DuckDB's refusal to open a file another process holds ("Could not set lock on file ...")."""
    text = str(exc)
    return isinstance(exc, duckdb.Error) and ("Could not set lock" in text or "Conflicting lock" in text)


_PATTERNS = (  # DuckDB's English messages -> what a user is told
    ("Could not set lock", "sedang dipakai proses lain"),
    ("Conflicting lock", "sedang dipakai proses lain"),
    ("not a valid DuckDB database", "bukan berkas basis data DuckDB yang sah"),
    ("database file with version", "dibuat oleh versi DuckDB lain"),
    ("Cannot open database", "tidak dapat dibuka (folder atau berkasnya tidak ada atau tidak dapat ditulis)"),
    ("No such file or directory", "tidak ditemukan"),
    ("Permission denied", "tidak boleh dibaca atau ditulis (izin berkas)"),
    ("No space left", "tidak dapat ditulis: ruang disk habis"),
    ("read-only mode", "hanya terbuka untuk dibaca"),
    ("Constraint Error", "menolak data: ada batasan basis data yang dilanggar"),
    ("Catalog Error", "tidak memiliki tabel yang diharapkan (bukan basis data PantauZI atau versinya lain)"),
)


def explain(exc: BaseException) -> str:
    """An Indonesian account of a DuckDB/IO failure, without the library's English text."""
    text = str(exc)
    for needle, said in _PATTERNS:
        if needle in text:
            return said
    kind = type(exc).__name__
    return f"kesalahan basis data ({kind})" if isinstance(exc, duckdb.Error) else f"kesalahan ({kind})"


def busy_message(target: str | Path, waited: float) -> str:
    return (
        f"Basis data '{describe(target)}' sedang dipakai proses lain (pemuatan data atau laporan); sudah "
        f"ditunggu {waited:g} detik. Coba lagi sebentar lagi, atau perpanjang waktu tunggu dengan {WAIT_ENV}"
    )


def _open_file(path: Path, read_only: bool, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect on a file, retrying while another process holds it, for up to `wait` seconds
    (default PANTAUZI_DB_WAIT_SECONDS); then DatabaseBusy. Other failures: DatabaseError."""
    wait = wait_seconds() if wait is None else wait
    deadline = time.monotonic() + wait
    delay = 0.02
    announced = False
    release_idle(path)  # a Store of this process keeping the file open unused lets go (other configuration)
    try:
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except duckdb.Error as exc:
                if not is_lock_error(exc):
                    raise DatabaseError(f"Basis data '{path}' {explain(exc)}") from exc
                left = deadline - time.monotonic()
                if left <= 0:
                    raise DatabaseBusy(busy_message(path, wait)) from exc
            if not read_only:  # an app that keeps the file open unused (its linger) lets go for a writer
                announced = _announce_writer(path) or announced
            time.sleep(min(delay, left))
            delay = min(delay * 1.5, 0.25)
    finally:
        if announced:
            waiting_marker(path).unlink(missing_ok=True)


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


def connect(target: str | Path, read_only: bool = False, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating if needed) the store: a DuckDB file path or a postgresql:// URL.
    A DuckDB file another process holds is waited for up to `wait` seconds (default
    PANTAUZI_DB_WAIT_SECONDS), then DatabaseBusy."""
    if is_url(target):
        con = _attach(str(target), read_only)
        if not read_only and migrations.missing(con):
            with _cross_process_lock(str(target)):  # two processes starting at once migrate once
                con.execute("CALL pg_clear_cache()")  # what the other process created meanwhile
                migrations.migrate(con)
        return con
    path = Path(target)
    if read_only:
        return _open_file(path, True, wait)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _open_file(path, False, wait)
    try:
        migrations.migrate(con)
    except BaseException:
        con.close()
        raise
    return con


_STORES: weakref.WeakSet[Store] = weakref.WeakSet()  # this process's Stores on DuckDB files


def release_idle(path: str | Path) -> None:
    """Close what this process's Stores on `path` keep open without using it (the linger), so that an
    open of the same file here with another configuration (read-write) is not refused."""
    try:
        target = Path(path).resolve()
    except OSError:
        return
    for store in list(_STORES):
        if store.path == target:
            store.release_idle()


class Store:
    """The store as the threads of one long-running process (the app) share it.

    PostgreSQL: one connection, held (the server serializes writers). DuckDB file: DuckDB lets either
    one read-write process or several read-only processes hold it, so this process holds it only
    while some thread is using it: `use()` opens it (read-only, or read-write for `write=True`;
    waiting, bounded, for another process), every thread in the meantime gets a cursor of that same
    connection, and the last one out lets it go so that a loader or report process can get in: a
    read-only connection after `linger` seconds unused (PANTAUZI_DB_LINGER_SECONDS, default 30: the next
    page run within that time opens nothing and finds DuckDB's caches warm; a process of this repository
    that waits to write the file says so (writer_waiting) and gets it within 0,1 s, another program waits
    the linger at most; an open in this process or a writer here closes it at once), a read-write one at
    once. A writer waits for the read-only users to finish; readers arriving meanwhile wait behind it.
    `hold()` keeps it open for a longer block of one thread (a page run: one open, not one per
    query); a write inside such a block lets the thread's hold go while it writes."""

    def __init__(self, target: str | Path) -> None:
        self.target = target
        self._url = is_url(target)
        self._cond = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._read_only = True
        self._users = 0
        self._opening = False
        self._writers = 0  # threads waiting to write
        self._migrated = False
        self._local = threading.local()  # .holding: in a hold() block; .pinned: it keeps a count
        self._version: tuple[tuple[tuple[int, int, int] | None, ...], int] | None = None
        self.opens = 0  # DuckDB file opens so far (for the benchmark)
        self._linger = 0.0 if self._url else linger_seconds()
        self._idle_at: float | None = None  # when the read-only connection was last let go unused
        self._closer: threading.Thread | None = None
        self.path = None if self._url else Path(target).resolve()
        if not self._url:
            _STORES.add(self)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Keep the file open from this thread's first use in the block to the block's end (a page run:
        one open, not one per query; none when every read is cached). A write inside lets it go."""
        if self._url or getattr(self._local, "holding", False):
            yield
            return
        self._local.holding, self._local.pinned = True, False
        try:
            yield
        finally:
            self._local.holding = False
            if self._local.pinned:
                self._local.pinned = False
                self._release()

    @contextmanager
    def use(self, write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the store for the length of the block (never share it across threads)."""
        if self._url:
            with cursor(self._shared()) as cur:
                yield cur
            return
        local = self._local
        if getattr(local, "pinned", False) and write:  # read-only for this thread's hold: let it go
            local.pinned = False
            self._release()  # the next read in the hold opens again
        if getattr(local, "pinned", False):
            with self._cond:  # already inside: no waiting behind a writer that waits for this thread
                self._users += 1
                con = self._con
        else:
            con = self._acquire(write)
            if getattr(local, "holding", False) and not write:
                with self._cond:
                    self._users += 1  # the hold's own count, released when the block ends
                local.pinned = True
        assert con is not None
        try:
            with cursor(con) as cur:
                yield cur
        finally:
            self._release()

    def version(self, read: Callable[[duckdb.DuckDBPyConnection], int]) -> int:
        """`read` (a data version), or its last value when the file and its WAL are unchanged on disk
        since then (size, mtime, inode): a page rerun on unchanged data does not open the file."""
        if self._url:
            with self.use() as cur:
                return read(cur)
        stamp = self._stamp()
        with self._cond:
            if self._version is not None and self._version[0] == stamp:
                return self._version[1]
        with self.use() as cur:
            value = read(cur)
        with self._cond:
            self._version = (stamp, value)  # the stamp from before the read: a later write changes it
        return value

    def _stamp(self) -> tuple[tuple[int, int, int] | None, ...]:
        path = Path(self.target)
        out: list[tuple[int, int, int] | None] = []
        for p in (path, path.with_name(path.name + ".wal")):
            try:
                st = p.stat()
            except FileNotFoundError:
                out.append(None)
            else:
                out.append((st.st_mtime_ns, st.st_size, st.st_ino))
        return tuple(out)

    def _shared(self) -> duckdb.DuckDBPyConnection:
        with self._cond:
            if self._con is None:
                self._con = connect(self.target)
            return self._con

    def _acquire(self, write: bool) -> duckdb.DuckDBPyConnection:
        with self._cond:
            if write:
                self._writers += 1
            try:
                while True:
                    if write and self._con is not None and self._read_only and self._users == 0:
                        self._close_now()  # kept open unused (the linger): a writer does not wait for it
                    usable = self._con is not None and not (write and self._read_only)
                    if usable and (write or not self._writers or not self._read_only):
                        self._users += 1
                        return self._con  # type: ignore[return-value]
                    if self._con is None and not self._opening and (write or not self._writers):
                        self._opening = True
                        break
                    self._cond.wait()
            finally:
                if write:
                    self._writers -= 1
        try:
            con = self._open(write)
        except BaseException:
            with self._cond:
                self._opening = False
                self._cond.notify_all()
            raise
        with self._cond:
            self._con, self._read_only, self._opening = con, not write, False
            self._users += 1
            self._cond.notify_all()
        return con

    def _open(self, write: bool) -> duckdb.DuckDBPyConnection:
        self.opens += 1
        path = Path(self.target)
        if not self._migrated and not write and path.is_file():
            con = _open_file(path, True)  # up to date already: no read-write open (no wait for a reader)
            if not migrations.missing(con):
                self._migrated = True
                return con
            con.close()
        if not self._migrated:  # the first open of the process creates or migrates the file
            con = connect(path)
            self._migrated = True
            if write:
                return con
            con.close()
        return _open_file(path, not write)

    def _release(self) -> None:
        with self._cond:
            self._users -= 1
            self._close_if_unused()

    def _close_if_unused(self) -> None:
        if self._users == 0 and self._con is not None:
            if self._read_only and self._linger > 0 and not self._writers:
                self._idle_at = time.monotonic()  # kept for the linger; the closer thread lets it go
                if self._closer is None:
                    self._closer = threading.Thread(target=self._close_when_idle, name="pantauzi-store", daemon=True)
                    self._closer.start()
                self._cond.notify_all()
                return
            self._close_now()

    def _close_now(self) -> None:
        con, self._con, self._idle_at = self._con, None, None
        try:
            if con is not None:
                con.close()
        finally:
            self._cond.notify_all()

    def _close_when_idle(self) -> None:
        """The closer thread: lets the unused read-only open go when its linger has passed, or at once
        when another process waits to write the file (writer_waiting, looked at every 0,1 s)."""
        assert self.path is not None
        with self._cond:
            while True:
                if self._con is None or self._users > 0 or self._idle_at is None:
                    self._cond.wait()
                    continue
                left = self._idle_at + self._linger - time.monotonic()
                if left > 0 and not writer_waiting(self.path):
                    self._cond.wait(min(left, WAITING_POLL_SECONDS))
                    continue
                self._close_now()

    def set_linger(self, seconds: float) -> None:
        """How long an unused read-only open is kept from now on (PANTAUZI_DB_LINGER_SECONDS at creation)."""
        with self._cond:
            self._linger = 0.0 if self._url else max(0.0, seconds)
            self._cond.notify_all()

    def release_idle(self) -> None:
        """Close the connection now if no thread is using it (see `release_idle` above)."""
        with self._cond:
            if self._users == 0 and self._con is not None and not self._opening:
                self._close_now()


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
