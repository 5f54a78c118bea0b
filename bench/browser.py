"""Browser timings for the benchmark: every page in Debian Chromium (Playwright) over a database,
desktop (1366x900) and phone (390x844), the time until the page's main chart, map or table is
drawn, and a screenshot of each (bench/screenshots/<page>_<viewport>.jpg).

For each viewport a fresh `streamlit run dashboard.py` is started, so the first visit of each page
runs its queries (the app's result cache is empty) and the second visit shows the cached case.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": ({"width": 1366, "height": 900}, 1), "phone": ({"width": 390, "height": 844}, 2)}
TIMEOUT_MS = 240_000


def _free_port() -> int:
    for port in range(8780, 8800):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database: Path, work: Path) -> tuple[subprocess.Popen, str]:
    config = work / "bench_config.toml"
    config.write_text(f'[paths]\ndatabase = "{database}"\ndemo_dir = "{work / "unused_demo"}"\n', encoding="utf-8")
    port = _free_port()
    log = (work / "streamlit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "OUTREACH_CONFIG": str(config)}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return process, url
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.3)
    process.kill()
    raise RuntimeError("streamlit did not start: " + (work / "streamlit.log").read_text()[-2000:])


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def _slug(url: str) -> str:
    return url.strip("/") or "tong_quan"


def _open(browser, url: str, selector: str, viewport: str) -> tuple[float | None, object, list[str]]:
    size, scale = VIEWPORTS[viewport]
    page = browser.new_page(viewport=size, device_scale_factor=scale, locale="vi-VN")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)[:120]))
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    try:
        page.wait_for_selector(selector, state="visible", timeout=TIMEOUT_MS)
        elapsed = time.perf_counter() - started
    except Exception as error:  # noqa: BLE001 - a timeout is a result to report
        errors.append(f"not drawn: {type(error).__name__}")
        elapsed = None
    if page.locator("[data-testid='stException']").count():
        errors.append("exception on the page: " + page.locator("[data-testid='stException']").first.inner_text()[:160])
    return elapsed, page, errors


def browser_timings(database: Path, screenshots: Path, *, work: Path, pages: list[tuple[str, str, str]]) -> dict:
    """pages: (name, url path, CSS selector of the main element)."""
    from playwright.sync_api import sync_playwright

    screenshots.mkdir(parents=True, exist_ok=True)
    rows = {name: {"page": name, "errors": []} for name, _url, _selector in pages}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for viewport in VIEWPORTS:
                process, base = start_server(database, work)
                try:
                    for name, path, selector in pages:
                        url = base + path
                        first, page, errors = _open(browser, url, selector, viewport)
                        rows[name][f"{viewport}_first"] = first
                        rows[name]["errors"] += [f"{viewport}: {e}" for e in errors]
                        # Let the rest of the page finish before the screenshot.
                        try:
                            page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)
                        except Exception:  # noqa: BLE001
                            pass
                        page.wait_for_timeout(1500)
                        page.screenshot(path=str(screenshots / f"{_slug(path)}_{viewport}.jpg"), type="jpeg",
                                        quality=70, full_page=False)
                        page.close()
                        again, page, errors = _open(browser, url, selector, viewport)
                        rows[name][f"{viewport}_again"] = again
                        rows[name]["errors"] += [f"{viewport} (again): {e}" for e in errors]
                        page.close()
                finally:
                    stop_server(process)
        finally:
            browser.close()
    return {"pages": list(rows.values()),
            "note": "Times include Streamlit's own start-up of the session (script run, websocket) and, on the first "
                    "visit, the page's queries; the map also waits for the browser to fetch and draw the GeoJSON."}
