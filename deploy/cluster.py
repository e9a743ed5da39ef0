"""N Streamlit replicas of PantauZI behind one nginx, on loopback: what `make serve REPLICAS=N` runs, and
what the deployment test and `benchmarks.load --through-proxy` start.

Every replica is the real app (`streamlit run dashboard.py`) on its own port, all on one store (a
PostgreSQL URL, or one DuckDB file the replicas read), all with one cookie secret: Streamlit signs its
XSRF cookie with it, so a user whose replica stops can still upload on the next one. nginx spreads
sessions over the replicas with a consistent hash on a route cookie (deploy/nginx.conf.template).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
ROUTE_COOKIE = "pantauzi_route"
MAX_UPLOAD_ENV = "PANTAUZI_MAX_UPLOAD_MB"
DEFAULT_MAX_UPLOAD_MB = 20


class DeployError(RuntimeError):
    """A piece of the deployment did not start (message in Indonesian, with the log's tail)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_binary() -> str:
    exe = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(exe).exists():
        raise DeployError("nginx tidak terpasang (apt-get install -y nginx)")
    return exe


def max_upload_mb() -> int:
    raw = os.environ.get(MAX_UPLOAD_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_UPLOAD_MB


def wait_http(url: str, seconds: float, proc: subprocess.Popen[bytes] | None = None) -> bool:
    """True once `url` answers 200 within `seconds` (False early if `proc` exits)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def _tail(path: Path, n: int = 1500) -> str:
    return path.read_text(errors="replace")[-n:] if path.exists() else ""


@dataclass
class Replica:
    index: int
    port: int
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


def render_config(run: Path, listen: str, replicas: list[Replica], upload_mb: int) -> str:
    """The nginx configuration for these replicas (as root, workers run as root too: they read `run`)."""
    servers = "\n".join(f"        server {r.address} max_fails=3 fail_timeout=10s;" for r in replicas)
    fields = {
        "RUN": str(run),
        "USER": "user root;" if os.geteuid() == 0 else "",
        "MAX_UPLOAD_MB": str(upload_mb),
        "ROUTE_COOKIE": ROUTE_COOKIE,
        "SERVERS": servers,
        "LISTEN": listen,
    }
    text = TEMPLATE.read_text()
    for key, value in fields.items():
        text = text.replace("{{" + key + "}}", value)
    if "{{" in text:
        raise DeployError("templat nginx memuat isian yang tidak dikenal")
    return text


@dataclass
class Cluster:
    """Replicas and the proxy; `start()` returns once nginx and every replica answer."""

    db: str  # a postgresql:// URL or a DuckDB file
    replicas: int = 2
    port: int = 0  # nginx's port (0: a free one)
    auth: Path | None = None  # the users file (PANTAUZI_AUTH); None: no sign-in, everyone a viewer
    run_dir: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    quiet: bool = True
    members: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None
    cookie_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def run(self) -> Path:
        assert self.run_dir is not None
        return self.run_dir

    def _app_env(self) -> dict[str, str]:
        env = {**os.environ, **self.env, MAX_UPLOAD_ENV: str(max_upload_mb())}
        if self.db.startswith(("postgresql://", "postgres://")):
            env["PANTAUZI_DATABASE_URL"] = self.db
            env.pop("PANTAUZI_DB", None)
        else:
            env["PANTAUZI_DB"] = str(Path(self.db).resolve())
            env.pop("PANTAUZI_DATABASE_URL", None)
        env["PANTAUZI_AUTH"] = str(self.auth) if self.auth else str(ROOT / "tests" / "no-auth-file.yaml")
        env["STREAMLIT_SERVER_COOKIE_SECRET"] = self.cookie_secret  # Streamlit refuses it as a CLI flag
        return env

    def start_replica(self, r: Replica) -> None:
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(r.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
            "--server.maxUploadSize",
            str(max_upload_mb()),
        ]
        with open(r.log, "ab") as log:
            r.proc = subprocess.Popen(
                cmd, cwd=ROOT, env=self._app_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def start(self) -> Cluster:
        self.run_dir = self.run_dir or Path(tempfile.mkdtemp(prefix="pantauzi-serve-"))
        self.run.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        self.members = [Replica(i, free_port(), self.run / f"replica-{i}.log") for i in range(1, self.replicas + 1)]
        try:
            for r in self.members:
                self.start_replica(r)
            for r in self.members:
                if not wait_http(f"http://{r.address}/_stcore/health", 120, r.proc):
                    raise DeployError(f"replika {r.index} tidak menjawab dalam 120 detik:\n{_tail(r.log)}")
            conf = self.run / "nginx.conf"
            conf.write_text(render_config(self.run, f"127.0.0.1:{self.port}", self.members, max_upload_mb()))
            exe = nginx_binary()
            test = subprocess.run([exe, "-t", "-p", str(self.run), "-c", str(conf)], capture_output=True, text=True)
            if test.returncode != 0:
                raise DeployError(f"konfigurasi nginx ditolak: {test.stderr.strip()}")
            out = open(self.run / "nginx.out", "ab")
            self.nginx = subprocess.Popen(
                [exe, "-p", str(self.run), "-c", str(conf), "-g", "daemon off;"],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            out.close()
            if not wait_http(self.url + "/_stcore/health", 30, self.nginx):
                raise DeployError(f"nginx tidak menjawab di {self.url}:\n{_tail(self.run / 'error.log')}")
        except BaseException:
            self.stop()
            raise
        return self

    def stop_replica(self, index: int) -> None:
        """Stop one replica (its users move to the next one on nginx's ring)."""
        _terminate(self.members[index - 1].proc)

    def restart_replica(self, index: int) -> None:
        r = self.members[index - 1]
        _terminate(r.proc)
        self.start_replica(r)
        if not wait_http(f"http://{r.address}/_stcore/health", 120, r.proc):
            raise DeployError(f"replika {r.index} tidak menjawab dalam 120 detik:\n{_tail(r.log)}")

    def pids(self) -> list[int]:
        return [r.proc.pid for r in self.members if r.proc is not None and r.running]

    def access_log(self) -> list[dict[str, str]]:
        """nginx's access log as records: line, upstream (every replica tried, as nginx writes it),
        served_by (the last of them: the one that answered), route (the affinity key)."""
        import re

        rows = []
        path = self.run / "access.log"
        for line in path.read_text(errors="replace").splitlines() if path.exists() else []:
            rec = {"line": line, **dict(re.findall(r'(\w+)="([^"]*)"', line))}
            rec["served_by"] = rec.get("upstream", "").split(",")[-1].strip()
            rows.append(rec)
        return rows

    def stop(self) -> None:
        _terminate(self.nginx)
        for r in self.members:
            _terminate(r.proc)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _terminate(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)
