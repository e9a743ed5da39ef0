"""Time from `make run` in a fresh clone to the first chart in headless Chromium.

git clone <repo> /tmp/fresh && .venv/bin/python -m benchmarks.first_chart /tmp/fresh [--port 8765]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import time
import urllib.request

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("clone")
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()
    url = f"http://127.0.0.1:{args.port}"
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        ["make", "run", f"PORT={args.port}"],
        cwd=args.clone,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while True:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit("make run ended before the app answered") from None
                time.sleep(0.3)
        healthy = time.perf_counter() - t0
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector(".js-plotly-plot", timeout=120000)
            chart = time.perf_counter() - t0
            browser.close()
        print(f"health after {healthy:.1f} s, first chart after {chart:.1f} s")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)


if __name__ == "__main__":
    main()
