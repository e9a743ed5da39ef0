"""`make serve` (python -m deploy) as a person runs it: a local PostgreSQL with kept data, the demo loaded
into it, a replica behind nginx, Ctrl+C stops everything (the browser walk through nginx is
tests/browser/test_nginx_deploy.py)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from deploy.cluster import ROUTE_COOKIE, free_port
from deploy.postgres import find_bin

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _line_with(proc: subprocess.Popen[str], text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    seen = []
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 1)
        if ready:
            line = proc.stdout.readline()
            seen.append(line)
            if text in line:
                return line
        if proc.poll() is not None:
            break
    raise AssertionError(f"no line with {text!r}: {''.join(seen)}")


def test_serve_starts_postgres_replicas_and_nginx_and_stops_them(tmp_path):
    assert find_bin() is not None, "PostgreSQL server binaries missing (apt-get install -y postgresql)"
    port = free_port()
    for folder in (tmp_path, *tmp_path.parents[:2]):  # pytest's folders are 0700: PostgreSQL runs as `postgres`
        folder.chmod(0o755)
    pg_dir = tmp_path / "pg"
    env = {k: v for k, v in os.environ.items() if k not in ("PANTAUZI_DATABASE_URL", "PANTAUZI_DB", "PANTAUZI_AUTH")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deploy",
            "--replicas",
            "1",
            "--port",
            str(port),
            "--pg-dir",
            str(pg_dir),
            "--run-dir",
            str(tmp_path / "run"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        ready = _line_with(proc, "PantauZI siap di", 180)
        assert f"http://127.0.0.1:{port}" in ready and "1 replika" in ready
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
            assert r.status == 200 and r.headers["Server"].startswith("nginx")
            assert r.headers["Set-Cookie"].startswith(ROUTE_COOKIE + "=")
        conf = (tmp_path / "run" / "nginx.conf").read_text()
        assert "client_max_body_size 20m;" in conf and "hash $pantauzi_route consistent;" in conf
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        rest = proc.communicate(timeout=60)[0]
    assert proc.returncode == 0, rest
    assert (pg_dir / "data" / "PG_VERSION").exists()  # the data stays for the next `make serve`
    assert not (pg_dir / "data" / "postmaster.pid").exists()  # and the server was stopped


def test_serve_refuses_bad_arguments():
    done = subprocess.run(
        [sys.executable, "-m", "deploy", "--replicas", "0"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "--replicas harus 1 sampai 32" in done.stderr
