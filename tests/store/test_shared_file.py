"""A DuckDB file shared with other processes: bounded waits, Indonesian refusals, released between uses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

import duckdb
import pytest

from pantauzi.store import db
from tests.lke_helpers import ROOT

pytestmark = pytest.mark.slow  # other processes (command lines, a second app) share the file

# a process that holds the file read-write until its stdin closes
HOLD = "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()"


class Holder:
    def __init__(self, path):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout.readline().strip() == "held"

    def release(self):
        self.proc.stdin.close()
        assert self.proc.wait(timeout=60) == 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.release()


@pytest.fixture
def copy(demo_db, tmp_path, monkeypatch):
    """A copy of the demo database; the Stores made here let the file go at once (no linger) unless a
    test sets PANTAUZI_DB_LINGER_SECONDS itself (test_an_unused_read_only_open_lingers_...)."""
    monkeypatch.setenv(db.LINGER_ENV, "0")
    path = tmp_path / "salinan.duckdb"
    shutil.copy(demo_db, path)
    return path


def english(text: str) -> bool:
    return any(w in text for w in ("Could not set lock", "Conflicting lock", "IO Error", "Error:", "Traceback"))


def test_busy_file_is_refused_in_indonesian_after_the_wait(copy):
    with Holder(copy):
        for read_only in (True, False):
            with pytest.raises(db.DatabaseBusy) as info:
                db.connect(copy, read_only=read_only, wait=0.2)
            message = str(info.value)
            assert "sedang dipakai proses lain" in message and "PANTAUZI_DB_WAIT_SECONDS" in message
            assert str(copy) in message and not english(message)


def test_an_open_waits_for_the_other_process_to_let_go(copy):
    got: list[object] = []
    with Holder(copy) as holder:
        worker = threading.Thread(target=lambda: got.append(db.connect(copy, wait=300)))
        worker.start()
        holder.release()  # the waiting open gets the file once the holder exits
        worker.join(timeout=300)
    assert len(got) == 1 and isinstance(got[0], duckdb.DuckDBPyConnection)
    assert db.scalar(got[0], "SELECT count(*) FROM lke_submissions") > 0
    got[0].close()


def test_wait_seconds_from_the_environment(monkeypatch):
    monkeypatch.setenv(db.WAIT_ENV, "2,5")
    assert db.wait_seconds() == 2.5
    monkeypatch.setenv(db.WAIT_ENV, "0")
    assert db.wait_seconds() == 0
    for bad in ("lama", "-1"):
        monkeypatch.setenv(db.WAIT_ENV, bad)
        assert db.wait_seconds() == db.DEFAULT_WAIT_SECONDS
    monkeypatch.delenv(db.WAIT_ENV)
    assert db.wait_seconds() == db.DEFAULT_WAIT_SECONDS


def can_write_from_another_process(path) -> bool:
    code = "import duckdb, sys; duckdb.connect(sys.argv[1]).close()"
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True).returncode == 0


def test_store_holds_the_file_only_while_used(copy):
    store = db.Store(copy)
    with store.use() as cur:
        assert db.scalar(cur, "SELECT count(*) FROM lke_submissions") > 0
        assert not can_write_from_another_process(copy)  # read-only here: no other writer meanwhile
    assert can_write_from_another_process(copy)
    with store.use(write=True) as cur:
        cur.execute("INSERT INTO imports (id, kind, file_name, status) VALUES (999999, 'lke', 'x', 'loaded')")
    assert can_write_from_another_process(copy)
    with store.use() as cur:
        assert db.scalar(cur, "SELECT count(*) FROM imports WHERE id = 999999") == 1


def test_an_unused_read_only_open_lingers_then_goes_and_a_writer_here_does_not_wait_for_it(copy, monkeypatch):
    """The next page run within the linger opens nothing; another process gets in once it has passed; an
    open of the file in this process (read-write) or a writer through the store closes it at once."""
    monkeypatch.setenv(db.LINGER_ENV, "60")  # long enough for the checks below on a loaded machine
    store = db.Store(copy)
    with store.use() as cur:
        db.scalar(cur, "SELECT count(*) FROM units")
    opens = store.opens
    with store.use() as cur:  # within the linger: the same open
        db.scalar(cur, "SELECT count(*) FROM units")
    assert store.opens == opens
    assert not can_write_from_another_process(copy)  # still open, unused
    store.set_linger(0.2)  # the closer looks again: 0,2 s after the last use have passed
    deadline = time.monotonic() + 30
    while not can_write_from_another_process(copy):
        assert time.monotonic() < deadline, "the unused open was never let go"
        time.sleep(0.1)
    with store.use() as cur:
        db.scalar(cur, "SELECT count(*) FROM units")
    store.set_linger(60)
    with store.use() as cur:
        db.scalar(cur, "SELECT count(*) FROM units")
    t = time.monotonic()
    with store.use(write=True) as cur:  # a save: no waiting for the linger of the read-only open
        cur.execute("INSERT INTO imports (id, kind, file_name, status) VALUES (999996, 'lke', 'v', 'loaded')")
    assert time.monotonic() - t < 30  # far below the 60 s linger
    with store.use() as cur:
        assert db.scalar(cur, "SELECT count(*) FROM imports WHERE id = 999996") == 1
    with store.use() as cur:  # read-only again, kept unused for the 60 s linger
        db.scalar(cur, "SELECT count(*) FROM units")
    con = db.connect(copy)  # read-write in this process while the store lingers: it lets go first
    try:
        assert db.scalar(con, "SELECT count(*) FROM imports WHERE id = 999996") == 1
    finally:
        con.close()
    monkeypatch.setenv(db.LINGER_ENV, "lama")
    assert db.linger_seconds() == db.DEFAULT_LINGER_SECONDS


# a loader's way in: pantauzi.store.db.connect read-write, waiting for the file (and saying so)
WRITE = (
    "import sys, time; from pantauzi.store import db; t = time.monotonic(); con = db.connect(sys.argv[1], wait=60); "
    "con.execute(\"INSERT INTO imports (id, kind, file_name, status) VALUES (999995, 'lke', 'w', 'loaded')\"); "
    "con.close(); print(f'{time.monotonic() - t:.2f}')"
)


def test_a_writer_process_of_this_repository_does_not_wait_for_the_linger(copy):
    """The app keeps the file open unused for a 60 s linger; a loader in another process that waits to
    write says so (the marker beside the file) and gets in within seconds; the marker goes with it;
    one left behind by a process that died is ignored once it is old."""
    store = db.Store(copy)
    store.set_linger(60)
    with store.use() as cur:
        db.scalar(cur, "SELECT count(*) FROM units")
    assert not can_write_from_another_process(copy)  # a plain duckdb open is refused: the file is held
    done = subprocess.run([sys.executable, "-c", WRITE, str(copy)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert float(done.stdout) < 20  # far below the 60 s linger
    assert not db.waiting_marker(copy).exists()
    with store.use() as cur:  # opened again: the write is there
        assert db.scalar(cur, "SELECT count(*) FROM imports WHERE id = 999995") == 1
    marker = db.waiting_marker(copy)
    marker.touch()
    assert db.writer_waiting(copy)
    old = time.time() - db.WAITING_FRESH_SECONDS - 1
    os.utime(marker, (old, old))
    assert not db.writer_waiting(copy)  # left behind: the app keeps its linger
    store.release_idle()


def test_store_shares_one_open_between_overlapping_users_and_a_writer_waits_for_readers(copy):
    store = db.Store(copy)
    inside = threading.Event()
    leave = threading.Event()
    order: list[str] = []

    def reader():
        with store.use() as cur:
            order.append("read")
            inside.set()
            leave.wait(60)
            assert db.scalar(cur, "SELECT count(*) FROM units") > 0

    def writer():
        with store.use(write=True) as cur:
            order.append("write")
            cur.execute("INSERT INTO imports (id, kind, file_name, status) VALUES (999998, 'lke', 'y', 'loaded')")

    r = threading.Thread(target=reader)
    r.start()
    assert inside.wait(60)
    opens = store.opens
    with store.use() as cur:  # a second reader meanwhile: the same open connection
        assert db.scalar(cur, "SELECT count(*) FROM units") > 0
    assert store.opens == opens
    w = threading.Thread(target=writer)
    w.start()
    w.join(timeout=0.5)
    assert w.is_alive() and order == ["read"]  # the writer waits for the read-only connection to close
    leave.set()
    r.join(60)
    w.join(60)
    assert order == ["read", "write"]
    with store.use() as cur:
        assert db.scalar(cur, "SELECT count(*) FROM imports WHERE id = 999998") == 1


def cli(module: str, *args: str, wait: str = "0,3") -> subprocess.CompletedProcess:
    env_code = f"import os, runpy, sys; os.environ['{db.WAIT_ENV}'] = {wait!r}; sys.argv = sys.argv[1:]; "
    env_code += f"runpy.run_module({module!r}, run_name='__main__')"
    return subprocess.run(
        [sys.executable, "-c", env_code, module, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_clis_say_busy_in_indonesian(copy, tmp_path):
    from tests.lke_helpers import real_copy

    wb = real_copy(tmp_path)
    folder = tmp_path / "map"
    folder.mkdir()
    shutil.copy(wb, folder / "a.xlsx")
    (folder / "manifest.csv").write_text("file,unit,year,stage\na.xlsx,81-KEJATI,2024,self\n")
    with Holder(copy):
        runs = [
            cli("loaders", "ingest", str(wb), "--db", str(copy), "--unit", "81-KEJATI", "--year", "2024"),
            cli("loaders", "ingest-dir", str(folder), "--db", str(copy), "--no-progress"),
            cli("reports", "rekap", "--db", str(copy), "--out", str(tmp_path / "r.xlsx")),
        ]
    for r in runs:
        assert r.returncode == 2, r.stderr
        assert "sedang dipakai proses lain" in r.stderr and not english(r.stderr), r.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_a_damaged_file_is_explained_in_indonesian(tmp_path):
    bad = tmp_path / "rusak.duckdb"
    bad.write_bytes(b"bukan basis data" * 1000)
    (tmp_path / "x.csv").write_text("tahun,kode_wilayah,nilai\n")  # a file to load: the database is what fails
    for r in (
        cli("reports", "rekap", "--db", str(bad), "--out", str(tmp_path / "r.xlsx")),
        cli("loaders", "ingest-ombudsman", str(tmp_path / "x.csv"), "--db", str(bad)),
    ):
        assert r.returncode == 2
        assert "bukan berkas basis data DuckDB yang sah" in r.stderr and not english(r.stderr), r.stderr


def test_hold_keeps_one_open_for_a_page_run_and_a_write_inside_it_lets_go(copy):
    store = db.Store(copy)
    with store.hold():
        with store.use() as cur:
            db.scalar(cur, "SELECT count(*) FROM units")
        opens = store.opens
        for _ in range(3):
            with store.use() as cur:
                db.scalar(cur, "SELECT count(*) FROM units")
        assert store.opens == opens  # the queries of one page run share the held open
        assert not can_write_from_another_process(copy)
        with store.use(write=True) as cur:  # a save on the upload page: read-write, then read-only again
            cur.execute("INSERT INTO imports (id, kind, file_name, status) VALUES (999997, 'lke', 'z', 'loaded')")
        with store.use() as cur:
            assert db.scalar(cur, "SELECT count(*) FROM imports WHERE id = 999997") == 1
    assert can_write_from_another_process(copy)


def test_data_version_is_read_again_only_when_the_file_changed(copy):
    from pantauzi.store import lookups

    store = db.Store(copy)
    first = store.version(lookups.data_version)
    opens = store.opens
    with store.hold():  # a page run whose reads are all cached: the file is not opened at all
        assert store.version(lookups.data_version) == first
        assert can_write_from_another_process(copy)
    assert store.opens == opens
    sql = "INSERT INTO imports (id, kind, file_name, status) VALUES (2000000, 'lke', 'w', 'loaded')"
    code = f"import sys; from pantauzi.store import db; db.connect(sys.argv[1]).execute({sql!r})"
    assert subprocess.run([sys.executable, "-c", code, str(copy)], cwd=ROOT).returncode == 0
    assert store.version(lookups.data_version) == 2000000 != first
    assert store.opens == opens + 1


def test_two_ingests_at_once_both_succeed(copy, tmp_path):
    from tests.lke_helpers import real_copy

    runs = []
    for i, (unit, k9) in enumerate((("81-KEJATI", "B"), ("81.71-KEJARI", "C"))):
        wb = real_copy(tmp_path, {"K9": k9}, name=f"w{i}.xlsx")
        args = ["ingest", str(wb), "--db", str(copy), "--unit", unit, "--year", "2021", "--stage", "tpn"]
        code = f"import os, runpy, sys; os.environ['{db.WAIT_ENV}'] = '300'; sys.argv = ['loaders', *{args!r}]; "
        code += "runpy.run_module('loaders', run_name='__main__')"
        runs.append(
            subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        )
    for r in runs:
        out, err = r.communicate(timeout=600)
        assert r.returncode == 0, err.decode()
        assert b"tahap tpn" in out
    con = db.connect(copy, read_only=True)
    try:
        rows = con.execute(
            "SELECT unit_code FROM lke_submissions WHERE year = 2021 AND stage = 'tpn' AND file_name LIKE 'w_.xlsx'"
        ).fetchall()
    finally:
        con.close()
    assert sorted(r[0] for r in rows) == ["81-KEJATI", "81.71-KEJARI"]


def test_a_new_app_process_reads_while_a_report_holds_the_file(copy):
    hold_ro = HOLD.replace("duckdb.connect(sys.argv[1])", "duckdb.connect(sys.argv[1], read_only=True)")
    proc = subprocess.Popen(
        [sys.executable, "-c", hold_ro, str(copy)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "held"
        store = db.Store(copy)  # its first use: an up-to-date file is not opened read-write (no wait)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv(db.WAIT_ENV, "0")
            with store.use() as cur:
                assert db.scalar(cur, "SELECT count(*) FROM lke_submissions") > 0
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
