"""Time from `make run` (already installed, index already built) to a usable page.

Runs `make run` on a free port N times. For each run it prints the seconds until the server
answers HTTP on / and until headless Chromium shows the workspace with its tables (the page is
usable); then the median and whether it meets the 10 s target.

    .venv/bin/python bench/ui_startup.py [--runs 3] [--data-dir data]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("NIANBAO_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
TARGET_S = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_http(url: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    return False


def one_run(data_dir: Path, timeout: float, browser: object | None) -> tuple[float, float | None]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NIANBAO_UI_PORT": str(port), "NIANBAO_DATA_DIR": str(data_dir)}
    started = time.monotonic()
    process = subprocess.Popen(["make", "--no-print-directory", "run"], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        if not wait_http(url, started + timeout):
            raise RuntimeError(f"`make run` did not answer on {url} within {timeout:.0f} s")
        http_s = time.monotonic() - started
        page_s = None
        if browser is not None:
            page = browser.new_page()  # type: ignore[attr-defined]
            page.goto(url)
            page.wait_for_selector("#nb-status p, #nb-status span", timeout=timeout * 1000)
            page.wait_for_selector("#nb-tables .nb-tables, #nb-tables .nb-empty",
                                   timeout=timeout * 1000)
            page_s = time.monotonic() - started
            page.close()
        return http_s, page_s
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=REPO / "data")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()

    # The state being measured is "already installed": install and build the index untimed.
    subprocess.run(["make", "--no-print-directory", "install"], cwd=REPO, check=True)
    env = {**os.environ, "NIANBAO_DATA_DIR": str(args.data_dir)}
    subprocess.run([sys.executable, "-m", "ui.prepare"], cwd=REPO, env=env, check=True)

    browser = None
    playwright = None
    if CHROMIUM.exists():
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
    else:
        print(f"（未找到 {CHROMIUM}：只测到 HTTP 可访问为止）")
    results = []
    try:
        for number in range(1, args.runs + 1):
            http_s, page_s = one_run(args.data_dir, args.timeout, browser)
            results.append(page_s if page_s is not None else http_s)
            page_text = f"{page_s:.2f} s" if page_s is not None else "—"
            print(f"run {number}: HTTP 200 after {http_s:.2f} s; usable page after {page_text}")
    finally:
        if browser is not None:
            browser.close()  # type: ignore[attr-defined]
        if playwright is not None:
            playwright.stop()
    median = statistics.median(results)
    verdict = "meets" if median < TARGET_S else "MISSES"
    print(f"median time from `make run` to a usable page: {median:.2f} s "
          f"({verdict} the {TARGET_S:.0f} s target; {os.cpu_count()} CPUs)")
    return 0 if median < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
