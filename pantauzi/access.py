"""Command line for users: ``python -m pantauzi.access add-user|list`` (argument parsing only).

``add-user`` checks every ``--region`` and ``--instansi`` code against the database (``--db``: a DuckDB
file or a postgresql:// URL, default the app's own, pantauzi.core.config.database()) and refuses unknown
ones with exit 2, listing the valid codes and their names."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from pantauzi.core import config
from pantauzi.core.access import ROLES, add_user, auth_path, load, user_of


def _unknown_codes(target: str, regions: list[str], instansi: list[str]) -> list[str] | str:
    """Messages for codes the database does not know; a str when the database cannot be read."""
    from pantauzi.store import assignments, db

    shown = db.describe(target)
    if not db.is_url(target) and not Path(target).is_file():
        return f"Basis data '{shown}' tidak ditemukan: kode wilayah/instansi tidak dapat diperiksa (pakai --db)."
    try:
        con = db.connect(target, read_only=True)
    except db.DatabaseError as exc:
        return f"{exc}."
    except Exception as exc:  # e.g. the DuckDB file is held by the running app
        return (
            f"Basis data '{shown}' tidak dapat dibuka ({type(exc).__name__}); bila aplikasi sedang memakai "
            "berkas DuckDB ini, tambahkan pengguna lewat halaman Pengguna."
        )
    try:
        return [u.message() for u in assignments.unknown(con, regions, instansi)]
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pantauzi.access", description="Pengguna PantauZI")
    sub = ap.add_subparsers(dest="command", required=True)
    a = sub.add_parser("add-user", help="tambah/ubah pengguna")
    a.add_argument("--username", required=True)
    a.add_argument("--name", required=True)
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument("--region", action="append", default=[], help="kode wilayah, mis. 81 atau 81.71")
    a.add_argument("--instansi", action="append", default=[], help="kode instansi, mis. kejati-81")
    a.add_argument("--email", default=None)
    a.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari stdin")
    a.add_argument("--db", default=None, help="basis data untuk memeriksa kode (berkas DuckDB atau postgresql://)")
    sub.add_parser("list", help="daftar pengguna")
    args = ap.parse_args(argv)
    path = auth_path()
    if args.command == "list":
        data = load(path)
        if data is None:
            print(f"Login belum diaktifkan: {path} tidak ada.")
            return 0
        for username in data["credentials"]["usernames"]:
            u = user_of(data, username)
            print(
                f"{u.username:<20} {u.role:<10} wilayah={','.join(u.regions) or '-'} "
                f"instansi={','.join(u.instansi) or '-'}"
            )
        return 0
    if args.role == "evaluator" and not (args.region or args.instansi):
        print("Evaluator perlu --region atau --instansi yang ditugaskan.", file=sys.stderr)
        return 2
    if args.region or args.instansi:
        found = _unknown_codes(args.db or config.database(), args.region, args.instansi)
        if isinstance(found, str):
            print(found, file=sys.stderr)
            return 2
        if found:
            for message in found:
                print(f"Tidak disimpan: {message}.", file=sys.stderr)
            return 2
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Kata sandi: ")
    try:
        add_user(path, args.username, args.name, password, args.role, args.region, args.instansi, args.email)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"Pengguna '{args.username}' ({args.role}) disimpan di {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
