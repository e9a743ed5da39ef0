"""The benchmark scripts run at a small scale (not timed) so they cannot rot."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ingest_benchmark_runs_small():
    out = subprocess.run([sys.executable, "-m", "benchmarks.ingest", "--workbooks", "6", "--naive-sample", "3"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "ratio" in out.stdout and "loaded 6" in out.stdout
