"""Command line: ``python -m loaders score|ingest|ingest-json|build-demo``.

``--db`` takes a DuckDB file path or a ``postgresql://`` URL (PostgreSQL as the shared store); the
commands never read PANTAUZI_DATABASE_URL themselves: pass ``--db "$PANTAUZI_DATABASE_URL"``.
Exit codes: 0 success, 2 the file could not be scored or stored (message on stderr, nothing changed).
"""

from __future__ import annotations

import argparse
import importlib.abc
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pantauzi.cliargs import Parser
from pantauzi.core import fmt
from pantauzi.core.problems import WorkbookRejected
from pantauzi.core.vocab import import_status_word

if TYPE_CHECKING:  # imported where used: the CLI starts without DuckDB
    import duckdb


def _parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m loaders", description="Pemuat data PantauZI")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("score", help="hitung ulang nilai satu workbook LKE dan cetak JSON")
    s.add_argument("file")
    s.add_argument("--stage", choices=["self", "tpi"], default=None)
    i = sub.add_parser("ingest", help="simpan satu workbook LKE ke DuckDB")
    i.add_argument("file")
    i.add_argument("--db", required=True)
    i.add_argument("--unit", required=True)
    i.add_argument("--year", required=True, type=int)
    i.add_argument("--stage", choices=["self", "tpi", "tpn"], default=None)
    j = sub.add_parser("ingest-json", help="simpan jawaban-unit JSON (format API PortalRB) sebagai pengajuan")
    j.add_argument("file")
    j.add_argument("--db", required=True)
    j.add_argument("--unit", required=True)
    j.add_argument("--year", required=True, type=int)
    j.add_argument("--stage", choices=["self", "tpi"], default=None, help="bawaan: setiap tahap yang berisi jawaban")
    b = sub.add_parser("ingest-dir", help="muat semua workbook dalam satu folder (rekursif)")
    b.add_argument("dir")
    b.add_argument("--db", required=True)
    b.add_argument("--no-progress", action="store_true")
    b.add_argument("--workers", type=int, default=None, help="proses penilaian (bawaan: jumlah inti, maks. 4)")
    for kind, what in (("ombudsman", "nilai kepatuhan/opini Ombudsman RI"), ("mcp", "nilai KPK MCP")):
        r = sub.add_parser(f"ingest-{kind}", help=f"simpan berkas {what} (templat PantauZI .xlsx atau .csv)")
        r.add_argument("file")
        r.add_argument("--db", required=True)
    d = sub.add_parser("build-demo", help="bangun basis data contoh dari data/demo lewat loader asli")
    d.add_argument("--db", required=True)
    d.add_argument("--demo-dir", default=None)
    d.add_argument(
        "--if-empty",
        action="store_true",
        help="hanya bila basis data belum berisi data (selain itu: tidak berbuat apa-apa, kode 0)",
    )
    return p


def _word(status: str) -> str:
    """An import status as people read it (dimuat, tidak berubah, diganti, ditolak)."""
    return import_status_word(status)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


class _Refused(Exception):
    """A command that cannot go on: its message goes to stderr, exit code 2."""


def _open(target: str) -> duckdb.DuckDBPyConnection:
    """The store named by --db (a DuckDB file or a postgresql:// URL), or one Indonesian message."""
    from pantauzi.store import db

    try:
        return db.connect(target)
    except db.DatabaseError as exc:
        raise _Refused(f"{exc}.") from None
    except Exception as exc:
        raise _Refused(f"Basis data '{db.describe(target)}' tidak dapat dibuka: {exc}") from None


