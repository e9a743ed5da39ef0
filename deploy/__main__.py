"""`python -m deploy --replicas N`: PostgreSQL, N PantauZI replicas and nginx on loopback (`make serve`).

    .venv/bin/python -m deploy --replicas 2 --port 8080                 # a local PostgreSQL in data/pg
    .venv/bin/python -m deploy --replicas 2 --db postgresql://host/db   # an existing database
    .venv/bin/python -m deploy --replicas 2 --db data/pantauzi.duckdb   # one DuckDB file, read by all

Runs until Ctrl+C (or SIGTERM), then stops nginx, the replicas and the PostgreSQL it started.
Exit codes: 0 stopped cleanly, 1 a piece did not start, 2 wrong arguments.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from deploy.cluster import ROOT, Cluster, DeployError
from deploy.postgres import INSTALL_HINT, PgServer, find_bin

DATABASE = "pantauzi"


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m deploy", description="PantauZI di belakang nginx, N replika.")
    p.add_argument("--replicas", type=int, default=2, help="jumlah replika Streamlit (bawaan 2)")
    p.add_argument("--port", type=int, default=8080, help="port nginx di 127.0.0.1 (bawaan 8080)")
    p.add_argument("--db", help="URL postgresql:// atau berkas DuckDB; bawaan: PostgreSQL lokal di --pg-dir")
    p.add_argument("--pg-dir", type=Path, default=ROOT / "data" / "pg", help="folder data PostgreSQL lokal")
    p.add_argument("--auth", type=Path, default=None, help="berkas pengguna (bawaan: PANTAUZI_AUTH bila ada)")
    p.add_argument("--run-dir", type=Path, default=ROOT / "data" / "serve", help="folder log dan konfigurasi")
    args = p.parse_args(argv)
    if not 1 <= args.replicas <= 32:
        p.error("--replicas harus 1 sampai 32")
    if not 1 <= args.port <= 65535:
        p.error("--port harus 1 sampai 65535")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    pg: PgServer | None = None
    db = args.db or os.environ.get("PANTAUZI_DATABASE_URL")
    auth = args.auth or (Path(os.environ["PANTAUZI_AUTH"]) if os.environ.get("PANTAUZI_AUTH") else None)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        if not db:
            bin_dir = find_bin()
            if bin_dir is None:
                raise DeployError(f"PostgreSQL tidak terpasang ({INSTALL_HINT})")
            try:
                pg = PgServer(bin_dir, directory=args.pg_dir).start()
            except RuntimeError as exc:  # e.g. the `postgres` user cannot reach --pg-dir (a 0700 home)
                raise DeployError(
                    f"PostgreSQL lokal di {args.pg_dir} tidak dapat dimulai (folder harus dapat dibuka pengguna "
                    f"postgres; atau beri --db URL): {exc}"
                ) from exc
            db = pg.ensure_database(DATABASE)
            print(f"PostgreSQL lokal: {db} (data di {args.pg_dir})", flush=True)
        if db.startswith(("postgresql://", "postgres://")):  # the demo only into an empty database
            build = [sys.executable, "-m", "loaders", "build-demo", "--db", db, "--if-empty"]
            if subprocess.run(build, cwd=ROOT).returncode != 0:
                raise DeployError("data contoh tidak dapat dimuat ke basis data")
        elif not Path(db).exists():
            raise DeployError(f"berkas basis data {db} tidak ada (buat dengan `make demo-db`)")
        with Cluster(db, replicas=args.replicas, port=args.port, auth=auth, run_dir=args.run_dir) as cluster:
            ports = ", ".join(str(r.port) for r in cluster.members)
            print(f"PantauZI siap di {cluster.url} ({args.replicas} replika pada port {ports}).", flush=True)
            print(f"Log: {args.run_dir}. Hentikan dengan Ctrl+C.", flush=True)
            while not stop.wait(1):
                if not any(r.running for r in cluster.members):
                    raise DeployError("semua replika berhenti; lihat log di " + str(args.run_dir))
        return 0
    except DeployError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return 1
    finally:
        if pg is not None:
            pg.stop()


if __name__ == "__main__":
    sys.exit(main())
