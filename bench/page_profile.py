"""Where a page's time goes, server and browser side (a script that prints figures, not a test).

For each page: a fresh traced server (bench/instrumented_streamlit.py) over the demo database of
bench/page_speed.py, one first-reader visit and one second-reader visit in Chromium (desktop or
--viewport), then from the server's trace: the script run's wall time, each named query's time,
the forward messages by element type (count, bytes, and the script time spent before each, i.e.
producing it), the largest gaps; from the browser: first contentful paint, end of the script run,
last chart drawn and finished (bench/page_speed.py's definition), websocket bytes.

    python bench/page_profile.py [--work /tmp/page_speed] [--pages /,/y_kien] [--viewport desktop]
                                 [--cprofile N]   # also the N costliest functions of the warm run
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import page_speed as ps  # noqa: E402

ROOT = ps.ROOT


def traced_server(config: Path, work: Path, trace: Path, cprofile: Path | None) -> ps.Server:
    server = ps.Server.__new__(ps.Server)
    server.port = ps._free_port()
    server.url = f"http://127.0.0.1:{server.port}"
    server.log_path = work / "streamlit_traced.log"
    env = {**os.environ, "OUTREACH_CONFIG": str(config), "BENCH_TRACE": str(trace)}
    if cprofile:
        env["BENCH_CPROFILE"] = str(cprofile)
    server.process = subprocess.Popen(
        [sys.executable, "bench/instrumented_streamlit.py", "run", "dashboard.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(server.port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=server.log_path.open("a"), stderr=subprocess.STDOUT)
    return server.wait()


def runs_of(trace: Path) -> list[dict]:
    rows = [json.loads(line) for line in trace.read_text().splitlines() if line.strip()]
    runs = sorted((r for r in rows if r.get("run")), key=lambda r: r["t"])
    out = []
    for run in runs:
        end = run["t"] + run["ms"] / 1000
        inside = [r for r in rows if run["t"] <= r["t"] <= end + 0.05 and not r.get("run")]
        messages = sorted((r for r in inside if "kind" in r), key=lambda r: r["t"])
        queries = [r for r in inside if "query" in r]
        out.append({"ms": run["ms"], "messages": messages, "queries": queries, "start": run["t"]})
    return out


def describe(run: dict, label: str) -> None:
    print(f"  {label}: script run {run['ms']:.0f} ms; {len(run['queries'])} named queries "
          f"{sum(q['ms'] for q in run['queries']):.0f} ms; {len(run['messages'])} messages "
          f"{sum(m['bytes'] for m in run['messages']) / 1024:.1f} KB")
    if run["queries"]:
        top = sorted(run["queries"], key=lambda q: -q["ms"])[:8]
        print("    queries: " + ", ".join(f"{q['query']} {q['ms']:.0f}" for q in top))
    by_type: dict = collections.defaultdict(lambda: [0, 0, 0.0])
    gaps = []
    previous = run["start"]
    for message in run["messages"]:
        gap = (message["t"] - previous) * 1000
        previous = message["t"]
        key = message["element"] or message["kind"]
        by_type[key][0] += 1
        by_type[key][1] += message["bytes"]
        by_type[key][2] += gap
        gaps.append((gap, key, message["path"]))
    tail = (run["start"] + run["ms"] / 1000 - previous) * 1000
    print("    elements (count, KB, ms before): " + ", ".join(
        f"{k} {v[0]}/{v[1] / 1024:.1f}/{v[2]:.0f}" for k, v in sorted(by_type.items(), key=lambda kv: -kv[1][2])))
    print("    largest gaps (ms before the message): " + ", ".join(
        f"{g:.0f} {k}{p}" for g, k, p in sorted(gaps, key=lambda x: -x[0])[:6]) + f"; after the last: {tail:.0f}")


def browser_line(result: dict) -> str:
    f = lambda v: f"{v:.0f}" if isinstance(v, (int, float)) else "-"  # noqa: E731
    return (f"FCP {f(result.get('fcp'))}, script over {f(result.get('scriptDone'))}, last chart "
            f"{f(result.get('lastAfterplot'))}, finished {f(result.get('ms'))} ms; charts {f(result.get('charts'))}, "
            f"tables {f(result.get('tables'))}, elements {f(result.get('elements'))}; websocket "
            f"{f(result.get('ws_messages'))} messages {(result.get('ws_bytes') or 0) / 1024:.1f} KB "
            f"{' '.join(result['errors'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default="/tmp/page_speed")
    parser.add_argument("--pages")
    parser.add_argument("--viewport", default="desktop")
    parser.add_argument("--cprofile", type=int, default=0, help="print the N costliest functions of the warm run")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(args.work)
    database, config = ps.demo_database(work)
    pages = args.pages.split(",") if args.pages else list(ps.PAGES)
    print(ps.load())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=ps.CHROMIUM, args=ps.CHROMIUM_ARGS)
        for path in pages:
            trace = work / "trace.jsonl"
            trace.unlink(missing_ok=True)
            prof = work / "cprofile"
            shutil.rmtree(prof, ignore_errors=True)
            if args.cprofile:
                prof.mkdir()
            server = traced_server(config, work, trace, prof if args.cprofile else None)
            try:
                time.sleep(1.0)
                first = ps.visit(browser, server.url + path, args.viewport, settle_ms=400, timeout_s=120, frames=True)
                second = ps.visit(browser, server.url + path, args.viewport, settle_ms=400, timeout_s=120, frames=True)
            finally:
                server.stop()
            print(f"\n{ps.PAGES[path]} ({path}, {args.viewport})")
            print("  browser, first reader: " + browser_line(first))
            print("  browser, second reader: " + browser_line(second))
            runs = runs_of(trace)
            for label, run in zip(("first reader", "second reader"), runs[:1] + runs[-1:]):
                describe(run, label)
            if len(runs) > 2:
                print(f"  ({len(runs)} script runs in all: {[round(r['ms']) for r in runs]})")
            if args.cprofile:
                files = sorted(prof.glob("*.prof"), key=lambda p: int(p.stem))
                if files:
                    print(f"  cProfile of the warm run (cumulative, top {args.cprofile}):")
                    stats = pstats.Stats(str(files[-1]))
                    stats.sort_stats("cumulative")
                    width = stats.total_tt
                    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][3])
                    shown = 0
                    for (file, line, name), (cc, nc, tt, ct, _callers) in rows:
                        if "site-packages/streamlit/runtime/scriptrunner" in file or name in ("<built-in method builtins.exec>",):
                            continue
                        short = file.replace(str(ROOT) + "/", "").split("site-packages/")[-1]
                        print(f"    {ct * 1000:7.0f} ms cum {tt * 1000:6.0f} ms self {nc:>6} calls  {short}:{line} {name}")
                        shown += 1
                        if shown >= args.cprofile:
                            break
                    print(f"    (total {width * 1000:.0f} ms profiled)")
        browser.close()


if __name__ == "__main__":
    main()
