"""Command line for users and PortalRB tokens (argument parsing only):
``python -m pantauzi.access add-user|list|remove-user|reset-password|add-token|list-tokens|revoke-token``.

``remove-user`` and ``reset-password`` ask for confirmation (or ``--yes``), record the change in the
store's ``user_changes`` (by ``cli``) and end the user's sign-in sessions there; they change nothing when
the store (--db, else the app's own) cannot be opened.

``add-user`` checks every ``--region`` and ``--instansi`` code against the database (``--db``: a DuckDB
file or a postgresql:// URL, default the app's own, pantauzi.core.config.database()) and refuses unknown
ones with exit 2, listing the valid codes and their names.

``add-token --instansi CODE`` prints the new token alone on the last line of stdout: it is shown this
once and stored only as its sha256. The token commands open the store (--db, else $PANTAUZI_DATABASE_URL
or $PANTAUZI_DB); while the app runs on a DuckDB file they wait for it (PANTAUZI_DB_WAIT_SECONDS), or
create tokens on the Pengguna page of the running app."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from pantauzi.cliargs import Parser
from pantauzi.core import config
from pantauzi.core.access import ROLES, add_user, auth_path, load, remove_user, set_password, user_of


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
    ap = Parser(prog="python -m pantauzi.access", description="Pengguna dan token API PantauZI")
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
    r = sub.add_parser("remove-user", help="hapus pengguna (sesi masuknya berakhir)")
    r.add_argument("--username", required=True)
    r.add_argument("--yes", action="store_true", help="tanpa pertanyaan konfirmasi")
    r.add_argument("--db", default=None, help="basis data untuk catatan perubahan dan sesi")
    p = sub.add_parser("reset-password", help="atur ulang kata sandi pengguna (sesi masuknya berakhir)")
    p.add_argument("--username", required=True)
    p.add_argument("--password-stdin", action="store_true", help="baca kata sandi baru dari stdin")
    p.add_argument("--yes", action="store_true", help="tanpa pertanyaan konfirmasi")
    p.add_argument("--db", default=None, help="basis data untuk catatan perubahan dan sesi")
    t = sub.add_parser("add-token", help="buat token API PortalRB untuk satu instansi (dicetak sekali)")
    t.add_argument("--instansi", required=True, help="kode instansi, mis. pemkot-81.71")
    t.add_argument("--label", default=None, help="keterangan, mis. 'PortalRB 2026'")
    t.add_argument("--rate-limit", type=int, default=None, help="panggilan per menit (bawaan: pengaturan server)")
    t.add_argument("--db", default=None)
    lt = sub.add_parser("list-tokens", help="daftar token API PortalRB (tanpa tokennya)")
    lt.add_argument("--db", default=None)
    rt = sub.add_parser("revoke-token", help="cabut token API PortalRB")
    rt.add_argument("id", type=int)
    rt.add_argument("--db", default=None)
    args = ap.parse_args(argv)
    if args.command in ("add-token", "list-tokens", "revoke-token"):
        return _tokens(args)
    import yaml

    path = auth_path()
    try:
        return _users(args, path)
    except yaml.YAMLError:
        print(f"Berkas pengguna '{path}' rusak (bukan YAML yang sah): periksa isinya.", file=sys.stderr)
    except OSError as exc:
        why = (
            "tidak ada"
            if isinstance(exc, FileNotFoundError)
            else "tidak ada izin"
            if isinstance(exc, PermissionError)
            else f"kode sistem {exc.errno}"
        )
        print(f"Berkas '{exc.filename or path}' tidak dapat dibaca atau ditulis ({why}).", file=sys.stderr)
    return 2


def _users(args: argparse.Namespace, path: Path) -> int:
    if args.command in ("remove-user", "reset-password"):
        return _change(args, path)
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


def _change(args: argparse.Namespace, path: Path) -> int:
    """remove-user / reset-password: confirmed, then the file changed and the change recorded in the store."""
    from pantauzi.store import db, sessions
    from pantauzi.store.signin import utcnow

    data = load(path)
    if data is None or args.username not in data["credentials"]["usernames"]:
        print(f"Pengguna '{args.username}' tidak ada di {path}.", file=sys.stderr)
        return 2
    removing = args.command == "remove-user"
    password = ""
    if not removing:
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Kata sandi baru: ")
        if len(password) < 8:
            print("kata sandi minimal 8 karakter", file=sys.stderr)
            return 2
    if not args.yes:
        what = "Hapus pengguna" if removing else "Atur ulang kata sandi"
        if input(f"{what} '{args.username}'? Ketik 'ya' untuk melanjutkan: ").strip().lower() != "ya":
            print("Dibatalkan: tidak ada yang diubah.", file=sys.stderr)
            return 1
    target = args.db or config.database()
    try:
        con = db.connect(target)
    except Exception as exc:
        print(
            f"Basis data '{db.describe(target)}' tidak dapat dibuka ({type(exc).__name__}): tidak ada yang diubah "
            "(perubahan pengguna dicatat dan sesinya diakhiri di sana).",
            file=sys.stderr,
        )
        return 2
    try:
        if removing:
            remove_user(path, args.username)
        else:
            set_password(path, args.username, password)
        ended = sessions.record_change(con, "cli", args.username, "removed" if removing else "password_reset", utcnow())
    finally:
        con.close()
    done = "dihapus" if removing else "kata sandinya diatur ulang"
    print(f"Pengguna '{args.username}' {done}; {ended} sesi masuk diakhiri.")
    return 0


def _tokens(args: argparse.Namespace) -> int:
    from pantauzi import portalrb
    from pantauzi.core import config
    from pantauzi.store import db, portalrb_queries

    target = args.db or config.database()
    if not db.is_url(target) and not Path(target).is_file():  # never a new, empty database at a typo
        print(f"Basis data '{target}' tidak ditemukan.", file=sys.stderr)
        return 2
    try:
        con = db.connect(target)
    except db.DatabaseError as exc:
        print(f"{exc}.", file=sys.stderr)
        return 2
    except Exception as exc:
        print(f"Basis data '{db.describe(target)}' tidak dapat dibuka ({type(exc).__name__}).", file=sys.stderr)
        return 2
    try:
        if args.command == "add-token":
            try:
                token_id, token = portalrb.create_token(con, args.instansi, args.label, args.rate_limit, "cli")
            except ValueError as exc:
                print(str(exc), file=sys.stderr)
                return 2
            print(f"Token #{token_id} untuk instansi {args.instansi} dibuat. Simpan sekarang: ditampilkan sekali ini.")
            print(token)
            return 0
        if args.command == "revoke-token":
            if not portalrb.revoke_token(con, args.id, "cli"):
                print(f"Token #{args.id} tidak ada atau sudah dicabut.", file=sys.stderr)
                return 2
            print(f"Token #{args.id} dicabut.")
            return 0
        with db.cursor(con) as cur:
            rows = portalrb_queries.tokens(cur)
        for r in rows.itertuples():
            state = "dicabut" if r.revoked_at is not None and str(r.revoked_at) != "NaT" else "aktif"
            used = "-" if str(r.last_used_at) == "NaT" else str(r.last_used_at)[:19]
            print(f"#{r.id:<4} {r.instansi_code:<20} {state:<8} terakhir dipakai {used} ({r.calls} panggilan)")
        return 0
    finally:
        con.close()


if __name__ == "__main__":
    sys.exit(main())
