"""Parse untrusted workbooks out of the serving process: a child process with a memory cap
(``RLIMIT_AS``) and a wall-time cap (the parent kills it), so a native abort, an out-of-memory or a
hang in the reader is a refusal naming the file, never the end of the server.

    PANTAUZI_PARSE_MEMORY_MB   address-space cap of a reading process (default 1024)
    PANTAUZI_PARSE_SECONDS     wall-time cap of one read (default 30)

Children come from a ``forkserver``: a fresh interpreter started once (never a fork of a Streamlit
server with its threads) that has already imported the readers and the reference data, so each read
starts in a few milliseconds. A process that is itself a capped reader (a child here, or an
``ingest-dir`` worker, see ``limit_this_process``) runs the function directly.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from pantauzi.core.problems import CellProblem, WorkbookRejected

T = TypeVar("T")
MIB = 1024 * 1024
PRELOAD = ["loaders.sandbox_warm"]

_inside = False  # this process is a capped reader already


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default


def memory_mb() -> int:
    return int(_env_number("PANTAUZI_PARSE_MEMORY_MB", 1024))


def seconds() -> float:
    return float(_env_number("PANTAUZI_PARSE_SECONDS", 30))


def inside() -> bool:
    return _inside


def limit_this_process(memory: int | None = None) -> None:
    """Cap this process's address space (MB; default PANTAUZI_PARSE_MEMORY_MB) and mark it as a
    reader: sandbox.run then calls functions directly here."""
    global _inside
    _inside = True
    cap = (memory or memory_mb()) * MIB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


_main_lock = threading.RLock()  # Streamlit sessions start children from several threads at once


@contextmanager
def plain_main() -> Iterator[None]:
    """Start children without re-running the parent's main script in them: under Streamlit (or
    AppTest) `__main__` is the page script, which a spawned child would execute again."""
    with _main_lock:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if main is not None:
                sys.modules["__main__"] = main


_context: Any = None


def _ctx() -> Any:
    global _context
    if _context is None:
        _context = mp.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _child(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...], memory: int, wall: float) -> None:
    limit_this_process(memory)
    # a backstop should the parent itself die: CPU time is at most the wall-time cap
    cpu = int(wall) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        value = func(*args)
        message: tuple[Any, ...] = ("ok", value)
    except WorkbookRejected as exc:
        message = ("rejected", exc.file, exc.problems)
    except MemoryError:
        message = ("memory",)
    except BaseException as exc:  # every reader error type becomes a refusal in the parent
        message = ("error", type(exc).__name__, str(exc)[:300])
    try:
        conn.send(message)
    except MemoryError:
        conn.send(("memory",))
    except Exception as exc:  # an unpicklable result
        conn.send(("error", type(exc).__name__, str(exc)[:300]))
    conn.close()


def refusal(label: str, message: str) -> WorkbookRejected:
    return WorkbookRejected(label, [CellProblem(label, None, None, message)])


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"sinyal {-code}"


def run(func: Callable[..., T], *args: Any, label: str) -> T:
    """`func(*args)` in a capped child process; its WorkbookRejected is raised here as is, and any other
    failure (an exception of the reader, out of memory, a native abort, the time cap) becomes a
    WorkbookRejected naming `label`. `func` and its arguments and result must be picklable."""
    if _inside:
        return func(*args)
    memory, wall = memory_mb(), seconds()
    ctx = _ctx()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, func, args, memory, wall), daemon=True)
    with plain_main():
        proc.start()
    send.close()
    deadline = time.monotonic() + wall
    message: tuple[Any, ...] | None = None
    timed_out = False
    try:
        if receive.poll(wall):
            try:
                message = receive.recv()
            except (EOFError, OSError):
                message = None  # the child died before answering
        else:
            timed_out = True
    finally:
        receive.close()
        if timed_out or message is None:
            proc.kill()
        proc.join(max(1.0, deadline - time.monotonic()))
        if proc.is_alive():
            proc.kill()
            proc.join()
    if timed_out:
        raise refusal(
            label,
            f"pembacaan workbook melebihi batas waktu {wall:g} detik dan dihentikan; "
            "berkas ditolak demi keamanan server, tidak ada yang disimpan",
        )
    if message is None:
        code = proc.exitcode or 0
        why = _signal_name(code) if code < 0 else f"kode keluar {code}"
        raise refusal(
            label,
            f"pembaca workbook berhenti tidak wajar ({why}): kemungkinan kehabisan memori (batas {memory} MB) "
            "atau berkas rusak; berkas ditolak demi keamanan server, tidak ada yang disimpan",
        )
    kind = message[0]
    if kind == "ok":
        value: T = message[1]
        return value
    if kind == "rejected":
        raise WorkbookRejected(message[1], message[2])
    if kind == "memory":
        raise refusal(
            label,
            f"pembacaan workbook melebihi batas memori {memory} MB; berkas ditolak demi keamanan server, "
            "tidak ada yang disimpan",
        )
    raise refusal(
        label,
        f"workbook tidak dapat dibaca ({message[1]}: {message[2]}); berkas mungkin rusak, "
        "simpan ulang dari Excel sebagai .xlsx lalu unggah lagi",
    )
