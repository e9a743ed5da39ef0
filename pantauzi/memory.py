"""Giving memory back to the system once the sessions that used it have ended (issue 22).

A replica's page views allocate and free large buffers: DataFrames, Arrow tables for st.dataframe, JSON of
figures. CPython returns its own small-object arenas when they empty, but the C allocator (glibc malloc)
keeps freed heap pages for reuse, so the resident size of a long-running server only grows: after 50
sessions it stayed at its peak (benchmarks.serve --memory). `malloc_trim(0)` hands free pages back.

`Trimmer` is one daemon thread per process that, every `interval` seconds, runs a garbage collection and
`malloc_trim(0)` when the process's sessions have become fewer since its last look (a session is dropped
`server.disconnectedSessionTTL` after its tab closed) -- never in the middle of busy traffic, where the
pages would only be taken again. Where malloc_trim does not exist (not glibc) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading
from collections.abc import Callable

INTERVAL_ENV = "PANTAUZI_TRIM_SECONDS"
DEFAULT_INTERVAL = 15.0


def _malloc_trim() -> Callable[[], int] | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        fn = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = [ctypes.c_size_t], ctypes.c_int
    return lambda: int(fn(0))


def trim() -> bool:
    """A full garbage collection, then malloc_trim(0); -> whether memory could be trimmed at all."""
    gc.collect()
    fn = _malloc_trim()
    return bool(fn and fn() >= 0)


def interval_seconds() -> float:
    """PANTAUZI_TRIM_SECONDS (default 15; 0 turns the trimmer off)."""
    raw = os.environ.get(INTERVAL_ENV, "")
    try:
        return max(0.0, float(raw)) if raw.strip() else DEFAULT_INTERVAL
    except ValueError:
        return DEFAULT_INTERVAL


class Trimmer:
    """Trims memory whenever `count()` (the live sessions) has fallen since the last look."""

    def __init__(self, count: Callable[[], int], interval: float) -> None:
        self._count, self._interval = count, interval
        self._stop = threading.Event()
        self.trims = 0
        self._thread = threading.Thread(target=self._run, name="pantauzi-trim", daemon=True)

    def start(self) -> Trimmer:
        if self._interval > 0:
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def check(self, last: int) -> int:
        """One look: trim when fewer sessions than `last` (a count below 0: none known); -> the count now."""
        now = self._count()
        if 0 <= now < last and trim():
            self.trims += 1
        return now

    def _run(self) -> None:
        last = self._count()
        while not self._stop.wait(self._interval):
            try:
                last = self.check(last)
            except Exception:  # a failed look never stops the server; the next one tries again
                continue
