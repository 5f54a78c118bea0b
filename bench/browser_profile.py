"""Where the browser's time goes for a second reader (a script that prints figures, not a test).

On a warm pair of servers (bench/page_speed.py's), for each page and the trivial page: one visit
with Chromium's JavaScript sampling profiler (CDP Profiler, 1 ms) from navigation until 1 s after
"finished", self time grouped by script (Streamlit's main bundle, the Plotly chunk, the data grid,
MapLibre, inline page scripts...) and the top functions; then --ablate N alternating visits with
and without the page's framework-words observer (outreach/ui/framework_words.py; switched off from
the outside by presetting its state object, the page is not changed), medians of "finished".

    python bench/browser_profile.py [--work /tmp/page_speed] [--pages /,/y_kien] [--viewport desktop]
                                    [--ablate 3] [--top 12]
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import page_speed as ps  # noqa: E402

NO_WORDS = """window.__outreachWords = {originals: new WeakMap(), attributes: new WeakMap(),
  observer: {disabled: true}, numbers: true, config: null};"""


def cpu_hooks(store: dict):
    def before(context, page):
        session = context.new_cdp_session(page)
        session.send("Profiler.enable")
        session.send("Profiler.setSamplingInterval", {"interval": 1000})
        session.send("Profiler.start")
        store["session"] = session

    def after(page):
        store["profile"] = store["session"].send("Profiler.stop")["profile"]
        return {}
    return before, after


def bucket(url: str) -> str:
    if not url:
        return "(inline / eval)"
    name = url.rsplit("/", 1)[-1].split("?")[0]
    for key in ("PlotlyChart", "index.", "maplibre", "DataFrame", "glide", "vendor"):
        if key in name:
            return name
    return name or url


def summarise(profile: dict, top: int) -> tuple[dict, list]:
    nodes = {node["id"]: node for node in profile["nodes"]}
    self_us: dict = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
        self_us[sample] += delta
    by_script: dict = collections.Counter()
    by_function: dict = collections.Counter()
    for node_id, us in self_us.items():
        frame = nodes[node_id]["callFrame"]
        name = frame["functionName"]
        if name in ("(idle)", "(program)", "(garbage collector)", "(root)"):
            by_script[name] += us
            continue
        script = bucket(frame["url"])
        by_script[script] += us
        by_function[(name or "(anonymous)", script, frame["lineNumber"])] += us
    return by_script, by_function.most_common(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default="/tmp/page_speed")
    parser.add_argument("--pages")
    parser.add_argument("--viewport", default="desktop")
    parser.add_argument("--ablate", type=int, default=3)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(args.work)
    _database, config = ps.demo_database(work)
    pages = args.pages.split(",") if args.pages else list(ps.PAGES)
    opts = dict(settle_ms=400, timeout_s=120)
    print(ps.load())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=ps.CHROMIUM, args=ps.CHROMIUM_ARGS)
        page_server, trivial_server = ps.start_pair(config, work)
        try:
            for path in pages:
                ps.visit(browser, page_server.url + path, args.viewport, **opts)
            for label, url in [("trivial", trivial_server.url + "/")] + [(ps.PAGES[p], page_server.url + p) for p in pages]:
                ps.visit(browser, url, args.viewport, **opts)
                store: dict = {}
                before, after = cpu_hooks(store)
                result = ps.visit(browser, url, args.viewport, before=before, after=after, **opts)
                by_script, functions = summarise(store["profile"], args.top)
                total = sum(by_script.values()) / 1000
                busy = total - by_script.get("(idle)", 0) / 1000
                print(f"\n{label}: finished {result['ms']:.0f} ms (script over {result.get('scriptDone') or 0:.0f}, "
                      f"last chart {result.get('lastAfterplot') or 0:.0f}); main thread sampled {total:.0f} ms, "
                      f"busy {busy:.0f} ms")
                print("  by script (ms self): " + ", ".join(f"{k} {v / 1000:.0f}" for k, v in by_script.most_common(10)))
                print("  top functions (ms self): " + "; ".join(
                    f"{name} [{script}:{line}] {us / 1000:.0f}" for (name, script, line), us in functions))
                if args.ablate and label != "trivial":
                    with_words, without = [], []
                    for rep in range(args.ablate):
                        for words in ((True, False) if rep % 2 == 0 else (False, True)):
                            hook = None if words else (lambda context, page: context.add_init_script(NO_WORDS))
                            r = ps.visit(browser, url, args.viewport, before=hook, **opts)
                            (with_words if words else without).append(r["ms"])
                    med = lambda v: statistics.median([x for x in v if x]) if any(v) else float("nan")  # noqa: E731
                    print(f"  words observer on {med(with_words):.0f} ms {[round(x or 0) for x in with_words]}, "
                          f"off {med(without):.0f} ms {[round(x or 0) for x in without]}")
        finally:
            page_server.stop()
            trivial_server.stop()
            browser.close()


if __name__ == "__main__":
    main()
