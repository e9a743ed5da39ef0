"""Functions run in the sandbox's child processes by the tests (module level: they are pickled by name)."""

from __future__ import annotations

import os
import signal
import time

from python_calamine import CalamineWorkbook


def killed_by(signum: int) -> None:
    os.kill(os.getpid(), signum)


def native_abort() -> None:
    os.abort()


def sleeps(seconds: float) -> str:
    time.sleep(seconds)
    return "bangun"


def allocates(mb: int) -> int:
    return len(bytearray(mb * 1024 * 1024))


def raises_like_the_reader() -> None:
    from python_calamine import XmlError

    raise XmlError("unexpected end of stream")


def raw_calamine_rows(path: str, sheet: str) -> int:
    """calamine on a sheet with no pre-parse check at all: what the server did before."""
    return len(CalamineWorkbook.from_path(path).get_sheet_by_name(sheet).to_python(skip_empty_area=False))


def pid() -> int:
    return os.getpid()


def ignores_sigterm_and_sleeps(seconds: float) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(seconds)
