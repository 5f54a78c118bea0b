"""The one module that knows Streamlit: caching, the shared sidebar, page headers.

Pages call these helpers and outreach.* functions; they hold no SQL and no logic.
"""

from __future__ import annotations

import datetime as dt
import fcntl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from outreach import db
from outreach.config import PROJECT_ROOT, Settings, load_settings
from outreach.export import ascii_slug, csv_bytes, xlsx_bytes
from outreach.i18n import definition, fmt_date, fmt_month, t
from outreach.periods import Period, add_months, resolve_period

# (script path, label key, icon). dashboard.py is the overview.
PAGES = (
    ("dashboard.py", "nav_overview", ":material/dashboard:"),
    ("pages/1_bao_phu.py", "nav_coverage", ":material/map:"),
    ("pages/2_y_kien.py", "nav_feedback", ":material/forum:"),
    ("pages/3_can_bo.py", "nav_officials", ":material/badge:"),
    ("pages/4_don_vi.py", "nav_agencies", ":material/account_balance:"),
    ("pages/5_du_lieu.py", "nav_data", ":material/database:"),
)

# URL parameter names of the shared filters.
URL_KEYS = ("lang", "from", "to", "commune", "agency", "metric", "sel", "gap")


@dataclass(frozen=True)
class Context:
    """Everything a page needs to know about what the user is looking at."""

    lang: str
    settings: Settings
    database: Path
    version: str  # the database file this page run reads: fixed for the whole run
    scope: db.Scope
    data_as_of: dt.date
    first_month: dt.date
    commune_name: str | None
    agency_name: str | None

    @property
    def period(self) -> Period:
        return self.scope.period

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return load_settings()


# ---------------------------------------------------------------- database

def ensure_database() -> Path:
    """Return the database path, building the demo database first if none exists."""
    config = settings()
    path = config.path("database")
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(".build.lock")
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another session may be building it already
        if path.exists():
            return path
        with st.status(t("building_demo"), expanded=True) as status:
            bar = st.progress(0.0)

            def progress(message: str, fraction: float) -> None:
                bar.progress(min(max(fraction, 0.0), 1.0), text=message)

            from outreach.demo import generate
            from outreach.ingest import ingest

            demo_dir = config.path("demo_dir")
            generate(demo_dir, progress=lambda m, f: progress(m, 0.6 * f))
            report = ingest(demo_dir, database=path, progress=lambda m, f: progress(m, 0.6 + 0.4 * f))
            if report.exit_code == 1:
                status.update(label=t("demo_failed", error=report.error), state="error")
                st.stop()
            status.update(label=t("demo_done"), state="complete", expanded=False)
    return path


