"""Load test: N concurrent browser sessions on a local dashboard, each opening every page in turn.

Loopback only and bounded (sessions, rounds and a per-page timeout): it starts `streamlit run` on a
free 127.0.0.1 port over the demo database (or --db), drives Debian Chromium through Playwright with
one browser context per session, and prints per page the p50 and p95 time until the page's main
element is drawn, and every error a page raised (page errors, Streamlit exception boxes, failed
requests to the server). Not a test: a script that prints figures.

    python bench/load.py [--sessions 20] [--rounds 3] [--db PATH] [--timeout 90]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from browser import start_server  # noqa: E402  (the same loopback server the browser timings use)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# (page, path, what shows that it is drawn)
PAGES = (
    ("Tổng quan", "/", '.oc-card'),
    ("Bao phủ", "/bao_phu", ".js-plotly-plot .choroplethlocation"),
    ("Ý kiến người dân", "/y_kien", '.oc-card'),
    ("Cán bộ", "/can_bo", '[data-testid="stDataFrame"]'),
    ("Đơn vị", "/don_vi", '[data-testid="stDataFrame"]'),
    ("Dữ liệu", "/du_lieu", '[data-testid="stTabs"]'),
)


def demo_database(work: Path) -> Path:
    database = work / "outreach.duckdb"
    if database.exists():
        return database
    export = work / "export"
    subprocess.run([sys.executable, "-m", "outreach", "demo", "--out", str(export), "--seed", "2026"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    result = subprocess.run([sys.executable, "-m", "outreach", "ingest", str(export), "--db", str(database),
                             "--rejects", str(work / "rejects.csv")], cwd=ROOT, stdout=subprocess.DEVNULL)
    if result.returncode not in (0, 2):
        raise SystemExit(f"import failed ({result.returncode})")
    return database


async def session(browser, url: str, rounds: int, timeout_s: float, results: list, errors: list,
                  index: int) -> None:
    context = await browser.new_context(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    page = await context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on("requestfailed", lambda request: page_errors.append(f"request failed: {request.url} "
                                                                f"({request.failure})")
            if request.url.startswith(url) and "/_stcore/" not in request.url
            # a request the browser gave up because the session moved to the next page is not a failure
            and "ERR_ABORTED" not in str(request.failure) else None)
    try:
        for round_number in range(rounds):
            for name, path, ready in PAGES:
                del page_errors[:]
                started = time.perf_counter()
                try:
                    await page.goto(url + path, wait_until="domcontentloaded", timeout=timeout_s * 1000)
                    await page.wait_for_selector(ready, timeout=timeout_s * 1000)
                    await page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')",
                                                 timeout=timeout_s * 1000)
                    seconds = time.perf_counter() - started
                    boxes = await page.query_selector_all('[data-testid="stException"]')
                    if boxes:
                        page_errors.append("exception box: " + (await boxes[0].inner_text())[:200])
                    results.append((name, seconds))
                    # Let the page settle (the map's layer, late charts) before moving on, as a reader would.
                    await page.wait_for_timeout(1000)
                except Exception as error:  # a timeout is an error of this load, not of the script
                    page_errors.append(f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
                for message in page_errors:
                    errors.append((index, round_number, name, message))
    finally:
        await context.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * (len(ordered) - 1)))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--timeout", type=float, default=90)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    if not 1 <= args.sessions <= 50 or not 1 <= args.rounds <= 10:
        raise SystemExit("sessions 1-50, rounds 1-10: this is a bounded local load")
    work = args.work or Path(tempfile.mkdtemp(prefix="outreach-load-"))
    work.mkdir(parents=True, exist_ok=True)
    database = args.db or demo_database(work)
    process, url = start_server(database, work)
    results: list[tuple[str, float]] = []
    errors: list[tuple[int, int, str, str]] = []
    started = time.perf_counter()
    try:
        import asyncio

        from playwright.async_api import async_playwright

        async def drive() -> None:
            # One browser, one context per session: the load is the server's, not the browsers'.
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    await asyncio.gather(*(session(browser, url, args.rounds, args.timeout, results, errors, index)
                                           for index in range(args.sessions)))
                finally:
                    await browser.close()

        asyncio.run(drive())
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    wall = time.perf_counter() - started
    print(f"{args.sessions} concurrent sessions x {args.rounds} rounds x {len(PAGES)} pages on {url} "
          f"(loopback), {wall:.0f} s wall")
    print(f"{'page':<18} {'loads':>6} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for name, _path, _ready in PAGES:
        times = [seconds for page, seconds in results if page == name]
        if times:
            print(f"{name:<18} {len(times):>6} {statistics.median(times):>7.1f} {percentile(times, 0.95):>7.1f} "
                  f"{max(times):>7.1f}")
    print(f"page loads: {len(results)} drawn of {args.sessions * args.rounds * len(PAGES)}; errors: {len(errors)}")
    for index, round_number, name, message in errors[:40]:
        print(f"  session {index} round {round_number} {name}: {message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
