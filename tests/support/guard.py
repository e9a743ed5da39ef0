"""Nothing outside the repository: an audit hook that records every file or folder a test opens which resolves
outside the repository but inside the folder holding it (a sibling checkout, a shared folder beside the
checkouts), so that no test can depend on files the repository does not hold.

`sys.addaudithook` sees the "open" events (builtins.open, io.open_code, os.open) and "os.listdir" and
"os.scandir" of Python code; files DuckDB or another native library opens by itself are not seen.

Standard library only: tests/support/outside_site/sitecustomize.py loads this file by its path in every
Python process the tests start (tests/conftest.py puts that folder on PYTHONPATH), so command lines, streamlit
servers and worker processes are watched too. Those processes, and forked children, append what they find to
the log file named in the environment; the test session reads it after each test.
"""

from __future__ import annotations

import json
import os
import site
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

EVENTS = frozenset({"open", "os.listdir", "os.scandir"})
ENV = "PANTAUZI_TEST_OUTSIDE_GUARD"  # JSON: the settings of the guard a subprocess installs


def _real(path: str | os.PathLike[str]) -> str:
    return os.path.realpath(os.fspath(path))


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def watched_folders(root: Path) -> list[str]:
    """The folder holding the repository and, when the repository is a git worktree (.git is a file naming
    the main checkout's git folder), the folder holding the main checkout."""
    folders = [_real(root.parent)]
    dot_git = root / ".git"
    if dot_git.is_file():
        text = dot_git.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            gitdir = Path(text.split(":", 1)[1].strip())
            gitdir = gitdir if gitdir.is_absolute() else root / gitdir
            common = gitdir / "commondir"
            if common.is_file():
                shared_git = Path(_real(gitdir / common.read_text(encoding="utf-8").strip()))
                main_checkout = shared_git.parent
                if _real(main_checkout.parent) not in folders:
                    folders.append(_real(main_checkout.parent))
    return folders


def default_allowed(root: Path | str) -> list[str]:
    """What Python itself reads wherever it is installed (a virtualenv may be a link into another checkout)
    and the temporary folder; none that holds the repository (that would let its neighbours through)."""
    places = [sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(sys.executable), tempfile.gettempdir()]
    places += site.getsitepackages() if hasattr(site, "getsitepackages") else []
    return sorted({_real(p) for p in places if not _within(_real(root), _real(p))})


class Guard:
    """Records (resolved path, event) for paths outside `root` but inside one of `watched`, unless under one
    of `allowed`. In the process that made it, findings are kept in memory; elsewhere (a forked child) and
    with `log_only`, they are appended to `log`."""

    def __init__(
        self,
        root: Path | str,
        watched: Iterable[str] | None = None,
        allowed: Iterable[str] = (),
        log: str | None = None,
        log_only: bool = False,
    ) -> None:
        self.root = _real(root)
        self.watched = [_real(w) for w in (watched if watched is not None else watched_folders(Path(self.root)))]
        self.allowed = [_real(a) for a in allowed]
        self.log = log
        self.log_only = log_only
        self.active = True
        self.found: list[tuple[str, str]] = []
        self._pid = os.getpid()
        self._busy = threading.local()
        self._log_offset = 0

    def settings(self) -> str:
        """This guard's settings for the environment of a subprocess (see install_from_environment)."""
        return json.dumps({"root": self.root, "watched": self.watched, "allowed": self.allowed, "log": self.log})

    @classmethod
    def from_settings(cls, raw: str, log_only: bool = True) -> Guard:
        s = json.loads(raw)
        return cls(s["root"], s["watched"], s["allowed"], log=s["log"], log_only=log_only)

    def read_log_from_now(self) -> Guard:
        """take() reports only what is appended to the log from now on."""
        self._log_offset = os.path.getsize(self.log) if self.log and os.path.exists(self.log) else 0
        return self

    def outside(self, path: str | os.PathLike[str]) -> str | None:
        """The resolved path if `path` (relative: from the current folder) is outside the repository but
        inside a watched folder and not allowed; else None."""
        real = _real(path)
        if _within(real, self.root) or any(_within(real, a) for a in self.allowed):
            return None
        return real if any(_within(real, w) for w in self.watched) else None

    def audit(self, event: str, args: tuple[object, ...]) -> None:
        if event not in EVENTS or not self.active or getattr(self._busy, "on", False):
            return
        path = args[0] if args else None
        if path is None and event != "open":
            path = "."  # os.listdir() / os.scandir() without an argument: the current folder
        if path is None or isinstance(path, int):
            return  # an open file descriptor
        self._busy.on = True  # writing the log opens a file too
        try:
            real = self.outside(os.fsdecode(path))  # type: ignore[arg-type]
            if real is not None:
                self.record(real, event)
        except (TypeError, ValueError, OSError):
            pass
        finally:
            self._busy.on = False

    def record(self, real: str, event: str) -> None:
        if self.log and (self.log_only or os.getpid() != self._pid):
            with open(self.log, "a", encoding="utf-8") as fh:
                fh.write(f"{real}\t{event}\t{os.getpid()}\t{' '.join(sys.argv)[:300]}\n")
        else:
            self.found.append((real, event))

    def take(self) -> list[str]:
        """Everything found since the last call, one line each: path, event and, from another process, its
        command line."""
        out = [f"{path} ({event})" for path, event in self.found]
        self.found.clear()
        if self.log and os.path.exists(self.log):
            self._busy.on = True
            try:
                with open(self.log, encoding="utf-8") as fh:
                    fh.seek(self._log_offset)
                    lines = fh.read().splitlines()
                    self._log_offset = fh.tell()
            finally:
                self._busy.on = False
            for line in lines:
                path, event, pid, argv = (line.split("\t") + ["", "", ""])[:4]
                out.append(f"{path} ({event}, process {pid}: {argv})")
        return out


def install(guard: Guard) -> Guard:
    """Start auditing (an audit hook cannot be removed: set guard.active = False to stop it)."""
    sys.addaudithook(guard.audit)
    return guard


INSTALLED: Guard | None = None  # the guard install_from_environment installed in this process


def install_from_environment() -> Guard | None:
    """In a subprocess of the tests: the guard described by $PANTAUZI_TEST_OUTSIDE_GUARD, writing to its log."""
    global INSTALLED
    raw = os.environ.get(ENV)
    if raw and INSTALLED is None:
        INSTALLED = install(Guard.from_settings(raw))
    return INSTALLED
