"""The benchmark scripts run at a small scale (not timed) so they cannot rot."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pantauzi.store import db

ROOT = Path(__file__).resolve().parents[2]


def test_ingest_benchmark_runs_small():
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.ingest", "--workbooks", "6", "--naive-sample", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "ratio" in out.stdout and "dimuat 6" in out.stdout


def test_generate_and_page_benchmarks_run_small(national_db, tmp_path):
    """The generator's database holds what the issue asks for, and the page benchmark's answers equal
    the naive baseline's for every selection (--check exits 1 on any difference)."""
    con = db.connect(national_db)  # the pages' in-process connection may hold the file: same configuration
    try:
        levels = dict(con.execute("SELECT level, count(*) FROM regions GROUP BY level").fetchall())
        assert levels["provinsi"] == 38 and levels["kabkota"] == 514
        assert con.execute("SELECT name FROM regions WHERE code = '96'").fetchall() == [("Papua Barat Daya",)]
        assert con.execute("SELECT name FROM regions WHERE code = '81.71'").fetchall() == [("Kota Ambon",)]
        per_sub = con.execute("SELECT count(*) / (SELECT count(*) FROM lke_submissions) FROM lke_answers").fetchall()
        assert per_sub[0][0] > 120
        stages = dict(con.execute("SELECT stage, count(*) FROM lke_submissions GROUP BY stage").fetchall())
        assert set(stages) == {"self", "tpi", "tpn"}
        # derived tables written by the loaders' store: one score row per submission, six areas each
        assert con.execute(
            "SELECT count(*) FROM lke_submissions s ANTI JOIN lke_scores t ON t.submission_id = s.id"
        ).fetchall() == [(0,)]
        assert con.execute(
            "SELECT count(*) = 6 * (SELECT count(*) FROM lke_submissions) FROM lke_area_scores"
        ).fetchall() == [(True,)]
        # Ombudsman and MCP for every pemda of the sample, loaded by the ratings loader (its import rows)
        pemda = {
            r[0]
            for r in con.execute(
                "SELECT region_code FROM instansi WHERE kind IN ('pemprov', 'pemkab', 'pemkot')"
            ).fetchall()
        }
        rated = {
            r[0] for r in con.execute("SELECT region_code FROM ombudsman_ratings WHERE level = 'pemda'").fetchall()
        }
        scored = {r[0] for r in con.execute("SELECT region_code FROM mcp_scores WHERE area_key = 'total'").fetchall()}
        assert pemda and rated == pemda and scored == pemda
        assert con.execute("SELECT count(*) FROM ombudsman_ratings WHERE level = 'opd'").fetchall()[0][0] > 0
        assert con.execute("SELECT count(*) FROM ombudsman_ratings WHERE year = 2020").fetchall() == [(0,)]
        assert sorted(r[0] for r in con.execute("SELECT kind FROM imports WHERE kind <> 'lke'").fetchall()) == [
            "mcp",
            "ombudsman",
        ]
    finally:
        con.close()
    # the benchmark runs in its own process, on its own copy: an AppTest of this session (test_pages)
    # may still hold the fixture's file through the app's cached connection, whatever the test order
    copy = tmp_path / "national.duckdb"
    shutil.copyfile(national_db, copy)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.pages", "--db", str(copy), "--selections", "5", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    for page in ("Ringkasan", "Area Perubahan", "Ombudsman RI", "KPK MCP", "Profil OPD", "Unggah Data (versi)"):
        assert page in out.stdout
    assert "0 differences" in out.stdout


@pytest.mark.browser
def test_load_benchmark_runs_small(national_db, tmp_path):
    """One headless Chromium session against a real streamlit process (its own database copy)."""
    copy = tmp_path / "national.duckdb"
    shutil.copyfile(national_db, copy)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.load", "--db", str(copy), "--sessions", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    row = out.stdout.strip().splitlines()[-1].split()
    assert row[:3] == ["1", "1", "3"]  # one server, N=1: three complete visits
    assert float(row[7]) > 0 and float(row[8]) > 0  # server CPU per view, views per CPU-second


@pytest.mark.browser
def test_load_benchmark_runs_through_nginx(national_db, tmp_path):
    """Two sessions through nginx in front of two replicas (the deployment of `make serve`)."""
    copy = tmp_path / "national.duckdb"
    shutil.copyfile(national_db, copy)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.load",
            "--db",
            str(copy),
            "--sessions",
            "2",
            "--through-proxy",
            "--replicas",
            "2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    row = out.stdout.strip().splitlines()[-1].split()
    assert row[:3] == ["2", "2", "6"]  # two replicas, N=2: six complete visits
    assert float(row[7]) > 0 and float(row[8]) > 0


def test_generate_and_page_benchmarks_run_small_on_postgres(pg_url):
    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", *a], cwd=ROOT, capture_output=True, text=True, timeout=600)

    out = run(
        "benchmarks.generate",
        "--units",
        "40",
        "--years",
        "2024-2025",
        "--db",
        pg_url,
        "--workers",
        "1",
        "--no-progress",
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "40 units" in out.stdout
    out = run("benchmarks.pages", "--db", pg_url, "--selections", "4", "--check")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    assert "0 differences" in out.stdout


def test_simulation_benchmark_runs_small(demo_db, capsys):
    from benchmarks import simulation

    assert simulation.main(["--db", str(demo_db), "--limit", "4"]) == 0  # exits 1 on a plan the scorer rejects
    out = capsys.readouterr().out
    assert "4 submissions x 2 targets" in out and "p95" in out


@pytest.mark.slow
@pytest.mark.browser
def test_serve_benchmark_runs_small(demo_db, tmp_path):
    """benchmarks.serve against the real app and the reference app (not timed: one repeat, nationally,
    the first page only): the navigation is discovered, every number is measured, the targets printed."""
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    doc_path = tmp_path / "serve.json"
    cmd = [sys.executable, "-m", "benchmarks.serve", "--db", str(copy), "--repeats", "1", "--scopes", "nasional"]
    out = subprocess.run(
        [*cmd, "--pages", "1", "--json", str(doc_path)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    doc = json.loads(doc_path.read_text())
    nav = doc["machine"]["navigation"]
    assert {"Ringkasan", "Area Perubahan", "Ombudsman RI", "KPK MCP", "Profil OPD"} <= set(nav)
    (row,) = [r for r in doc["pages"] if r["scope"] == "nasional"]
    assert row["page"] == nav[0] and row["views"] == 2
    for r in (row, doc["reference"]):
        assert r["warm_cpu_ms_p50"] > 0 and r["cold_cpu_ms_p50"] > 0 and r["complete_s_p95"] > 0
    assert row["warm_x_ref"] == pytest.approx(row["warm_cpu_ms_p50"] / doc["reference"]["warm_cpu_ms_p50"])
    assert [t["target"].split(" ")[0] for t in doc["targets"]] == ["warm", "cold", "browser"]
    for line in ("Referensi", nav[0], "pages in the navigation: " + ", ".join(nav)):
        assert line in out.stdout
    assert sum(out.stdout.count(w) for w in ("PASS ", "FAIL ")) == 3
