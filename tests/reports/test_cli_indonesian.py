"""Every command a person runs speaks Indonesian (issue 19, point 11): argparse's usage and errors, the
status words, numbers as 95,63, a missing file named by its path; JSON stays machine format; the exit
codes stay as documented (2 for a bad command line or request, 0 for --help and success)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from pantauzi.cliargs import translate
from tests.lke_helpers import REAL, ROOT

ENGLISH = ("usage:", "error:", "the following arguments", "invalid choice", "invalid int", "options:", "Traceback")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=180, input=stdin
    )


def test_argparse_messages_translate():
    assert (
        translate("the following arguments are required: --db, --out") == "argumen wajib belum diberikan: --db, --out"
    )
    assert translate("argument --year: invalid int value: 'abc'") == "argumen --year: bukan bilangan bulat: 'abc'"
    assert translate("argument command: invalid choice: 'x' (choose from 'a', 'b')") == (
        "argumen perintah: pilihan tidak sah: 'x' (pilih salah satu: 'a', 'b')"
    )
    assert translate("unrecognized arguments: --foo") == "argumen tidak dikenal: --foo"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("reports",), "galat: argumen wajib belum diberikan: PERINTAH"),
        (("reports", "opd", "--db", "x", "--unit", "u", "--year", "abc", "--out", "o"), "bukan bilangan bulat: 'abc'"),
        (("reports", "wilayah", "--db", "x", "--out", "o"), "salah satu argumen --kabkota --provinsi wajib"),
        (("loaders", "ingest", "berkas.xlsx"), "argumen wajib belum diberikan: --db, --unit, --year"),
        (("loaders", "hapus"), "pilihan tidak sah: 'hapus'"),
        (("loaders", "score", "a.xlsx", "--stage", "tpn"), "argumen --stage: pilihan tidak sah: 'tpn'"),
        (("pantauzi.access", "add-user", "--username", "x"), "argumen wajib belum diberikan: --name, --role"),
        (("pantauzi.access", "list", "--lebih"), "argumen tidak dikenal: --lebih"),
    ],
)
def test_bad_command_lines_are_refused_in_indonesian(args, words):
    done = run(*args)
    assert done.returncode == 2, done.stderr
    assert "penggunaan: python -m" in done.stderr and words in done.stderr, done.stderr
    assert not any(e in done.stderr for e in ENGLISH), done.stderr


@pytest.mark.slow
def test_help_is_indonesian():
    for args in (("reports", "wilayah"), ("loaders", "ingest-dir"), ("pantauzi.access", "add-token")):
        done = run(*args, "--help")
        assert done.returncode == 0
        assert done.stdout.startswith("penggunaan: ") and "opsi:" in done.stdout, done.stdout
        assert "tampilkan bantuan ini lalu keluar" in done.stdout and "show this help" not in done.stdout


@pytest.mark.slow
def test_status_words_and_numbers(demo_db, tmp_path, capsys):
    from loaders.__main__ import main as loaders_main

    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    ingest = ["ingest", str(REAL), "--db", str(copy), "--unit", "81.71-DPMPTSP", "--year", "2024"]
    done = run("loaders", *ingest)  # the command as a person runs it: the demo's file for that stage is replaced
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("diganti: 81.71-DPMPTSP 2024 tahap self"), done.stdout
    assert "nilai 95,63" in done.stdout and "95.63" not in done.stdout
    # the same file again: "tidak berubah" (tests/docs/test_readme.py runs the README's example twice)
    # JSON stays machine format: a number, with a dot
    assert loaders_main(["score", str(REAL)]) == 0
    scored = json.loads(capsys.readouterr().out)
    assert isinstance(scored["total"], float) and round(scored["total"], 2) == 95.63


def test_missing_files_are_named(demo_db, tmp_path, capsys, monkeypatch):
    """In this process (the same main() the commands call): Indonesian, the path as typed, exit 2."""
    from loaders.__main__ import main as loaders_main
    from pantauzi.access import main as access_main
    from reports.__main__ import main as reports_main

    missing = tmp_path / "tidak-ada" / "lke.xlsx"
    for main, args in (
        (loaders_main, ["ingest", str(missing), "--db", str(demo_db), "--unit", "81.71-DPMPTSP", "--year", "2024"]),
        (loaders_main, ["ingest-mcp", str(missing), "--db", str(demo_db)]),
        (loaders_main, ["score", str(tmp_path)]),
        (reports_main, ["opd", "--db", str(missing), "--unit", "u", "--year", "2024", "--out", "x.pdf"]),
        (access_main, ["list-tokens", "--db", str(missing)]),
    ):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert str(missing) in err or f"'{tmp_path}' adalah folder" in err, err
        assert "Error" not in err and "Traceback" not in err, err
    assert not missing.parent.exists()  # list-tokens no longer creates a database at a typo
    broken = tmp_path / "auth.yaml"
    broken.write_text("a: [\n")
    monkeypatch.setenv("PANTAUZI_AUTH", str(broken))
    assert access_main(["list"]) == 2
    assert f"Berkas pengguna '{broken}' rusak" in capsys.readouterr().err
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    out = tmp_path / "folder-tidak-ada" / "r.xlsx"
    assert reports_main(["rekap", "--db", str(copy), "--kabkota", "81.71", "--tahun", "2024", "--out", str(out)]) == 2
    assert f"Berkas '{out}' tidak dapat ditulis: foldernya tidak ada." in capsys.readouterr().err
