"""Page speed against a trivial page: a browser benchmark that prints figures (not a timed test).

For every page (the overview "/", "/bao_phu", "/y_kien", "/can_bo", "/don_vi", "/du_lieu") and
viewport (desktop 1440x900, phone 390x844) it measures the time until the page is *finished* for

- a FIRST reader: the first visit after `streamlit run dashboard.py` started, as soon as the server
  answers (its warm-up at start, outreach/ui/warm_start.py, runs in the background from then on:
  the first reader races it, as a reader right after a restart would). Every repetition starts a
  fresh server;
- a SECOND reader: a new browser context (new session, empty browser cache) on a server that has
  already shown that page at that viewport (the result caches warm),

and divides it by the same time for a trivial page (bench/trivial_page.py: a title and one Plotly
chart of 12 points) served by the same Streamlit: the same version, an st.App like dashboard.py
(so the same ASGI server), its own `streamlit run` process started the same way (same command-line
flags, the same working directory and so the same .streamlit/config.toml, the same OUTREACH_CONFIG),
on the same machine, measured in the same run, interleaved with the page (trivial, page, page,
trivial, ...), with its own fresh server for each first-reader repetition. Figures are medians.

FINISHED is measured inside the page (a probe injected before any script of the page runs) as
milliseconds since the navigation started (performance.now(), whose origin is the navigation), so
the driver's own latency is not in it. The page is finished at the first moment from which all of
these hold, and keep holding for --settle-ms (400 ms by default; the window is not counted):

1. the script run is over: Streamlit's root element [data-testid="stApp"] carries
   data-test-connection-state="CONNECTED" and data-test-script-state="notRunning" (the frontend sets
   it from the session's script-run state: "initial" before the first run, "running" while the
   script runs, "notRunning" once the server has sent the run's last message), a run has been seen
   to start (a MutationObserver records every change of that attribute), and no status widget
   ([data-testid="stStatusWidget"], the "running" indicator) is shown other than one in its
   200 ms exit transition;
2. no skeleton: no [data-testid="stSkeleton"] (the placeholder Streamlit shows while an element's
   code chunk, e.g. Plotly's or the data grid's, is still loading);
3. every displayed Plotly chart ([data-testid="stPlotlyChart"] with a layout box; charts in a closed
   expander are not displayed) is drawn: its .js-plotly-plot exists with Plotly's full layout, has
   emitted "plotly_afterplot" at least once (the probe wraps each graph div's `emit` as Plotly
   installs it), has no pending drawing promise (gd._promises empty) and has its main svg layer
   (.main-svg); each geo subplot (the coverage map, SVG) has drawn its communes' paths; each
   map subplot (map / mapbox, if any) has its canvas and its MapLibre map reports loaded() (style
   and sources loaded, GeoJSON layers tiled) and is not moving;
4. every displayed table ([data-testid="stDataFrame"]) has its grid canvas drawn (a canvas with a
   non-zero size inside it), and every displayed deck.gl map has its canvas;
4b. every displayed inline component ([data-testid^="stBidiComponent"], the coverage page's SVG map,
   outreach/ui/commune_map.py) has drawn its paths (its script fills it after it is mounted);
5. the main area holds at least one element.

A measurement where anything changes after that (a new script run, a chart redrawn) within a
second is reported ("late change") and still counted with its first finished time.

Run (about 30 minutes with the defaults on the shared 2-core machine; the first reader starts 72 servers):

    python bench/page_speed.py [--work /tmp/page_speed] [--second 5] [--first 3]
                               [--pages /,/y_kien] [--viewports desktop,phone] [--profile]

The demo province database is built in --work the way the dashboard does on first start
(outreach.demo.generate then outreach.ingest.load.ingest) unless it is there already. Loopback only:
both servers listen on 127.0.0.1, Chromium (Debian's, headless) talks to nothing else. --profile adds,
for the second reader of each page, the bytes and count of the websocket messages the server sent,
the time of first contentful paint, of the end of the script run and of the last chart drawn (one
extra visit per page and viewport, not part of the medians).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {"/": "Tổng quan", "/bao_phu": "Bao phủ", "/y_kien": "Ý kiến người dân", "/can_bo": "Cán bộ",
         "/don_vi": "Đơn vị", "/du_lieu": "Dữ liệu"}
VIEWPORTS = {
    "desktop": dict(viewport={"width": 1440, "height": 900}, device_scale_factor=1),
    # A phone's User-Agent too: the dashboard lays out for a phone from it (outreach/ui/shell.on_phone).
    "phone": dict(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True,
                  user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                             "Chrome/131.0 Mobile Safari/537.36"),
}
TARGETS = {"first": 1.6, "second": 1.3}
TRIVIAL = "bench/trivial_page.py"
EXTRA_FLAGS: list[str] = []  # --flag: Streamlit options given to both servers (experiments)

PROBE = r"""
(() => {
  const SETTLE = __SETTLE__;
  const b = window.__bench = {finished: null, candidate: null, sawRunning: false, transitions: [],
                              lastChange: null, afterplots: 0, lastAfterplot: null, reason: "start"};
  // Plotly installs gd.emit by assignment (Events.init): wrap it to see each "plotly_afterplot".
  try {
    Object.defineProperty(HTMLElement.prototype, "emit", {
      configurable: true,
      get() { return undefined; },
      set(fn) {
        const gd = this;
        Object.defineProperty(gd, "emit", {configurable: true, writable: true, enumerable: true, value: function (event) {
          if (event === "plotly_afterplot") {
            gd.__benchAfterplots = (gd.__benchAfterplots || 0) + 1;
            b.afterplots += 1; b.lastAfterplot = performance.now();
          }
          return fn.apply(this, arguments);
        }});
      },
    });
  } catch (e) { b.hookError = String(e); }

  const shown = (el) => el.getClientRects().length > 0;
  function mapsReady(gd) {
    const layout = gd._fullLayout, subplots = (layout && layout._subplots) || {};
    if ((subplots.geo || []).length && !gd.querySelector(".geo .choroplethlocation")) return false;
    for (const kind of ["map", "mapbox"]) {
      for (const id of subplots[kind] || []) {
        const sub = layout[id] && layout[id]._subplot, map = sub && sub.map;
        if (!map || !gd.querySelector("canvas")) return false;
        if (!map.loaded() || map.isMoving()) return false;
      }
    }
    return true;
  }
  function plotlyDrawn(gd) {
    return !!(gd && gd._fullLayout && gd.__benchAfterplots > 0 && !(gd._promises && gd._promises.length)
              && gd.querySelector(".main-svg") && mapsReady(gd));
  }
  function canvasDrawn(el) {
    for (const c of el.querySelectorAll("canvas")) if (c.width > 0 && c.height > 0) return true;
    return false;
  }
  function blocker() {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return "no app";
    if (app.getAttribute("data-test-connection-state") !== "CONNECTED") return "not connected";
    const state = app.getAttribute("data-test-script-state");
    if (state !== "notRunning" || !b.sawRunning) return "script " + state;
    for (const w of document.querySelectorAll('[data-testid="stStatusWidget"]'))
      if (!/StatusWidget-exit/.test(w.className)) return "status widget";
    if (document.querySelector('[data-testid="stSkeleton"]')) return "skeleton";
    if (!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')) return "empty main";
    for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
      if (shown(chart) && !plotlyDrawn(chart.querySelector(".js-plotly-plot"))) return "plotly";
    for (const grid of document.querySelectorAll('[data-testid="stDataFrame"]'))
      if (shown(grid) && !canvasDrawn(grid)) return "dataframe";
    for (const map of document.querySelectorAll('[data-testid^="stBidiComponent"]'))
      if (shown(map) && !map.querySelector("svg path")) return "component";
    for (const deck of document.querySelectorAll('[data-testid="stDeckGlJsonChart"]'))
      if (shown(deck) && !canvasDrawn(deck)) return "deck";
    return "";
  }
  let lastAfterplots = 0;
  function tick() {
    const now = performance.now();
    const reason = blocker();
    b.reason = reason;
    if (b.finished !== null) {
      if (reason !== "" || b.afterplots !== lastAfterplots) b.lastChange = b.lastChange || now;
      lastAfterplots = b.afterplots;
      return;
    }
    if (reason !== "") { b.candidate = null; return; }
    if (b.candidate === null) { b.candidate = now; lastAfterplots = b.afterplots; return; }
    if (b.afterplots !== lastAfterplots) { b.candidate = now; lastAfterplots = b.afterplots; return; }
    if (now - b.candidate >= SETTLE) {
      b.finished = b.candidate;
      b.scriptDone = b.transitions.filter(t => t[1] === "notRunning").map(t => t[0]).pop() || null;
      b.charts = document.querySelectorAll('[data-testid="stPlotlyChart"]').length;
      b.tables = document.querySelectorAll('[data-testid="stDataFrame"]').length;
      b.elements = document.querySelectorAll('[data-testid="stElementContainer"]').length;
      const paint = performance.getEntriesByName("first-contentful-paint")[0];
      b.fcp = paint ? paint.startTime : null;
    }
  }
  function watchApp() {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return false;
    const note = () => {
      const state = app.getAttribute("data-test-script-state");
      const last = b.transitions[b.transitions.length - 1];
      if (!last || last[1] !== state) b.transitions.push([performance.now(), state]);
      if (state === "running") b.sawRunning = true;
    };
    note();
    new MutationObserver(() => { note(); tick(); }).observe(app, {attributes: true,
      attributeFilter: ["data-test-script-state", "data-test-connection-state"]});
    return true;
  }
  const start = () => {
    if (!watchApp()) {
      new MutationObserver((records, observer) => { if (watchApp()) observer.disconnect(); })
        .observe(document.documentElement, {childList: true, subtree: true});
    }
    setInterval(tick, 15);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
"""


# --- database and servers -------------------------------------------------------------------------

def write_config(work: Path, database: Path) -> Path:
    config = work / "outreach.toml"
    config.write_text(f'[paths]\ndatabase = "{database}"\ndemo_dir = "{work / "demo"}"\n'
                      f'exports_dir = "{work / "exports"}"\n', encoding="utf-8")
    return config


def demo_database(work: Path) -> tuple[Path, Path]:
    """The demo province database, built as outreach/ui/results.py ensure_database does."""
    work.mkdir(parents=True, exist_ok=True)
    database = work / "outreach.duckdb"
    config = write_config(work, database)
    if not database.exists():
        os.environ["OUTREACH_CONFIG"] = str(config)
        sys.path.insert(0, str(ROOT))
        from outreach.demo import generate
        from outreach.ingest.load import ingest

        started = time.perf_counter()
        generate(work / "demo")
        report = ingest(work / "demo", database=database)
        if report.exit_code == 1:
            raise SystemExit(f"demo import failed: {report.error}")
        print(f"built the demo database in {time.perf_counter() - started:.1f} s: {database}", flush=True)
    return database, config


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, script: str, config: Path, work: Path, name: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = work / f"streamlit_{name}.log"
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(self.port), "--browser.gatherUsageStats", "false", *EXTRA_FLAGS],
            cwd=ROOT, env={**os.environ, "OUTREACH_CONFIG": str(config)}, stdout=log, stderr=subprocess.STDOUT)

    def wait(self, timeout: float = 120) -> "Server":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        return self
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("streamlit did not start: " + self.log_path.read_text()[-2000:])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_pair(config: Path, work: Path) -> tuple[Server, Server]:
    page, trivial = Server("dashboard.py", config, work, "dashboard"), Server(TRIVIAL, config, work, "trivial")
    page.wait(), trivial.wait()
    time.sleep(1.0)  # let both start-ups' CPU settle before the first visit
    return page, trivial


# --- one visit ------------------------------------------------------------------------------------

def visit(browser, url: str, viewport: str, *, settle_ms: int, timeout_s: float, frames: bool = False,
          before=None, after=None) -> dict:
    """One visit in a new browser context; before(context, page) runs before the navigation and
    after(page) once finished (its dict is added to the result): hooks for bench/page_profile.py."""
    context = browser.new_context(locale="vi-VN", **VIEWPORTS[viewport])
    context.add_init_script(PROBE.replace("__SETTLE__", str(settle_ms)))
    page = context.new_page()
    if before:
        before(context, page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)[:160]))
    sent = {"messages": 0, "bytes": 0, "largest": 0}
    if frames:
        def on_socket(socket_):
            def received(payload):
                size = len(payload)
                sent["messages"] += 1
                sent["bytes"] += size
                sent["largest"] = max(sent["largest"], size)
            socket_.on("framereceived", received)
        page.on("websocket", on_socket)
    result: dict = {"ms": None}
    try:
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function("window.__bench && window.__bench.finished !== null", timeout=timeout_s * 1000,
                               polling=50)
        page.wait_for_timeout(1000)  # anything changing after "finished" is reported
        probe = page.evaluate("""() => { const b = window.__bench; return {finished: b.finished, fcp: b.fcp,
            scriptDone: b.scriptDone, lastAfterplot: b.lastAfterplot, afterplots: b.afterplots, charts: b.charts,
            tables: b.tables, elements: b.elements, lastChange: b.lastChange, reason: b.reason,
            runs: b.transitions.filter(t => t[1] === "running").length}; }""")
        result.update(probe, ms=probe["finished"])
        if after:
            result.update(after(page))
        if page.locator("[data-testid='stException']").count():
            errors.append("exception: " + page.locator("[data-testid='stException']").first.inner_text()[:160])
    except Exception as error:  # noqa: BLE001 - a page that does not finish is a result to report
        reason = None
        try:
            reason = page.evaluate("() => window.__bench && window.__bench.reason")
        except Exception:  # noqa: BLE001
            pass
        errors.append(f"not finished ({type(error).__name__}; waiting on: {reason})")
    finally:
        if frames:
            result.update(ws_messages=sent["messages"], ws_bytes=sent["bytes"], ws_largest=sent["largest"])
        context.close()
    result["errors"] = errors
    return result


# --- the run --------------------------------------------------------------------------------------

def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def run(args) -> dict:
    from playwright.sync_api import sync_playwright

    work = Path(args.work)
    database, config = demo_database(work)
    pages = args.pages.split(",") if args.pages else list(PAGES)
    viewports = args.viewports.split(",") if args.viewports else list(VIEWPORTS)
    cells = [(path, viewport) for viewport in viewports for path in pages]
    samples: dict = {}  # (reader, path, viewport) -> {"page": [...], "trivial": [...], "notes": [...]}
    profile: dict = {}
    loads = [("start", load())]
    print(loads[0][1], flush=True)

    def record(reader, path, viewport, which, result):
        cell = samples.setdefault((reader, path, viewport), {"page": [], "trivial": [], "notes": [], "raw": []})
        cell[which].append(result["ms"])
        cell["raw"].append((which, result))
        for error in result["errors"]:
            cell["notes"].append(f"{which}: {error}")
        if result.get("lastChange") is not None:
            cell["notes"].append(f"{which}: late change {result['lastChange'] - result['ms']:.0f} ms after finished")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        opts = dict(settle_ms=args.settle_ms, timeout_s=args.timeout)
        try:
            if args.second:
                page_server, trivial_server = start_pair(config, work)
                try:
                    # Warm: every page and the trivial page once at each viewport (not counted).
                    for path, viewport in cells:
                        visit(browser, page_server.url + path, viewport, **opts)
                    for viewport in viewports:
                        visit(browser, trivial_server.url + "/", viewport, **opts)
                    for rep in range(args.second):
                        for index, (path, viewport) in enumerate(cells):
                            order = ("trivial", "page") if (rep + index) % 2 == 0 else ("page", "trivial")
                            for which in order:
                                base = page_server.url + path if which == "page" else trivial_server.url + "/"
                                record("second", path, viewport, which, visit(browser, base, viewport, **opts))
                        print(f"second reader, repetition {rep + 1}/{args.second} done · {load()}", flush=True)
                    if args.profile:
                        for path, viewport in cells:
                            profile[(path, viewport)] = visit(browser, page_server.url + path, viewport, frames=True,
                                                              **opts)
                        for viewport in viewports:
                            profile[("trivial", viewport)] = visit(browser, trivial_server.url + "/", viewport,
                                                                   frames=True, **opts)
                finally:
                    page_server.stop()
                    trivial_server.stop()
                loads.append(("after second reader", load()))
            for rep in range(args.first):
                for index, (path, viewport) in enumerate(cells):
                    page_server, trivial_server = start_pair(config, work)
                    try:
                        order = ("trivial", "page") if (rep + index) % 2 == 0 else ("page", "trivial")
                        for which in order:
                            base = page_server.url + path if which == "page" else trivial_server.url + "/"
                            record("first", path, viewport, which, visit(browser, base, viewport, **opts))
                    finally:
                        page_server.stop()
                        trivial_server.stop()
                print(f"first reader, repetition {rep + 1}/{args.first} done · {load()}", flush=True)
            if args.first:
                loads.append(("after first reader", load()))
        finally:
            browser.close()
    return {"samples": samples, "profile": profile, "loads": loads, "pages": pages, "viewports": viewports}


def report(outcome: dict, args) -> None:
    samples = outcome["samples"]
    print()
    print("Page speed against a trivial page (medians, ms since navigation start until finished)")
    for label, line in outcome["loads"]:
        print(f"load {label}: {line}")
    print()
    header = f"{'page':<18} {'viewport':<8} {'reader':<7} {'n':>3} {'page ms':>8} {'trivial ms':>10} {'ratio':>6} " \
             f"{'paired':>7} {'target':>6}  meets"
    print(header)
    print("-" * len(header))
    met = total = 0
    for reader in ("second", "first"):
        for viewport in outcome["viewports"]:
            for path in outcome["pages"]:
                cell = samples.get((reader, path, viewport))
                if not cell:
                    continue
                page_ms, trivial_ms = median(cell["page"]), median(cell["trivial"])
                pairs = [p / t for p, t in zip(cell["page"], cell["trivial"]) if p and t]
                ratio = page_ms / trivial_ms if page_ms and trivial_ms else None
                ok = ratio is not None and ratio <= TARGETS[reader]
                met += ok
                total += 1
                print(f"{PAGES[path]:<18} {viewport:<8} {reader:<7} {len([v for v in cell['page'] if v]):>3} "
                      f"{page_ms or float('nan'):>8.0f} {trivial_ms or float('nan'):>10.0f} "
                      f"{ratio or float('nan'):>6.2f} {median(pairs) or float('nan'):>7.2f} "
                      f"{TARGETS[reader]:>6.1f}  {'yes' if ok else 'NO'}")
    print(f"\n{met} of {total} cells meet their target (ratio = median page / median trivial; "
          "paired = median of the per-repetition ratios).")
    notes = [(key, note) for key, cell in samples.items() for note in dict.fromkeys(cell["notes"])]
    if notes:
        print("\nNotes:")
        for (reader, path, viewport), note in notes:
            print(f"  {reader} {PAGES[path]} {viewport}: {note}")
    if args.verbose:
        print("\nAll samples (ms):")
        for (reader, path, viewport), cell in samples.items():
            print(f"  {reader:<6} {PAGES[path]:<18} {viewport:<7} page {[round(v) if v else None for v in cell['page']]}"
                  f" trivial {[round(v) if v else None for v in cell['trivial']]}")
    if outcome["profile"]:
        print("\nSecond reader, one profiled visit each (ms since navigation start; websocket bytes the server sent):")
        print(f"{'page':<18} {'viewport':<8} {'FCP':>6} {'script':>7} {'last chart':>10} {'finished':>9} {'runs':>4} "
              f"{'charts':>6} {'tables':>6} {'elements':>8} {'ws msgs':>7} {'ws KB':>8} {'largest KB':>10}")
        for (path, viewport), r in outcome["profile"].items():
            name = "trivial" if path == "trivial" else PAGES[path]
            f = lambda v: f"{v:.0f}" if isinstance(v, (int, float)) else "-"  # noqa: E731
            print(f"{name:<18} {viewport:<8} {f(r.get('fcp')):>6} {f(r.get('scriptDone')):>7} "
                  f"{f(r.get('lastAfterplot')):>10} {f(r.get('ms')):>9} {f(r.get('runs')):>4} {f(r.get('charts')):>6} "
                  f"{f(r.get('tables')):>6} {f(r.get('elements')):>8} {f(r.get('ws_messages')):>7} "
                  f"{(r.get('ws_bytes') or 0) / 1024:>8.1f} {(r.get('ws_largest') or 0) / 1024:>10.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "loads": outcome["loads"],
            "samples": [{"reader": k[0], "path": k[1], "viewport": k[2], "page": v["page"], "trivial": v["trivial"],
                         "notes": v["notes"], "raw": v["raw"]} for k, v in samples.items()],
            "profile": [{"path": k[0], "viewport": k[1], **v} for k, v in outcome["profile"].items()],
        }, indent=1, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default="/tmp/page_speed", help="work folder (demo database, config, logs)")
    parser.add_argument("--second", type=int, default=5, help="second-reader repetitions per cell (default 5)")
    parser.add_argument("--first", type=int, default=3, help="first-reader repetitions per cell, each on fresh servers")
    parser.add_argument("--pages", help="comma-separated paths (default: all six)")
    parser.add_argument("--viewports", help="comma-separated: desktop,phone (default both)")
    parser.add_argument("--settle-ms", type=int, default=400, help="how long 'finished' must hold (not counted)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a visit may take")
    parser.add_argument("--profile", action="store_true", help="one extra visit per cell with websocket bytes")
    parser.add_argument("--json", help="write every sample to this JSON file")
    parser.add_argument("--verbose", action="store_true", help="print every sample")
    parser.add_argument("--flag", action="append", default=[],
                        help="a Streamlit option for both servers, e.g. --flag=--runner.postScriptGC=false")
    args = parser.parse_args()
    EXTRA_FLAGS.extend(args.flag)
    report(run(args), args)


if __name__ == "__main__":
    main()
