"""Command line for users: ``python -m pantauzi.access add-user|list`` (argument parsing only)."""

from __future__ import annotations

import argparse
import getpass
import sys

from pantauzi.core.access import ROLES, add_user, auth_path, load, user_of


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pantauzi.access", description="Pengguna PantauZI")
    sub = ap.add_subparsers(dest="command", required=True)
    a = sub.add_parser("add-user", help="tambah/ubah pengguna")
    a.add_argument("--username", required=True)
    a.add_argument("--name", required=True)
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument("--region", action="append", default=[], help="kode wilayah, mis. 81 atau 81.71")
    a.add_argument("--instansi", action="append", default=[], help="kode instansi, mis. kejaksaan")
    a.add_argument("--email", default=None)
    a.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari stdin")
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
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Kata sandi: ")
    if args.role == "evaluator" and not (args.region or args.instansi):
        print("Evaluator perlu --region atau --instansi yang ditugaskan.", file=sys.stderr)
        return 2
    try:
        add_user(path, args.username, args.name, password, args.role, args.region, args.instansi, args.email)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"Pengguna '{args.username}' ({args.role}) disimpan di {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
