"""A local PostgreSQL server from Debian's `postgresql` package: the tests' real server and the shared
store of `make serve` (never mocked).

initdb and pg_ctl run as the `postgres` user when run as root (PostgreSQL refuses root), in a directory
that holds the data, the log and the unix socket: a temporary one (removed on stop) or a kept one
(`make serve` keeps its data in data/pg between runs). The server listens on 127.0.0.1 only, on a free
port, with trust authentication: it is reachable from this machine alone.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

BIN_GLOB = "/usr/lib/postgresql/*/bin"
INSTALL_HINT = "apt-get install -y postgresql"


def find_bin() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, if any."""
    found = [Path(d) for d in glob.glob(BIN_GLOB) if (Path(d) / "initdb").exists() and (Path(d) / "pg_ctl").exists()]
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0) if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One running server; `create_database()` hands out fresh, empty databases."""

    def __init__(self, bin_dir: Path, directory: Path | None = None, port: int | None = None):
        self.bin = bin_dir
        self.keep = directory is not None  # a kept directory survives stop(); a temporary one does not
        if directory is None:
            self.dir = Path(tempfile.mkdtemp(prefix="pantauzi-pg-"))
        else:
            self.dir = directory.resolve()
            self.dir.mkdir(parents=True, exist_ok=True)
        self.data = self.dir / "data"
        self.port = port or _free_port()
        self._names = itertools.count(1)
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = (["runuser", "-u", "postgres", "--"] if self.as_root else []) + list(args)
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.dir / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr or done.stdout}\n{tail}")
        return done

    def start(self) -> PgServer:
        if not (self.data / "PG_VERSION").exists():
            self._run(
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            )
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c max_connections=200"
        if not self.keep:  # a throwaway test server need not survive a crash; kept data must
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        return self

    def url(self, name: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def ensure_database(self, name: str) -> str:
        """The database `name`, created when missing; -> its postgresql:// URL."""
        if self.psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'").strip() != "1":
            self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def create_database(self, prefix: str = "pz") -> str:
        """A new empty database; -> its postgresql:// URL."""
        name = f"{prefix}{next(self._names)}"
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def psql(self, name: str, sql: str) -> str:
        """Run SQL natively (psql, unaligned, no header); -> its output."""
        done = self._run(
            str(self.bin / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            name,
            "-At",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        )
        return done.stdout

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            if not self.keep:
                shutil.rmtree(self.dir, ignore_errors=True)
