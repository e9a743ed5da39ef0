"""loaders.sandbox: whatever happens in the reading child (a signal, a native abort, out of memory, a
hang, any reader exception) the caller gets a WorkbookRejected naming the file, and goes on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from loaders import sandbox
from pantauzi.core.problems import CellProblem, WorkbookRejected
from tests.hostile import builders
from tests.lke_helpers import ROOT
from tests.loaders import child_funcs as f


def refused(func, *args, label="hostil.xlsx") -> str:
    with pytest.raises(WorkbookRejected) as exc:
        sandbox.run(func, *args, label=label)
    text = exc.value.render()
    assert f"berkas '{label}'" in text and "ditolak" in text
    return text


def test_a_result_comes_back_from_another_process():
    assert sandbox.run(f.pid, label="x.xlsx") != os.getpid()
    assert sandbox.run(f.sleeps, 0, label="x.xlsx") == "bangun"


@pytest.mark.parametrize("signum", [signal.SIGSEGV, signal.SIGKILL, signal.SIGBUS])
def test_a_child_killed_by_a_signal_is_a_refusal(signum):
    text = refused(f.killed_by, int(signum))
    assert "berhenti tidak wajar" in text and signal.Signals(signum).name in text
    assert sandbox.run(f.pid, label="x.xlsx") > 0  # and the next read works


def test_a_native_abort_is_a_refusal():
    assert "SIGABRT" in refused(f.native_abort)


def test_the_wall_time_cap_kills_the_child(monkeypatch):
    monkeypatch.setenv("PANTAUZI_PARSE_SECONDS", "1")
    t = time.perf_counter()
    text = refused(f.sleeps, 60)
    took = time.perf_counter() - t
    print(f"timeout refusal after {took:.2f} s (cap 1 s)")
    assert "melebihi batas waktu 1 detik" in text
    assert took < 30  # far below the 60 s the child asked for: it was killed


def test_the_memory_cap_refuses_an_allocation_beyond_it(monkeypatch):
    monkeypatch.setenv("PANTAUZI_PARSE_MEMORY_MB", "400")
    assert "melebihi batas memori 400 MB" in refused(f.allocates, 800)
    assert sandbox.run(f.allocates, 50, label="x.xlsx") == 50 * 1024 * 1024


def test_every_reader_exception_type_is_a_refusal():
    assert "XmlError" in refused(f.raises_like_the_reader)


def test_the_readers_own_refusal_comes_back_unchanged():
    def_problem = CellProblem("a.xlsx", "LKE ZI", "K9", "jawaban tidak sah")
    with pytest.raises(WorkbookRejected) as exc:
        sandbox.run(_reject, def_problem, label="a.xlsx")
    assert exc.value.problems == [def_problem]


def _reject(p: CellProblem) -> None:
    raise WorkbookRejected(p.file, [p])


def test_calamine_on_a_far_cell_dies_in_the_child_not_here(tmp_path):
    """Without the pre-parse check, calamine asks for ~512 GB for one cell at XFD1048576 and aborts its
    process: in the sandbox that is a refusal, and this process lives on."""
    path = builders.far_cell(tmp_path, "LKE ZI", "XFD1048576")
    text = refused(f.raw_calamine_rows, str(path), "LKE ZI", label=path.name)
    assert "berhenti tidak wajar" in text or "batas memori" in text
    assert sandbox.run(f.pid, label="x.xlsx") > 0


@pytest.mark.slow  # a fresh interpreter reads the limits from its environment
def test_limits_come_from_the_environment():
    code = "from loaders import sandbox; print(sandbox.memory_mb(), sandbox.seconds())"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAUZI_PARSE_")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1024", "30.0"]
    env |= {"PANTAUZI_PARSE_MEMORY_MB": "512", "PANTAUZI_PARSE_SECONDS": "5"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["512", "5.0"]


def test_reads_from_many_threads_at_once_all_answer_and_main_is_restored():
    """Streamlit runs each session's script in its own thread: children started at the same moment."""
    from concurrent.futures import ThreadPoolExecutor

    main = sys.modules["__main__"]
    with ThreadPoolExecutor(6) as pool:
        pids = list(pool.map(lambda _: sandbox.run(f.pid, label="x.xlsx"), range(12)))
    assert len(set(pids)) == 12 and os.getpid() not in pids
    assert sys.modules["__main__"] is main