def cmd_score(args: argparse.Namespace) -> int:
    from loaders import sandbox
    from loaders.lke import score_file
    from loaders.workbook import check_file

    label = Path(args.file).name
    check_file(args.file, label)  # what needs no parsing, before a child parses the file
    res = sandbox.run(score_file, args.file, args.stage, label, label=label)
    json.dump(res.as_json(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from loaders.ingest import ingest_lke

    con = _open(args.db)
    try:
        outcomes = ingest_lke(con, args.file, args.unit, args.year, args.stage)
    finally:
        con.close()
    for o in outcomes:
        print(
            f"{_word(o.status)}: {o.unit} {o.year} tahap {o.stage} -> pengajuan #{o.submission_id}, "
            f"nilai {fmt.num(o.total)}{' (belum lengkap)' if o.incomplete else ''}, "
            f"{o.differences} selisih dengan workbook"
        )
    return 0


def cmd_ingest_json(args: argparse.Namespace) -> int:
    from loaders.portalrb_json import ingest_json

    con = _open(args.db)
    try:
        outcomes = ingest_json(con, args.file, args.unit, args.year, args.stage, loaded_by="cli")
    finally:
        con.close()
    for o in outcomes:
        print(
            f"{_word(o.status)}: {o.unit} {o.year} tahap {o.stage} -> pengajuan #{o.submission_id}, "
            f"nilai {fmt.num(o.total)}{' (belum lengkap)' if o.incomplete else ''}"
        )
    return 0


class _WithoutPandas(importlib.abc.MetaPathFinder):
    """Refuse `import pandas` in this process. ingest-dir never uses pandas, but pyarrow and DuckDB
    import it (about 0.3 s CPU, several times that on a busy machine) just to ask whether the values
    they are given are pandas objects; both treat pandas as optional and carry on without it."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError(f"{name} is not used by ingest-dir", name=name)
        return None


@contextmanager
def _without_pandas() -> Iterator[None]:
    """Refuse `import pandas` for the length of a command (unless it is loaded already)."""
    finder = None if "pandas" in sys.modules else _WithoutPandas()
    if finder:
        sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        if finder:
            sys.meta_path.remove(finder)


def cmd_ingest_dir(args: argparse.Namespace) -> int:
    with _without_pandas():
        return _ingest_dir(args)


def _ingest_dir(args: argparse.Namespace) -> int:
    from loaders.jobs import planned

    folder = Path(args.dir)
    if not folder.is_dir():
        return _fail(f"Folder '{folder}' tidak ditemukan.")
    try:
        # the scoring processes start first (forked: no DuckDB in this process yet) on the first files
        # and score while this one imports DuckDB and opens the database
        with planned(folder, args.workers, fork=True, ahead=64) as (jobs, scorer):
            from loaders.bulk import ingest_jobs
            from pantauzi.store import db

            # opened per batch, not for the run: the app and reports read the file between batches
            try:
                rows = ingest_jobs(db.Store(args.db), jobs, scorer, progress=not args.no_progress)
            except db.DatabaseError as exc:
                raise _Refused(
                    f"{exc}. Berkas dari kelompok yang sudah tersimpan tetap tersimpan; jalankan perintah "
                    "yang sama lagi untuk sisanya (berkas yang sama dilewati)."
                ) from None
    except ValueError as exc:
        return _fail(f"{folder}/manifest.csv: {exc}")
    from loaders.bulk import summary

    print(summary(rows))
    return 1 if any(r.status == "rejected" for r in rows) else 0


def cmd_ingest_ratings(args: argparse.Namespace) -> int:
    from loaders.ratings import ingest_ratings

    kind = args.command.removeprefix("ingest-")
    con = _open(args.db)
    try:
        out = ingest_ratings(con, kind, args.file, loaded_by="cli")
    finally:
        con.close()
    for w in out.warnings:
        print("peringatan: " + w.render(), file=sys.stderr)
    print(
        f"{_word(out.status)}: {out.rows} baris {kind} dari {Path(args.file).name}"
        + (f", {out.replaced} baris lama menjadi riwayat" if out.replaced else "")
    )
    return 0


def cmd_build_demo(args: argparse.Namespace) -> int:
    from loaders import demo_db

    try:
        print(demo_db.build(args.db, Path(args.demo_dir) if args.demo_dir else None, if_empty=args.if_empty))
    except demo_db.DemoRefused as exc:
        return _fail(str(exc))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {
        "score": cmd_score,
        "ingest": cmd_ingest,
        "ingest-json": cmd_ingest_json,
        "ingest-dir": cmd_ingest_dir,
        "build-demo": cmd_build_demo,
        "ingest-ombudsman": cmd_ingest_ratings,
        "ingest-mcp": cmd_ingest_ratings,
    }
    given = getattr(args, "file", None)
    if given is not None and not Path(given).is_file():  # named as typed, before any database is opened
        if Path(given).is_dir():
            return _fail(f"'{given}' adalah folder, bukan berkas.")
        return _fail(f"Berkas '{given}' tidak ditemukan.")
    try:
        return handlers[args.command](args)
    except WorkbookRejected as exc:
        return _fail(exc.render())
    except _Refused as exc:
        return _fail(str(exc))
    except BrokenPipeError:  # e.g. `... score FILE | head`
        return 0
    except Exception as exc:  # an unexpected failure still gets a message, not a traceback
        return _fail(f"Gagal memproses: {_explain(exc)}")


def _explain(exc: Exception) -> str:
    """An unexpected failure in Indonesian: DuckDB's and the OS's English text never reaches the user."""
    duckdb = sys.modules.get("duckdb")
    if duckdb is not None and isinstance(exc, duckdb.Error):
        from pantauzi.store import db

        return f"basis data: {db.explain(exc)}."
    if isinstance(exc, OSError):
        where = f" '{exc.filename}'" if exc.filename else ""
        return f"berkas{where} tidak dapat dibaca atau ditulis (kode sistem {exc.errno})."
    return f"{type(exc).__name__}: {exc}"


if __name__ == "__main__":
    sys.exit(main())
