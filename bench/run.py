"""National scale and speed benchmark: python bench/run.py [--runs 5] [--no-browser] [--tiny]

Generates the national demo export once (reused from --work on later runs), imports it, and
measures: ingest time and peak memory; every page's named queries cold and warm, at national
scope, on a one-province database, and with the sidebar's commune filter; the map's build time
and payload; the overview's headline figures in plain pandas (bench/pandas_baseline.py) as the
baseline; the DuckDB scan floor of each fact table; growth at 1/8, 1/4, 1/2 and full size; and
(bench/browser.py) each page in Chromium, desktop and phone, with screenshots. Prints a Markdown
report and writes it to bench/RESULTS.md (bench/NOTES.md, the hand-written analysis, is appended).

Not part of the test suite (tests/test_national.py runs it end to end at --tiny size).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from outreach.query import db, shared  # noqa: E402
from outreach.config import load_settings  # noqa: E402

# ---------------------------------------------------------------------------------------------
# The one table to update when a page changes: page -> the named queries it runs on opening (its first
# section, default state: no commune selected on the map), the element that means "the main chart is
# drawn" in the browser, and each other section's own queries: what a switch to that section runs
# (a page computes and draws only the section looked at; the opening's results come from the app's
# cache on a switch). Every page also runs the sidebar's queries (SIDEBAR) first.

SIDEBAR = (("data_as_of", {}), ("commune_list", {}), ("agency_list", {}))


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    queries: tuple[tuple[str, dict], ...]
    main: str                       # CSS selector of the main chart/map/table, for the browser
    # (section, its own queries), timed apart after the opening's
    sections: tuple[tuple[str, tuple[tuple[str, dict], ...]], ...] = ()


PAGES: tuple[Page, ...] = (
    Page("Tổng quan", "/", (("overview_kpis", {}), ("monthly_trend", {})),
         main=".js-plotly-plot .scatterlayer path"),
    Page("Bao phủ", "/bao_phu", (("commune_map", {}), ("commune_shapes", {}),
                                 ("blind_spots", {"blind_spot_days": "$blind_spot_days"}), ("visit_overlaps", {})),
         main=".js-plotly-plot .choroplethlocation",
         sections=(
             ("a commune clicked on the map", (
                 ("commune_visits", {"selected_commune": "$commune_pick"}),
                 ("commune_hamlets", {"selected_commune": "$commune_pick"}),
                 ("commune_officials", {"selected_commune": "$commune_pick"}),
                 ("commune_feedback", {"selected_commune": "$commune_pick"}))),
             ("blind spots", (("coverage_by_month", {}),)),
             ("overlaps", (("overlap_groups", {}), ("overlap_pairs_detail", {}))),
             ("heard elsewhere first", (("heard_elsewhere_by_commune", {}), ("heard_elsewhere_first", {}))),
             ("empty visits", (("empty_visits_by_agency", {}), ("empty_visits_by_commune", {}), ("empty_visits", {}))),
             ("table", (("commune_coverage", {}),)),
             ("boundaries", (("boundary_summary", {}), ("boundary_report", {}))))),
    Page("Ý kiến người dân", "/y_kien", (
        ("feedback_summary", {}), ("feedback_flow", {}), ("feedback_km_curve", {})),
        main=".js-plotly-plot .main-svg",
        sections=(
            ("monthly", (("feedback_monthly", {}),)),
            ("agencies", (("feedback_by_agency", {}),)),
            ("breakdown", (("feedback_by_dimension", {}),)),
            ("backlog", (("feedback_backlog", {}), ("feedback_by_agency", {}), ("feedback_open_items", {}))),
            ("held information", (("feedback_held_items", {}), ("feedback_held_by_official", {}),
                                  ("feedback_held_by_agency", {}))))),
    Page("Cán bộ", "/can_bo", (
        ("official_participation", {}), ("official_profile", {})),
        main="[data-testid='stDataFrame'], [data-testid='stDataFrameResizable']",
        sections=(
            ("flags", (("official_flags", {}), ("official_flag_evidence", {}))),
            ("quota", (("official_quota_months", {"agency": "$heatmap_agency"}),)),
            ("beyond the roster", (("heard_elsewhere_by_official", {}), ("multi_commune_presence", {}))),
            ("one official", (("official_flags", {}), ("official_flag_evidence", {}), ("official_quota_months", {"official_id": "$official_pick"}),
                              ("heard_elsewhere_for_official", {"official_id": "$official_pick"}),
                              ("official_detail_visits", {"official_id": "$official_pick"}),
                              ("official_feedback_months", {"official_id": "$official_pick"}))))),
    Page("Đơn vị", "/don_vi", (
        ("agency_scorecard_detail", {}), ("agency_scorecard", {})),
        main=".js-plotly-plot .main-svg",
        sections=(
            ("heads' dialogues", (("agency_head_dialogues", {}),)),
            ("by quarter", (("agency_score_by_quarter", {}),)))),
    # The data page opens on its upload tab, which runs no query of figures.
    Page("Dữ liệu", "/du_lieu", (),
         main="[data-testid='stFileUploaderDropzone']",
         sections=(
             ("import report", (("import_summary", {}), ("import_files", {}), ("import_problem_summary", {}),
                                ("import_problems", {}), ("data_freshness", {}))),
             ("extracts", (("$first_extract", {}),)))),
)

FACT_TABLES = (("visits", "visit_id"), ("attendance", "visit_id"), ("feedback", "feedback_id"))
TARGETS = {"page_warm_national_s": 1.0, "page_warm_province_s": 0.2, "pandas_ratio": 10.0,
           "ingest_s": 180.0, "ingest_peak_gb": 4.0, "map_national_mb": 8.0, "map_province_mb": 1.0}


# ---------------------------------------------------------------------------------------------
# helpers


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> dict:
    memory_kb = 0
    model = platform.processor() or ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cores": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)), "memory_gb": memory_kb / 1024 ** 2,
            "cpu": model, "python": platform.python_version(), "duckdb": duckdb.__version__,
            "pandas": pd.__version__, "load": os.getloadavg()}


def measured_subprocess(args: list[str], *, env: dict | None = None, log: Path | None = None) -> tuple[float, float, int]:
    """Run a command; (wall seconds, peak resident memory in GB of that process tree's largest
    process, exit code)."""
    started = time.perf_counter()
    out = log.open("w") if log else subprocess.DEVNULL
    try:
        process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
    finally:
        if log:
            out.close()
    wall = time.perf_counter() - started
    return wall, usage.ru_maxrss / 1024 ** 2, os.waitstatus_to_exitcode(status)


@dataclass
class Dataset:
    """One generated export and its database."""

    label: str
    export: Path
    database: Path
    provinces: list[str] | None
    volume: float
    info: dict = field(default_factory=dict)


def build(dataset: Dataset, *, seed: int, reuse: bool, log_dir: Path) -> Dataset:
    """Generate (unless reused) and import (unless reused), measuring both in subprocesses."""
    marker = dataset.export / "bench.json"
    # The database is rebuilt when the import's code (checks, staging tables) changed since.
    code = hashlib.sha256(b"".join(path.read_bytes() for path in
                                   [*sorted((ROOT / "outreach" / "ingest").glob("*.py")),
                                    *sorted((ROOT / "queries" / "staging").rglob("*.sql")),
                                    # the default view stored at import: its code and every query
                                    ROOT / "outreach" / "query" / "stored.py", ROOT / "outreach" / "query" / "db.py",
                                    *sorted((ROOT / "queries").glob("*.sql"))]))
    spec = {"provinces": dataset.provinces, "volume": dataset.volume, "seed": seed, "import_code": code.hexdigest()[:16]}
    info = json.loads(marker.read_text()) if marker.exists() else {}
    if not (reuse and info.get("spec") == spec and dataset.database.exists()):
        if dataset.export.exists():
            shutil.rmtree(dataset.export)
        code = ("import sys, json; from pathlib import Path; from outreach.demo import generate_national; "
                f"r = generate_national(Path({str(dataset.export)!r}), seed={seed}, provinces={dataset.provinces!r}, "
                f"volume={dataset.volume!r}); print(json.dumps(r.row_counts))")
        wall, peak, exit_code = measured_subprocess([sys.executable, "-c", code], log=log_dir / f"{dataset.label}_gen.log")
        if exit_code != 0:
            raise RuntimeError(f"generation failed: {(log_dir / f'{dataset.label}_gen.log').read_text()[-2000:]}")
        rows = json.loads((log_dir / f"{dataset.label}_gen.log").read_text().strip().splitlines()[-1])
        info = {"spec": spec, "generate_s": wall, "generate_peak_gb": peak, "rows": rows,
                "bytes": sum(p.stat().st_size for p in dataset.export.iterdir() if p.suffix == ".parquet")}
        if dataset.database.exists():
            dataset.database.unlink()
        wall, peak, exit_code = measured_subprocess(
            [sys.executable, "-m", "outreach", "ingest", str(dataset.export), "--db", str(dataset.database), "--quiet"],
            log=log_dir / f"{dataset.label}_ingest.log")
        if exit_code not in (0,):
            raise RuntimeError(f"ingest exit {exit_code}: {(log_dir / f'{dataset.label}_ingest.log').read_text()[-3000:]}")
        info.update({"ingest_s": wall, "ingest_peak_gb": peak, "ingest_exit": exit_code,
                     "db_bytes": dataset.database.stat().st_size})
        marker.write_text(json.dumps(info, indent=1))
    dataset.info = info
    return dataset


def page_params(con: duckdb.DuckDBPyConnection, settings) -> tuple[db.Scope, dict]:
    scope = db.Scope(period=db.period_for(con, settings))
    busiest = con.execute("select commune_code from visits group by all order by count(*) desc, commune_code limit 1").fetchone()
    from outreach.query.extracts import extract_catalogue

    # The officials page's defaults: the detail of one official, the heatmap of one agency.
    official = con.execute("select min(official_id) from officials").fetchone()
    agency = con.execute("select agency_id from officials group by all order by count(*) desc, agency_id limit 1").fetchone()
    values = {"blind_spot_days": int(settings.get("coverage", "blind_spot_days")),
              "official_pick": official[0] if official else None,
              "heatmap_agency": agency[0] if agency else None,
              "commune_pick": busiest[0] if busiest else None,
              "first_extract": next(iter(extract_catalogue()))}
    return scope, values


def resolve(queries, values: dict) -> list[tuple[str, dict]]:
    result = []
    for name, extra in queries:
        name = values[name[1:]] if name.startswith("$") else name
        result.append((name, {key: values[v[1:]] if isinstance(v, str) and v.startswith("$") else v
                              for key, v in extra.items()}))
    return result


def existing(queries: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    known = set(db.query_names())
    return [(name, extra) for name, extra in queries if name in known]


def run_page(con, scope: db.Scope, settings, queries: list[tuple[str, dict]], *, clear: bool = True) -> dict[str, float]:
    """Run the queries in order (as the page does); seconds per query. The shared intermediate
    results (outreach/query/shared.py) start empty (clear): each run pays what a new view costs."""
    if clear:
        shared.clear()
    times = {}
    for name, extra in queries:
        params = scope.params_for(name, settings, extra)
        started = time.perf_counter()
        db.run_query(con, name, params)
        # A query run twice with other selections (e.g. one agency, then one official) counts twice.
        key = name if name not in times else f"{name} ({', '.join(sorted(extra))})"
        times[key] = time.perf_counter() - started
    return times


def time_pages(database: Path, *, runs: int, cold_runs: int = 1, commune: str | None = None, settings=None,
               computed: bool = False) -> dict:
    """Per page: cold (fresh connection each run) and warm (same connection, after one run)
    medians of the page's total, each warm run's total, and the warm median of each query.
    computed: every query computed (the stored default view bypassed, db.computed())."""
    if computed:
        with db.computed():
            return time_pages(database, runs=runs, cold_runs=cold_runs, commune=commune, settings=settings)
    settings = settings or load_settings()
    with duckdb.connect(str(database), read_only=True) as con:
        scope, values = page_params(con, settings)
    if commune:
        scope = db.Scope(period=scope.period, commune=commune)
    result = {}
    for page in PAGES:
        queries = existing(resolve(SIDEBAR, values) + resolve(page.queries, values))
        sections = [(section, existing(resolve(own, values))) for section, own in page.sections]
        cold, warm, per_query, section_warm = [], [], {}, {}
        for _ in range(cold_runs - 1):
            with duckdb.connect(str(database), read_only=True) as con:
                cold.append(sum(run_page(con, scope, settings, queries).values()))
        with duckdb.connect(str(database), read_only=True) as con:
            # The last cold run; the warm runs follow on the same connection.
            cold.append(sum(run_page(con, scope, settings, queries).values()))
            for _ in range(runs):
                times = run_page(con, scope, settings, queries)
                warm.append(sum(times.values()))
                for name, seconds in times.items():
                    per_query.setdefault(name, []).append(seconds)
                for section, own in sections:
                    # right after the opening (as a reader switches): its shared rows still held
                    times_ = run_page(con, scope, settings, own, clear=False)
                    section_warm.setdefault(section, []).append(sum(times_.values()))
                    for name, seconds in times_.items():
                        per_query.setdefault(name, []).append(seconds)
        result[page.name] = {"cold": median(cold), "warm": median(warm), "cold_runs": cold, "warm_runs": warm,
                             "queries": [q for q, _ in queries],
                             "per_query": {name: median(values_) for name, values_ in per_query.items()},
                             "sections": {section: {"warm": median(section_warm.get(section, [])),
                                                    "warm_runs": section_warm.get(section, []),
                                                    "queries": [q for q, _ in own]}
                                          for section, own in sections}}
    return result


def stored_info(database: Path) -> dict:
    """The default view stored at import: results, their rows and bytes."""
    with duckdb.connect(str(database), read_only=True) as con:
        try:
            count, rows, size = con.execute(f"select count(*), sum(result_rows), sum(octet_length(result)) "
                                            f"from {db.STORED_TABLE}").fetchone()
        except duckdb.CatalogException:
            return {"results": 0, "rows": 0, "bytes": 0}
    return {"results": count, "rows": int(rows or 0), "bytes": int(size or 0)}


def scan_floor(database: Path, runs: int) -> dict[str, float]:
    """One full scan of each fact table: count(*) with a trivial predicate on its key column.

    The predicate must read every value: `<> ''` on a text key is answered from the column's
    statistics (min/max) without a scan, so the hash of the value is compared instead.
    """
    result = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for table, column in FACT_TABLES:
            sql = f"select count(*) from {table} where hash({column}) <> 0"
            con.execute(sql).fetchall()
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                con.execute(sql).fetchall()
                samples.append(time.perf_counter() - started)
            result[table] = median(samples)
    result["all"] = sum(result[table] for table, _ in FACT_TABLES)
    return result


def map_measure(database: Path, runs: int) -> dict:
    """map_assets (the communes' SVG paths, projected once per database version) and the coverage map
    a page sends (SVG + legend, built on every run of the page)."""
    from outreach.views import coverage, report_map

    settings = load_settings()
    with duckdb.connect(str(database), read_only=True) as con:
        scope, _values = page_params(con, settings)
        shapes = db.run_scoped(con, "commune_shapes", scope, settings)
        figures = db.run_scoped(con, "commune_map", scope, settings)
    if shapes.empty:
        return {"polygons": 0}
    build_times, figure_times = [], []
    for _ in range(runs):
        started = time.perf_counter()
        assets = coverage.map_assets(shapes)
        build_times.append(time.perf_counter() - started)
    for _ in range(runs):
        started = time.perf_counter()
        drawing, legend = report_map.coverage_map(figures, assets, metric="visits_held", lang="vi")
        figure_times.append(time.perf_counter() - started)
    geometry_bytes = int(sum(len(text.encode()) for text in shapes["geometry"]))
    return {"polygons": len(shapes), "build_s": median(build_times), "geometry_bytes": geometry_bytes,
            "figure_s": median(figure_times), "figure_bytes": len((drawing + legend).encode())}


def pandas_measure(export: Path, database: Path, runs: int) -> dict:
    """The headline figures in pandas (load + compute), checked against overview_kpis."""
    import pandas_baseline

    settings = load_settings()
    with duckdb.connect(str(database), read_only=True) as con:
        scope, _values = page_params(con, settings)
        params = scope.params_for("overview_kpis", settings)
        duck = db.run_query(con, "overview_kpis", params).iloc[0].to_dict()
    loads, computes, figures, loads_now = [], [], {}, []
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        tables = pandas_baseline.load(export)
        loads.append(time.perf_counter() - started)
        started = time.perf_counter()
        figures = pandas_baseline.overview_kpis(tables, params)
        computes.append(time.perf_counter() - started)
        loads_now.append(os.getloadavg()[0])
        del tables
    mismatches = []
    for key, value in duck.items():
        other = figures.get(key)
        same = (pd.isna(value) and (other is None or pd.isna(other))) or (
            other is not None and not pd.isna(value) and math.isclose(float(value), float(other), rel_tol=1e-9, abs_tol=1e-9))
        if not same:
            mismatches.append(f"{key}: duckdb {value} pandas {other}")
    return {"load_s": median(loads), "compute_s": median(computes), "total_s": median(loads) + median(computes),
            "compute_runs": computes, "load_average": loads_now,
            "mismatches": mismatches, "figures": {k: (None if pd.isna(v) else v) for k, v in duck.items()}}


def profile(database: Path, query: str, *, commune: str | None = None, top: int = 12) -> list[tuple[str, float, int, str]]:
    """The slowest operators of one query (DuckDB's JSON profile): (operator, seconds, rows, extra)."""
    settings = load_settings()
    with duckdb.connect(str(database), read_only=True) as con:
        scope, values = page_params(con, settings)
        if commune:
            scope = db.Scope(period=scope.period, commune=commune)
        name, extra = resolve(((query, {}),), values)[0]
        params = scope.params_for(name, settings, extra)
        with tempfile.NamedTemporaryFile(suffix=".json") as output:
            con.execute("pragma enable_profiling = 'json'")
            con.execute(f"pragma profiling_output = '{output.name}'")
            with db.computed():
                db.run_query(con, name, params)
            con.execute("pragma disable_profiling")
            tree = json.loads(Path(output.name).read_text() or "{}")
    rows = []

    def walk(node):
        # DuckDB 2.0's JSON profile: {"query": {...total_time}, "operator": [tree]}; older: a tree.
        operator = node.get("type") or node.get("operator_name") or node.get("operator_type")
        if operator:
            extra = node.get("extra_info") or {}
            detail = ""
            if isinstance(extra, dict):
                wanted = [k for k in ("Table", "Conditions", "Join Type", "Groups", "Aggregates", "CTE Name", "Function")
                          if k in extra][:2]
                detail = "; ".join(f"{k}: {str(extra[k])[:90]}" for k in wanted)
            seconds = node.get("timing", node.get("operator_timing", 0.0))
            cardinality = node.get("intermediate_rows", node.get("operator_cardinality", 0))
            rows.append((str(operator).strip(), float(seconds or 0.0), int(cardinality or 0),
                         detail.replace("\n", " ").replace("|", "/")))
        for child in node.get("children", []):
            walk(child)

    for root in tree.get("operator", [tree]) if isinstance(tree.get("operator"), list) else [tree]:
        walk(root)
    total = float((tree.get("query") or {}).get("total_time", tree.get("latency", 0.0)) or 0.0)
    rows.sort(key=lambda row: -row[1])
    return [("(query latency)", total, 0, "")] + rows[:top]


def code_digest() -> str:
    """Digest of what a measurement depends on: the package, the queries, the pages and this bench."""
    paths = sorted([*(ROOT / "outreach").rglob("*.py"), *(ROOT / "queries").rglob("*.sql"), *(ROOT / "pages").glob("*.py"),
                    ROOT / "dashboard.py", *BENCH.glob("*.py")])
    return hashlib.sha256(b"".join(path.read_bytes() for path in paths)).hexdigest()[:16]


class Stages:
    """Results of finished stages kept in <work>/stages.json, so a run that fails late (or is
    re-run with the same data and code) does not measure everything again; --fresh clears it, and
    so does any change of the code (code_digest): a stage measured on other code is never reused."""

    def __init__(self, path: Path, reuse: bool) -> None:
        self.path = path
        self.data = json.loads(path.read_text()) if reuse and path.exists() else {}
        if self.data.get("_code") != code_digest():
            self.data = {"_code": code_digest()}

    def get(self, key: str, compute):
        if key not in self.data:
            self.data[key] = compute()
            self.path.write_text(json.dumps(self.data, default=str))
        return self.data[key]


def slowest_profiles(results: dict, work: Path) -> list:
    """Profiles of the two slowest queries nationally and the slowest on one province."""
    national_db = work / "national.duckdb"
    province_db = work / (results["province"]["label"].replace(" ", "_") + ".duckdb")
    profiles = []
    for label, data, database, count in (("national", results["national"], national_db, 2),
                                         ("one province", results["province"], province_db, 1)):
        # The computed path: the stored default view would profile a lookup.
        pages = data.get("computed_pages") or data["pages"]
        rows = sorted(((s, q) for p in pages.values() for q, s in p["per_query"].items()), reverse=True)
        for seconds, query in rows[:count]:
            profiles.append((f"`{query}`, {label}, computed ({fmt_s(seconds)} warm)", profile(database, query)))
    return profiles


# ---------------------------------------------------------------------------------------------
# report


def fmt_s(seconds: float | None) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "—"
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def growth_exponent(sizes: list[int], times: list[float]) -> float | None:
    """Slope of log(time) against log(size) by least squares (1 = linear)."""
    pairs = [(math.log(s), math.log(t)) for s, t in zip(sizes, times) if s > 0 and t > 0]
    if len(pairs) < 2:
        return None
    mean_x = sum(x for x, _ in pairs) / len(pairs)
    mean_y = sum(y for _, y in pairs) / len(pairs)
    denominator = sum((x - mean_x) ** 2 for x, _ in pairs)
    return sum((x - mean_x) * (y - mean_y) for x, y in pairs) / denominator if denominator else None


def report(results: dict) -> str:
    m, national, province = results["machine"], results["national"], results["province"]
    lines = ["# National scale and speed: benchmark results", "",
             f"Generated by `python bench/run.py{results['argv']}` on {results['when']} "
             f"(total benchmark wall time {results['wall_s'] / 60:.1f} min).", "",
             "## Machine", "",
             f"- {m['cores']} cores ({m['affinity']} usable), {m['memory_gb']:.1f} GB memory, {m['cpu']}",
             f"- Python {m['python']}, DuckDB {m['duckdb']}, pandas {m['pandas']}",
             f"- load average at start {m['load'][0]:.2f} / {m['load'][1]:.2f} / {m['load'][2]:.2f}. The machine is "
             "shared with other work (test suites of other sessions run at the same time), so every figure is the "
             f"median of {results['runs']} warm runs ({results['cold_runs']} cold), and single figures can be off by tens of "
             "percent.", "",
             "## Data", "",
             "| table | national rows | one-province rows |", "|---|---:|---:|"]
    for table in national["info"]["rows"]:
        lines.append(f"| {table} | {national['info']['rows'][table]:,} | {province['info']['rows'][table]:,} |")
    lines += ["", f"National export: {national['info']['bytes'] / 1e6:,.0f} MB of Parquet, generated in "
              f"{fmt_s(national['info']['generate_s'])} (peak {national['info']['generate_peak_gb']:.2f} GB); "
              f"database {national['info']['db_bytes'] / 1e6:,.0f} MB. One province: {province['label']}.", ""]

    # Targets summary: each of the runs, their median, and the verdict (met only if met in every run).
    floor = national["floor"]["all"]
    pandas_s = results["pandas"]["compute_s"]
    pandas_runs = results["pandas"].get("compute_runs") or [pandas_s]
    runs = results["runs"]

    def slowest(pages: dict, key: str) -> list[float]:
        """Per run, the slowest view's total: a page's opening, or (warm runs) a switch to one of its
        sections."""
        count = min(len(p[key]) for p in pages.values())

        def views(page: dict, i: int):
            yield page[key][i]
            if key == "warm_runs":
                for section in (page.get("sections") or {}).values():
                    if len(section["warm_runs"]) > i:
                        yield section["warm_runs"][i]

        return [max(v for p in pages.values() for v in views(p, i)) for i in range(count)]

    def row(target: str, values: list[float], limit: float, fmt=fmt_s, note: str = "") -> str:
        cells = " | ".join(fmt(v) for v in values) + " |" + " |" * (runs - len(values))
        ok = bool(values) and all(v < limit for v in values)
        return f"| {target} | {cells} {fmt(median(values))} | {verdict(ok)}{note} |"

    warm_national = slowest(national["pages"], "warm_runs")
    cold_national = slowest(national["pages"], "cold_runs")
    warm_province = slowest(province["pages"], "warm_runs")
    warm_commune = slowest(national["commune_pages"], "warm_runs")
    computed_national = slowest(national["computed_pages"], "warm_runs")
    ratios = [pandas_runs[i % len(pandas_runs)] / warm_national[i] for i in range(len(warm_national))]
    computed_ratios = [pandas_runs[i % len(pandas_runs)] / computed_national[i] for i in range(len(computed_national))]
    map_national = national["map"].get("figure_bytes", 0) / 1e6
    map_province = province["map"].get("figure_bytes", 0) / 1e6
    times = lambda v: f"{v:,.0f}×"  # noqa: E731
    header = " | ".join(f"run {i + 1}" for i in range(runs))
    lines += ["## Targets", "",
              "Each run is one pass over every page's queries on opening, then over each of its sections' own "
              "queries (what a switch to that section runs); the slowest view's total is shown (for a first "
              "reader: the slowest opening). The verdict is *met* only if the target holds in every run. Load "
              "average when each stage started in [Load](#load).", "",
              f"| target | {header} | median | verdict |", "|---|" + "---:|" * (runs + 1) + "---|",
              row("national, default view (whole country, last 12 months), warm, slowest view < 1 s",
                  warm_national, TARGETS["page_warm_national_s"]),
              row("first reader of the default view after the import (fresh connection), slowest page < 1 s",
                  cold_national, TARGETS["page_warm_national_s"]),
              row(f"one province ({province['label']}'s database), default view, warm, slowest view < 1 s",
                  warm_province, TARGETS["page_warm_national_s"]),
              row("one commune (national database, sidebar's commune filter: computed), warm, slowest view < 1 s",
                  warm_commune, TARGETS["page_warm_national_s"]),
              f"| pandas compute over the slowest national view (default view) ≥ 10× | "
              + " | ".join(times(v) for v in ratios) + " |" + " |" * (runs - len(ratios))
              + f" {times(median(ratios))} | {verdict(bool(ratios) and min(ratios) >= TARGETS['pandas_ratio'])} |",
              f"| the same with every query computed (store bypassed) ≥ 10× | "
              + " | ".join(times(v) for v in computed_ratios) + " |" + " |" * (runs - len(computed_ratios))
              + f" {times(median(computed_ratios))} | "
              f"{verdict(bool(computed_ratios) and min(computed_ratios) >= TARGETS['pandas_ratio'])} |",
              f"| ingest < 3 min (one import, default view stored) | {fmt_s(national['info']['ingest_s'])} |"
              + " |" * runs + f" {verdict(national['info']['ingest_s'] < TARGETS['ingest_s'])} |",
              f"| ingest peak memory < 4 GB | {national['info']['ingest_peak_gb']:.2f} GB |" + " |" * runs
              + f" {verdict(national['info']['ingest_peak_gb'] < TARGETS['ingest_peak_gb'])} |",
              f"| national map payload < 8 MB | {map_national:.2f} MB |" + " |" * runs
              + f" {verdict(0 < map_national < TARGETS['map_national_mb'])} |",
              f"| one province's map payload < 1 MB | {map_province:.2f} MB |" + " |" * runs
              + f" {verdict(0 < map_province < TARGETS['map_province_mb'])} |"]
    exponents = results.get("growth_exponents") or {}
    if exponents:
        worst = max(v for v in exponents.values() if v is not None)
        lines.append(f"| growth no worse than linear (largest exponent: pages computed, and ingest) | {worst:.2f} |"
                     + " |" * runs + f" {verdict(worst <= 1.0)} |")
    stored = national.get("stored") or {}
    lines += ["", f"Pandas computes the overview's eight figures in {', '.join(fmt_s(v) for v in pandas_runs)} "
              f"(median {fmt_s(pandas_s)}, the files already read). The national database stores "
              f"{stored.get('results', 0)} default-view results ({stored.get('rows', 0):,} rows, "
              f"{stored.get('bytes', 0) / 1e6:,.1f} MB compressed).", ""]

    # Pages.
    lines += ["## Pages: all their queries", "",
              "Time of all the named queries a page runs when it opens (the sidebar's three included), run "
              "in order through `outreach.query.db.run_query` (result to a DataFrame) outside Streamlit, so without "
              "the app's result cache. *Default view*: the whole country, the default period: answered from the "
              "results stored at import (`stored_results`). *Computed*: the same queries with the store "
              "bypassed (`db.computed()`): what any other period or a national filter costs. *Cold*: a freshly "
              "opened read-only connection (the operating system's file cache is not dropped, the machine is "
              "shared); *warm*: the same queries again on the open connection. Each cell: the median, then the "
              "runs. *× pandas*: pandas' median compute time over the page's median.", "",
              "| page | queries | national default view, cold | national default view, warm | × pandas | "
              "national computed, warm | × pandas | × floor | one province warm | one province computed, warm | "
              "one commune (national DB), warm |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]

    def runs_cell(page: dict, key: str, median_key: str) -> str:
        values = page.get(key) or []
        return f"{fmt_s(page[median_key])} ({', '.join(f'{v * 1000:,.0f}' for v in values)})" if values else fmt_s(page[median_key])

    for page in PAGES:
        n = national["pages"][page.name]
        nc = national["computed_pages"][page.name]
        p = province["pages"][page.name]
        pc = province["computed_pages"][page.name]
        c = national["commune_pages"][page.name]
        lines.append(f"| {page.name} | {len(n['queries'])} | {runs_cell(n, 'cold_runs', 'cold')} | "
                     f"{runs_cell(n, 'warm_runs', 'warm')} | {pandas_s / n['warm']:,.0f} | "
                     f"{runs_cell(nc, 'warm_runs', 'warm')} | {pandas_s / nc['warm']:,.0f} | {nc['warm'] / floor:,.1f} | "
                     f"{runs_cell(p, 'warm_runs', 'warm')} | {runs_cell(pc, 'warm_runs', 'warm')} | "
                     f"{runs_cell(c, 'warm_runs', 'warm')} |")
    lines += ["", "### Sections", "",
              "What a switch to a section runs after the page's opening (its own queries; the opening's results "
              "and shared rows are already held), warm medians.", "",
              "| page | section | queries | national default view | national computed | one province computed | "
              "one commune (national DB) |", "|---|---|---|---:|---:|---:|---:|"]
    for page in PAGES:
        for section, info in (national["pages"][page.name].get("sections") or {}).items():
            cells = [fmt_s(((data.get(page.name) or {}).get("sections") or {}).get(section, {}).get("warm"))
                     for data in (national["pages"], national["computed_pages"], province["computed_pages"],
                                  national["commune_pages"])]
            lines.append(f"| {page.name} | {section} | {', '.join(f'`{q}`' for q in info['queries'])} | "
                         + " | ".join(cells) + " |")
    lines += ["", "### Slowest queries (national, computed, warm median)", "", "| page | query | national | one province |",
              "|---|---|---:|---:|"]
    rows = []
    for page in PAGES:
        for name, seconds in national["computed_pages"][page.name]["per_query"].items():
            rows.append((seconds, page.name, name, province["computed_pages"][page.name]["per_query"].get(name)))
    for seconds, page_name, name, province_s in sorted(rows, reverse=True)[:15]:
        lines.append(f"| {page_name} | `{name}` | {fmt_s(seconds)} | {fmt_s(province_s)} |")
    if results.get("loads"):
        lines += ["", "## Load", "", "Load average (1, 5, 15 min) when each measured stage started.", "",
                  "| stage | load |", "|---|---|"]
        for stage, load in results["loads"].items():
            lines.append(f"| {stage} | {' / '.join(f'{v:.2f}' for v in load)} |")
    lines.append("")

    # Floor and pandas.
    lines += ["", "## Scan floor (national)", "", "| fact table | rows | full scan |", "|---|---:|---:|"]
    for table, _column in FACT_TABLES:
        lines.append(f"| {table} | {national['info']['rows'][table]:,} | {fmt_s(national['floor'][table])} |")
    lines.append(f"| all three | | {fmt_s(floor)} |")
    pd_result = results["pandas"]
    lines += ["", "## Pandas baseline", "",
              "`bench/pandas_baseline.py` computes the overview's headline figures (both periods, as "
              "`overview_kpis` does) with vectorised pandas from the same Parquet files. "
              + ("It gives the same eight figures as the query (checked in this run)."
                 if not pd_result["mismatches"] else
                 "**It differs from the query:** " + "; ".join(pd_result["mismatches"])), "",
              f"- reading the files: {fmt_s(pd_result['load_s'])}; computing: {fmt_s(pd_result['compute_s'])}; "
              f"total {fmt_s(pd_result['total_s'])}",
              f"- DuckDB `overview_kpis` alone, warm: computed "
              f"{fmt_s((national.get('computed_pages') or national['pages'])['Tổng quan']['per_query'].get('overview_kpis'))}, "
              f"default view (stored) {fmt_s(national['pages']['Tổng quan']['per_query'].get('overview_kpis'))}",
              "- the ratio in the page table uses the compute time only (the files already in memory), the "
              "comparison most favourable to pandas.", ""]

    # Map.
    lines += ["## Map", "", "| scope | polygons | stored geometry (GeoJSON) | build (map_assets) | map build (SVG + legend) | "
              "map sent per view |", "|---|---:|---:|---:|---:|---:|"]
    for label, data in (("national", national), ("one province", province)):
        mp = data["map"]
        if mp.get("polygons"):
            lines.append(f"| {label} | {mp['polygons']:,} | {mp['geometry_bytes'] / 1e6:.2f} MB | {fmt_s(mp['build_s'])} | "
                         f"{fmt_s(mp['figure_s'])} | {mp['figure_bytes'] / 1e6:.2f} MB |")
    lines += ["", "The map is the dashboard's own SVG (outreach/views/commune_map.py): the paths are projected once "
              "per database version; each view sends the SVG with its colours and hover text, and its legend.", ""]

    # Ingest.
    lines += ["## Ingest", "", "| data | rows (attendance) | ingest | peak memory | database |", "|---|---:|---:|---:|---:|"]
    for data in [national, province] + [g["dataset"] for g in results["growth"]]:
        info = data["info"]
        lines.append(f"| {data['label']} | {info['rows']['attendance']:,} | {fmt_s(info['ingest_s'])} | "
                     f"{info['ingest_peak_gb']:.2f} GB | {info['db_bytes'] / 1e6:,.0f} MB |")

    # Growth.
    if results["growth"]:
        growth = sorted(results["growth"], key=lambda g: g["dataset"]["info"]["rows"]["attendance"])
        lines += ["", "## Growth", "",
                  "Province subsets of the national export (the first provinces in code order holding 1/8, 1/4, 1/2 of "
                  "the communes, then all), warm medians. Exponent: slope of log(time) against log(rows) — 1 is "
                  "linear, below 1 sublinear.", "",
                  "| page | " + " | ".join(g["dataset"]["label"] for g in growth) + " | exponent |",
                  "|---|" + "---:|" * (len(growth) + 1)]
        sizes = [g["dataset"]["info"]["rows"]["attendance"] for g in growth]
        for key, label in (("computed_pages", "computed"), ("pages", "default view")):
            for page in PAGES:
                if not all(key in g for g in growth):
                    continue
                times = [g[key][page.name]["warm"] for g in growth]
                exponent = growth_exponent(sizes, times)
                lines.append(f"| {page.name}, {label} | " + " | ".join(fmt_s(t) for t in times)
                             + (f" | {exponent:.2f} |" if exponent is not None else " | — |"))
        ingest = [g["dataset"]["info"]["ingest_s"] for g in growth]
        exponent = growth_exponent(sizes, ingest)
        lines.append("| (ingest) | " + " | ".join(fmt_s(t) for t in ingest) + f" | {exponent:.2f} |")
        lines.append("| (attendance rows) | " + " | ".join(f"{s:,}" for s in sizes) + " | |")

    # Browser.
    if results.get("browser"):
        lines += ["", "## Browser", "",
                  "Chromium (Playwright) on `streamlit run dashboard.py` over the national database: time from "
                  "navigation until the page's main chart, map or table is drawn. *First*: the first visit after "
                  "the server started (queries run); *again*: a new tab on the same page (results from the app's "
                  "cache). Desktop 1366×900, phone 390×844. Screenshots in bench/screenshots/.", "",
                  "| page | desktop first | desktop again | phone first | phone again | errors |", "|---|---:|---:|---:|---:|---|"]
        for row in results["browser"]["pages"]:
            lines.append(f"| {row['page']} | {fmt_s(row.get('desktop_first'))} | {fmt_s(row.get('desktop_again'))} | "
                         f"{fmt_s(row.get('phone_first'))} | {fmt_s(row.get('phone_again'))} | "
                         f"{'; '.join(row.get('errors', [])) or 'none'} |")
        if results["browser"].get("note"):
            lines += ["", results["browser"]["note"]]

    # Profiles.
    if results.get("profiles"):
        lines += ["", "## Profiles of the slowest queries", ""]
        for title, rows in results["profiles"]:
            lines += [f"### {title}", "", "| operator | time | rows | detail |", "|---|---:|---:|---|"]
            for operator, seconds, cardinality, detail in rows:
                lines.append(f"| {operator} | {fmt_s(seconds)} | {cardinality:,} | {detail[:140]} |")
            lines.append("")
    notes = BENCH / "NOTES.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", default="/tmp/outreach-bench", help="where exports and databases live (reused)")
    parser.add_argument("--runs", type=int, default=3, help="warm runs per measurement (medians are reported)")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold runs (fresh connection) per page")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--growth", default="0.125,0.25,0.5", help="fractions of the country for the growth runs ('' for none)")
    parser.add_argument("--province", help="province code of the one-province database (default: the median-sized one)")
    parser.add_argument("--fresh", action="store_true", help="regenerate and re-import even if the work folder has them")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--tiny", action="store_true", help="two small provinces at 2%% volume (for the test suite)")
    parser.add_argument("--results", default=str(BENCH / "RESULTS.md"))
    parser.add_argument("--screenshots", default=str(BENCH / "screenshots"))
    parser.add_argument("--rereport", action="store_true",
                        help="rewrite the report from the last run's results.json (profiles measured again)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work = Path(args.work)
    if args.rereport:
        results = json.loads((work / "results.json").read_text())
        results["profiles"] = slowest_profiles(results, work)
        text = report(results)
        Path(args.results).write_text(text, encoding="utf-8")
        (work / "results.json").write_text(json.dumps(results, default=str, indent=1))
        print(text)
        return 0
    work.mkdir(parents=True, exist_ok=True)
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    reuse = not args.fresh

    from outreach.demo.national import choose_provinces, synthetic_communes

    communes = synthetic_communes(args.seed)
    all_codes = sorted({c.province_code for c in communes})
    volume = 0.02 if args.tiny else 1.0
    base = all_codes[:2] if args.tiny else None
    base_communes = [c for c in communes if base is None or c.province_code in base]
    sizes = {code: sum(c.province_code == code for c in communes) for code in all_codes}
    if args.province:
        province_code = args.province
    else:
        candidates = sorted((sizes[code], code) for code in (base or all_codes))
        province_code = candidates[len(candidates) // 2][1]

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f} s] {message}", file=sys.stderr, flush=True)

    log("national export and import")
    national = build(Dataset("national", work / "national", work / "national.duckdb", base, volume),
                     seed=args.seed, reuse=reuse, log_dir=logs)
    log(f"one-province export and import ({province_code})")
    province = build(Dataset(f"province {province_code}", work / f"province_{province_code}",
                             work / f"province_{province_code}.duckdb", [province_code], volume),
                     seed=args.seed, reuse=reuse, log_dir=logs)
    results: dict = {"machine": machine(), "runs": args.runs, "cold_runs": args.cold_runs, "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                     "argv": (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()}
    settings = load_settings()
    with duckdb.connect(str(national.database), read_only=True) as con:
        _scope, values = page_params(con, settings)
    stages = Stages(work / "stages.json", reuse)
    results["loads"] = loads = {}

    def staged(key: str, compute):
        """A stage's result, with the load average when it started (the machine is shared)."""
        if key not in stages.data:
            loads[key] = os.getloadavg()
        return stages.get(key, compute)

    data = {}
    for dataset in (national, province):
        log(f"pages: {dataset.label}")
        data[dataset.label] = {
            "label": dataset.label, "info": dataset.info, "stored": stored_info(dataset.database),
            "pages": staged(f"pages {dataset.label}", lambda: time_pages(
                dataset.database, runs=args.runs, cold_runs=args.cold_runs, settings=settings)),
            "computed_pages": staged(f"computed pages {dataset.label}", lambda: time_pages(
                dataset.database, runs=args.runs, cold_runs=1, settings=settings, computed=True)),
            "floor": stages.get(f"floor {dataset.label}", lambda: scan_floor(dataset.database, args.runs)),
            "map": stages.get(f"map {dataset.label}", lambda: map_measure(dataset.database, max(1, min(args.runs, 3)))),
        }
    log("pages with the commune filter (national database)")
    data["national"]["commune_pages"] = staged("commune pages", lambda: time_pages(
        national.database, runs=args.runs, commune=values["commune_pick"], settings=settings))
    results["national"], results["province"] = data["national"], data[province.label]
    log("pandas baseline")
    results["pandas"] = staged("pandas", lambda: pandas_measure(national.export, national.database, args.runs))

    results["profiles"] = slowest_profiles(results, work)

    # Growth.
    results["growth"] = []
    fractions = [float(f) for f in args.growth.split(",") if f.strip()]
    for fraction in fractions:
        chosen = choose_provinces(base_communes, fraction=fraction)
        label = f"{fraction:g} ({len(chosen)} province{'s' if len(chosen) != 1 else ''})"
        log(f"growth: {label}")
        dataset = build(Dataset(label, work / f"growth_{fraction:g}", work / f"growth_{fraction:g}.duckdb", chosen, volume),
                        seed=args.seed, reuse=reuse, log_dir=logs)
        results["growth"].append({"dataset": {"label": label, "info": dataset.info},
                                  "pages": staged(f"growth {fraction:g}", lambda: time_pages(
                                      dataset.database, runs=args.runs, settings=settings)),
                                  "computed_pages": staged(f"growth computed {fraction:g}", lambda: time_pages(
                                      dataset.database, runs=args.runs, settings=settings, computed=True))})
    if fractions:
        results["growth"].append({"dataset": {"label": f"1 ({len(base or all_codes)} provinces)", "info": national.info},
                                  "pages": results["national"]["pages"],
                                  "computed_pages": results["national"]["computed_pages"]})

    growth = sorted(results["growth"], key=lambda g: g["dataset"]["info"]["rows"]["attendance"])
    if len(growth) > 1:
        sizes = [g["dataset"]["info"]["rows"]["attendance"] for g in growth]
        results["growth_exponents"] = {
            page.name: growth_exponent(sizes, [g["computed_pages"][page.name]["warm"] for g in growth])
            for page in PAGES}
        results["growth_exponents"]["(ingest)"] = growth_exponent(sizes, [g["dataset"]["info"]["ingest_s"] for g in growth])

    if not args.no_browser:
        log("browser")
        from browser import browser_timings

        results["browser"] = stages.get("browser", lambda: browser_timings(national.database, Path(args.screenshots), work=work,
                                             pages=[(p.name, p.url, p.main) for p in PAGES]))
    results["wall_s"] = time.perf_counter() - started
    text = report(results)
    Path(args.results).write_text(text, encoding="utf-8")
    (work / "results.json").write_text(json.dumps(results, default=str, indent=1))
    print(text)
    log(f"done; wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
