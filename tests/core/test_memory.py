"""pantauzi.memory: memory handed back once sessions have been dropped, never while they grow."""

from __future__ import annotations

import sys

import pytest

from pantauzi import memory


def test_the_trimmer_trims_only_when_sessions_have_become_fewer(monkeypatch):
    counts = iter([5, 7, 3, 3, -1])
    calls: list[int] = []
    monkeypatch.setattr(memory, "trim", lambda: calls.append(1) or True)
    t = memory.Trimmer(lambda: next(counts), interval=0)
    last = t.check(4)  # 5 > 4: more sessions, nothing given back
    assert (last, calls) == (5, [])
    last = t.check(last)  # 7
    last = t.check(last)  # 3 < 7: sessions dropped
    assert (last, len(calls), t.trims) == (3, 1, 1)
    last = t.check(last)  # 3: no change
    assert t.check(last) == -1 and t.trims == 1  # -1: Streamlit gave no count, nothing to act on


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_trim_hands_memory_back_on_glibc():
    assert memory.trim() is True


def test_an_interval_of_zero_starts_no_thread(monkeypatch):
    monkeypatch.setenv(memory.INTERVAL_ENV, "0")
    t = memory.Trimmer(lambda: 0, memory.interval_seconds()).start()
    assert not t._thread.is_alive()
    monkeypatch.setenv(memory.INTERVAL_ENV, "tidak")
    assert memory.interval_seconds() == memory.DEFAULT_INTERVAL
