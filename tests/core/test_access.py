"""`python -m pantauzi.access add-user`: the password is stored only as a bcrypt hash, in an owner-only file."""

from __future__ import annotations

import shutil

import pytest

from pantauzi.core import access


@pytest.mark.slow  # the command line, in a subprocess
def test_user_cli_hashes_the_password(tmp_path, demo_db):
    import subprocess
    import sys

    from tests.lke_helpers import ROOT

    copy = tmp_path / "users.duckdb"  # add-user checks --region against a database (another process)
    shutil.copyfile(demo_db, copy)
    path = tmp_path / "auth.yaml"
    env = {**__import__("os").environ, "PANTAUZI_AUTH": str(path)}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pantauzi.access",
            "add-user",
            "--username",
            "budi",
            "--name",
            "Budi",
            "--role",
            "evaluator",
            "--region",
            "81.71",
            "--db",
            str(copy),
            "--password-stdin",
        ],
        input="kata-sandi-kuat\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    text = path.read_text()
    assert "kata-sandi-kuat" not in text and "$2b$" in text
    assert (path.stat().st_mode & 0o077) == 0  # only the owner can read the hashes
    import bcrypt

    stored = access.load(path)["credentials"]["usernames"]["budi"]["password"]
    assert bcrypt.checkpw(b"kata-sandi-kuat", stored.encode())
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "pantauzi.access",
            "add-user",
            "--username",
            "x",
            "--name",
            "X",
            "--role",
            "evaluator",
            "--password-stdin",
        ],
        input="kata-sandi-kuat\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "--region" in bad.stderr
