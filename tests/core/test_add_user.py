"""`python -m pantauzi.access add-user` checks region and instansi codes against the database: unknown
ones exit 2 with the valid codes and names, in Indonesian, and nothing is written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from pantauzi.core import access
from pantauzi.store import assignments, db
from tests.lke_helpers import ROOT

pytestmark = pytest.mark.slow  # each test runs the add-user command line in a subprocess


@pytest.fixture()
def copy_db(demo_db, tmp_path):
    """Another process reads it: a file no in-process connection holds."""
    path = tmp_path / "users.duckdb"
    shutil.copyfile(demo_db, path)
    return path


def add_user(tmp_path, *args: str, db_env: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PANTAUZI_AUTH": str(tmp_path / "auth.yaml")}
    if db_env is not None:
        env["PANTAUZI_DB"] = db_env
    return subprocess.run(
        [sys.executable, "-m", "pantauzi.access", "add-user", "--name", "Tim", "--password-stdin", *args],
        input="kata-sandi-kuat\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_readme_example_kind_instead_of_code_is_refused_with_the_choices(tmp_path, copy_db):
    out = add_user(
        tmp_path, "--username", "kejati", "--role", "evaluator", "--instansi", "kejaksaan", "--db", str(copy_db)
    )
    assert out.returncode == 2
    assert "kode instansi 'kejaksaan' tidak dikenal" in out.stderr
    assert "kejati-81 (Kejaksaan Tinggi Maluku)" in out.stderr and "kejati-36 (Kejaksaan Tinggi Banten)" in out.stderr
    assert not (tmp_path / "auth.yaml").exists()


def test_unknown_region_lists_regions_and_nothing_is_written(tmp_path, copy_db):
    out = add_user(tmp_path, "--username", "eva", "--role", "evaluator", "--region", "81.99", "--db", str(copy_db))
    assert out.returncode == 2 and "kode wilayah '81.99' tidak dikenal" in out.stderr
    assert "81.71 (Kota Ambon)" in out.stderr
    assert not (tmp_path / "auth.yaml").exists()


def test_known_codes_are_saved_with_the_default_database(tmp_path, copy_db):
    out = add_user(
        tmp_path,
        "--username",
        "eva",
        "--role",
        "evaluator",
        "--region",
        "81.71",
        "--instansi",
        "kejati-81",
        db_env=str(copy_db),
    )
    assert out.returncode == 0, out.stderr
    u = access.user_of(access.load(tmp_path / "auth.yaml"), "eva")
    assert u.regions == ("81.71",) and u.instansi == ("kejati-81",)


def test_a_missing_database_cannot_check_codes(tmp_path):
    out = add_user(
        tmp_path, "--username", "eva", "--role", "evaluator", "--region", "81.71", "--db", str(tmp_path / "x.duckdb")
    )
    assert out.returncode == 2 and "tidak ditemukan" in out.stderr and "--db" in out.stderr
    assert not (tmp_path / "x.duckdb").exists() and not (tmp_path / "auth.yaml").exists()


def test_an_admin_needs_no_database(tmp_path):
    out = add_user(tmp_path, "--username", "adi", "--role", "admin", db_env=str(tmp_path / "none.duckdb"))
    assert out.returncode == 0, out.stderr


def test_many_choices_are_narrowed_to_the_parent_region(tmp_path):
    con = db.connect(tmp_path / "n.duckdb")
    try:
        rows = [(f"{p}", f"Provinsi {p}", "provinsi", None) for p in range(11, 60)] + [
            ("81", "Maluku", "provinsi", None)
        ]
        rows += [(f"81.{k:02d}", f"Kab {k}", "kabkota", "81") for k in range(1, 30)]
        con.executemany("INSERT INTO regions VALUES (?, ?, ?, ?)", rows)
        con.executemany(
            "INSERT INTO instansi VALUES (?, ?, ?, ?)",
            [(f"pemkab-81.{k:02d}", f"Pemkab {k}", "pemkab", f"81.{k:02d}") for k in range(1, 30)]
            + [(f"kejari-81.{k:02d}", f"Kejari {k}", "kejaksaan", f"81.{k:02d}") for k in range(1, 30)],
        )
        (region,) = assignments.unknown(con, ["81.99"], [])
        assert {c for c, _ in region.choices} == {"81"} | {f"81.{k:02d}" for k in range(1, 30)}
        assert region.more == len(rows) - 30 and "dan 49 kode lain" in region.message()
        (inst,) = assignments.unknown(con, [], ["kejaksaan"])
        assert {c for c, _ in inst.choices} == {f"kejari-81.{k:02d}" for k in range(1, 30)}
        assert assignments.unknown(con, ["81", "81.05"], ["pemkab-81.01"]) == []
    finally:
        con.close()