@st.cache_resource(show_spinner=False, max_entries=3)
def _connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    # Shared by all sessions: read-only, and every query takes its own cursor. It opens the
    # version's own file, never the link, so an import swapping the link cannot change it.
    return db.connect(db.version_file(version), read_only=True)


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(path: str, version: str, name: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    cursor = _connection(path, version).cursor()
    try:
        return db.run_query(cursor, name, dict(params))
    finally:
        cursor.close()


def run(ctx: Context, name: str, **extra: Any) -> pd.DataFrame:
    """Run a named query for the page's scope (plus extra named values such as a selection);
    cached per (query, parameters, database version)."""
    params = ctx.scope.params_for(name, ctx.settings, extra)
    return _cached(str(ctx.database), ctx.version, name, tuple(sorted(params.items())))


@st.cache_resource(show_spinner=False, max_entries=4)
def _map_assets(path: str, version: str):
    from outreach.coverage import map_assets

    return map_assets(_cached(path, version, "commune_shapes", ()), static_dir=PROJECT_ROOT / "static")


def map_assets(ctx: Context):
    """Map geometry built once per database version and shared read-only by all sessions."""
    return _map_assets(str(ctx.database), ctx.version)


def run_plain(path: Path, name: str, version: str | None = None) -> pd.DataFrame:
    return _cached(str(path), version or db.database_version(path), name, ())


# ---------------------------------------------------------------- sidebar and URL

def _query_param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value not in (None, "") else None


def _remember(key: str, url_name: str) -> None:
    """on_change: copy a widget's value into the URL so a copied link reopens the view."""
    value = st.session_state.get(key)
    if value in (None, "", "__all__"):
        if url_name in st.query_params:
            del st.query_params[url_name]
    else:
        st.query_params[url_name] = str(value)


def _sync_from_url(key: str, url_name: str, options: list[str], default: str) -> None:
    """Before a widget is drawn: take its value from the URL (the shared state across pages)."""
    wanted = _query_param(url_name)
    st.session_state[key] = wanted if wanted in options else default


def url_choice(key: str, url_name: str, options: list[str], default: str) -> None:
    """Call before drawing a widget whose value lives in the URL (pass on_change=ui.remember,
    args=(key, url_name) to the widget)."""
    _sync_from_url(key, url_name, options, default)


def remember(key: str, url_name: str) -> None:
    _remember(key, url_name)


def set_url_value(key: str, url_name: str, value: str | None) -> None:
    """Set a URL-backed selection from code (e.g. a map click) before its widget is drawn."""
    st.session_state[key] = value
    _remember(key, url_name)


def url_params() -> dict[str, str]:
    return {key: st.query_params[key] for key in URL_KEYS if _query_param(key)}


def setup_page(title_key: str) -> Context:
    """Page config, sidebar (navigation, language, period, filters) and the header of a page."""
    st.set_page_config(page_title=t(title_key) + " · " + t("app_title"), page_icon=str(PROJECT_ROOT / "static" / "favicon.png"),
                       layout="wide", initial_sidebar_state="auto")
    _sync_from_url("lang", "lang", ["vi", "en"], "vi")
    lang = st.session_state["lang"]
    database = ensure_database()
    # One version for the whole run: an import swapping the file meanwhile cannot mix old and
    # new numbers on one page (the old file stays readable through its open connection).
    version = db.database_version(database)
    bounds = run_plain(database, "data_as_of", version).iloc[0]
    data_as_of, first_month = pd.Timestamp(bounds["as_of"]).date(), pd.Timestamp(bounds["first_month"]).date()
    communes = run_plain(database, "commune_list", version)
    agencies = run_plain(database, "agency_list", version)

    with st.sidebar:
        st.markdown(f"### {t('app_title', lang)}")
        for script, label_key, icon in PAGES:
            st.page_link(script, label=t(label_key, lang), icon=icon, query_params=url_params())
        st.divider()
        st.subheader(t("filters", lang))
        default_period = resolve_period(data_as_of=data_as_of)
        months = _month_options(min(first_month, default_period.start_month), data_as_of)
        default_from = default_period.start_month.strftime("%Y-%m")
        default_to = default_period.end_month.strftime("%Y-%m")
        _sync_from_url("period_from", "from", months, default_from)
        _sync_from_url("period_to", "to", months, default_to)
        col_from, col_to = st.columns(2)
        col_from.selectbox(t("period_from", lang), months, key="period_from", format_func=_month_label,
                           on_change=_remember, args=("period_from", "from"))
        col_to.selectbox(t("period_to", lang), months, key="period_to", format_func=_month_label,
                         on_change=_remember, args=("period_to", "to"))
        commune_options = ["__all__", *communes["commune_code"].tolist()]
        commune_labels = dict(zip(communes["commune_code"], communes["commune_name"]))
        _sync_from_url("commune", "commune", commune_options, "__all__")
        st.selectbox(t("commune", lang), commune_options, key="commune",
                     format_func=lambda code: t("all_communes", lang) if code == "__all__" else f"{commune_labels[code]} ({code})",
                     on_change=_remember, args=("commune", "commune"))
        agency_options = ["__all__", *agencies["agency_id"].tolist()]
        agency_labels = dict(zip(agencies["agency_id"], agencies["agency_name"]))
        _sync_from_url("agency", "agency", agency_options, "__all__")
        st.selectbox(t("agency", lang), agency_options, key="agency",
                     format_func=lambda code: t("all_agencies", lang) if code == "__all__" else agency_labels[code],
                     on_change=_remember, args=("agency", "agency"))
        st.divider()
        st.radio(t("language", lang), ["vi", "en"], key="lang", horizontal=True,
                 format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
                 on_change=_remember, args=("lang", "lang"))
        st.caption(t("copy_link_hint", lang))

    start, end = st.session_state["period_from"], st.session_state["period_to"]
    if start > end:
        st.error(t("period_error", lang))
        st.stop()
    period = resolve_period(data_as_of=data_as_of, start=start, end=end)
    commune = None if st.session_state["commune"] == "__all__" else st.session_state["commune"]
    agency = None if st.session_state["agency"] == "__all__" else st.session_state["agency"]
    ctx = Context(
        lang=lang, settings=settings(), database=database, version=version,
        scope=db.Scope(period=period, commune=commune, agency=agency),
        data_as_of=data_as_of, first_month=first_month,
        commune_name=commune_labels.get(commune) if commune else None,
        agency_name=agency_labels.get(agency) if agency else None,
    )
    st.html(_CSS)  # style-only html adds no visible element
    st.title(t(title_key, lang))
    st.markdown(ctx.t("as_of_line", as_of=fmt_date(period.as_of), period=period.label(), months=period.months))
    active = [name for name in (ctx.commune_name, ctx.agency_name) if name]
    if active:
        st.caption(ctx.t("filter_line", filters=" · ".join(active)))
    return ctx


# On a phone Streamlit stacks columns one per row; KPI cards read better two per row.
_CSS = """
<style>
@media (max-width: 640px) {
  [data-testid="stMain"] [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) {
    flex-wrap: wrap !important; gap: 0.5rem !important;
  }
  [data-testid="stMain"] [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > [data-testid="stColumn"] {
    flex: 1 1 calc(50% - 0.5rem) !important; min-width: calc(50% - 0.5rem) !important; width: calc(50% - 0.5rem) !important;
  }
  [data-testid="stMetricValue"] { font-size: 1.6rem !important; }
  [data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important; overflow: visible !important; }
  h1 { font-size: 2rem !important; }
}
</style>
"""


def _month_options(first_month: dt.date, as_of: dt.date) -> list[str]:
    months, month = [], first_month.replace(day=1)
    while month <= as_of:
        months.append(month.strftime("%Y-%m"))
        month = add_months(month, 1)
    return months


def _month_label(value: str) -> str:
    return fmt_month(dt.date.fromisoformat(value + "-01"))


# ---------------------------------------------------------------- shared page pieces

def definitions(ctx: Context, items: list[tuple[str, str, str]]) -> None:
    """Expander with each figure's label, definition (i18n.DEFINITIONS key) and source query."""
    with st.expander(ctx.t("definitions"), icon=":material/info:"):
        for label, definition_key, query in items:
            st.markdown(f"**{label}** — {definition(definition_key, ctx.lang)}  \n"
                        f"<small>{ctx.t('source_query')}: `queries/{query}.sql`</small>", unsafe_allow_html=True)
        st.caption(ctx.t("definitions_more"))


def download_buttons(ctx: Context, frame: pd.DataFrame, *, what: str, key: str) -> None:
    """CSV (UTF-8 with BOM) and XLSX of exactly the frame shown."""
    filters = [f"xa-{ctx.scope.commune}" if ctx.scope.commune else "", f"dv-{ctx.scope.agency}" if ctx.scope.agency else ""]
    stem = "_".join(part for part in (ascii_slug(what), ctx.period.slug(), *filters) if part)
    left, right = st.columns(2)
    left.download_button(ctx.t("download_csv"), csv_bytes(frame), file_name=f"{stem}.csv", mime="text/csv",
                         key=f"{key}_csv", on_click="ignore", icon=":material/download:")
    # XLSX is built only when clicked (a callable), not on every rerun.
    right.download_button(ctx.t("download_xlsx"), lambda: xlsx_bytes(frame, sheet=ascii_slug(what)[:31] or "data"),
                          file_name=f"{stem}.xlsx", key=f"{key}_xlsx", on_click="ignore", icon=":material/table:",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def show_table(ctx: Context, frame: pd.DataFrame, *, labels: dict[str, str], key: str,
               height: int | str = "auto") -> None:
    """st.dataframe with translated headers, dates as dd/mm/yyyy, rates as percentages and
    numbers in the reader's locale; sorting still works on the real values."""
    config: dict[str, Any] = {}
    for column in frame.columns:
        label = labels.get(column, column)
        series = frame[column]
        if column.endswith(("_rate", "_share")):
            config[column] = st.column_config.NumberColumn(label, format="percent")
        elif pd.api.types.is_bool_dtype(series):
            config[column] = st.column_config.CheckboxColumn(label)
        elif pd.api.types.is_datetime64_any_dtype(series) or column.endswith("_date") or column in ("due_effective",):
            # Real datetimes, so that an empty date shows empty (a None date would read "None").
            frame = frame.assign(**{column: pd.to_datetime(series, errors="coerce")})
            config[column] = st.column_config.DateColumn(label, format="DD/MM/YYYY")
        elif pd.api.types.is_integer_dtype(series):
            config[column] = st.column_config.NumberColumn(label, format="localized")
        elif pd.api.types.is_float_dtype(series):
            config[column] = st.column_config.NumberColumn(label, format="%.2f")
        else:
            config[column] = st.column_config.TextColumn(label)
    st.dataframe(frame, hide_index=True, width="stretch", height=height, column_config=config, key=key)


def text_keys(prefix: str) -> list[str]:
    from outreach.i18n import TEXT

    return [key for key in TEXT if key.startswith(prefix)]


def localise_uploader(ctx: Context) -> None:
    """st.file_uploader's own words are English: replace them with the translation table's."""
    st.html(f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: "{ctx.t('dp_drop_here')}"; }}
[data-testid="stFileUploaderDropzone"] button {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stIconMaterial"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: "{ctx.t('dp_browse')}"; font-size: 0.9rem; }}
</style>""")


def run_import(ctx: Context, source: Path):
    """Import `source` into the dashboard's database with a progress bar per file and one for the checks."""
    from outreach.ingest import ingest

    bars: dict[str, Any] = {}
    files_box = st.container()
    overall = st.progress(0.0, text=ctx.t("dp_checking"))

    def on_file(name: str, index: int, total: int) -> None:
        if name not in bars:
            bars[name] = files_box.progress(1.0, text=f"{ctx.t('dp_read_done')}: {name}")

    def progress(message: str, fraction: float) -> None:
        overall.progress(fraction, text=message)

    report = ingest(source, database=ctx.database, progress=progress, on_file=on_file)
    st.cache_data.clear()  # results of the old file are no longer wanted by anyone
    return report


def import_history(ctx: Context) -> pd.DataFrame:
    from outreach.ingest import read_history

    return read_history(ctx.database)



ROOT = PROJECT_ROOT
