"""How often a pressed download button delivers no file while other sessions use the same server.

    python -m tools.download_probe [--presses 40] [--others 2]

Starts `streamlit run tools/download_probe_app.py`, lets `--others` headless Chromium sessions reload a
page of it without pause (each view is a script run that ends, and Streamlit's media cleanup after a run
is global), then in another session presses the download button `--presses` times for each way of
offering a file and counts the presses whose file never arrived (cancelled or not made). Prints one line
per way and exits 1 when the way ui.downloads uses (`siap`: a file made beforehand) lost any.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

from benchmarks.load import ARGS, _chromium, start_app, stop_app

WAYS = ("tunda", "tunda-abaikan", "siap")


def _others(url: str, stop: threading.Event, views: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), headless=True, args=ARGS)
        page = browser.new_page()
        while not stop.is_set():
            try:
                page.goto(url + "/?cara=siap", timeout=30000)
                page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30000)
                views[0] += 1
            except Exception:  # a slow view of the noise is no result of the probe
                pass
        browser.close()


def probe(url: str, presses: int) -> dict[str, tuple[int, list[str]]]:
    """{way: (files lost, what the button or the browser said)}"""
    from playwright.sync_api import sync_playwright

    lost: dict[str, tuple[int, list[str]]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), headless=True, args=ARGS)
        for way in WAYS:
            page = browser.new_context(accept_downloads=True).new_page()
            page.goto(f"{url}/?cara={way}", timeout=60000)
            page.wait_for_selector('[data-testid="stDownloadButton"] button', timeout=60000)
            n, why = 0, []
            for _ in range(presses):
                try:
                    with page.expect_download(timeout=15000) as got:
                        page.locator('[data-testid="stDownloadButton"] button').click()
                    if got.value.failure() or not Path(got.value.path()).stat().st_size:
                        raise RuntimeError(got.value.failure() or "empty file")
                except Exception as exc:  # a lost file is what is counted
                    n += 1
                    why.append(str(exc).splitlines()[0][:80])
                page.wait_for_timeout(300)
                page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)
            lost[way] = (n, why)
            page.context.close()
        browser.close()
    return lost


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--presses", type=int, default=40)
    ap.add_argument("--others", type=int, default=2, help="sessions reloading the app meanwhile")
    args = ap.parse_args(argv)
    proc, url = start_app(Path("unused.duckdb"), script="tools/download_probe_app.py")
    stop, views = threading.Event(), [0]
    noise = [threading.Thread(target=_others, args=(url, stop, views)) for _ in range(args.others)]
    try:
        for t in noise:
            t.start()
        time.sleep(3)
        t0 = time.time()
        lost = probe(url, args.presses)
        took = time.time() - t0
    finally:
        stop.set()
        for t in noise:
            t.join()
        stop_app(proc)
    print(f"{args.presses} presses per way, {args.others} other sessions ({views[0]} views in {took:.0f} s)")
    for way, (n, why) in lost.items():
        print(f"  {way:14s} files lost: {n} of {args.presses}" + (f"  ({'; '.join(sorted(set(why)))})" if why else ""))
    return 1 if lost["siap"][0] else 0


if __name__ == "__main__":
    sys.exit(main())
