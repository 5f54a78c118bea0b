"""The one module that knows Streamlit: caching, the shared sidebar, page headers.

Pages call these helpers and outreach.* functions; they hold no SQL and no logic.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from outreach import auth, db
from outreach.config import PROJECT_ROOT, Settings, load_settings
from outreach.export import ascii_slug, csv_bytes, file_stem, xlsx_bytes
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

# URL parameter names of the shared filters and of each page's selections; st.page_link carries
# them all, so a page opened from another keeps the view (each page reads only its own keys).
URL_KEYS = ("lang", "from", "to", "commune", "agency",
            # coverage: map metric, selected commune, blind-spot days, tab
            "metric", "sel", "gap", "ctab",
            # feedback: breakdown dimension, tab
            "dim", "ftab",
            # officials: search, agencies, flag, sort, page size, page, evidence official, heatmap agency,
            # selected official, tab
            "q", "ag", "flag", "sort", "size", "page", "evidence", "qagency", "official", "otab",
            # agencies: agencies compared in the trend
            "trend",
            # data: tab, extract, columns
            "dtab", "extract", "cols")
EMPTY_LIST = "~"  # URL value of a deliberately empty multiselect


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


def _restriction_key(restriction: db.Restriction) -> tuple:
    return (restriction.role, restriction.commune, restriction.personal, restriction.citizen_rows)


def _allowed(restriction: tuple) -> db.Restriction:
    role, commune, personal, citizen_rows = restriction
    return db.Restriction(role=role, commune=commune, personal=personal, citizen_rows=citizen_rows)


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(path: str, version: str, name: str, params: tuple[tuple[str, Any], ...],
            restriction: tuple = ("local", None, True, True)) -> pd.DataFrame:
    # The restriction is part of the cache key and is checked by the runner before the query runs.
    cursor = _connection(path, version).cursor()
    try:
        return db.run_query(cursor, name, dict(params), _allowed(restriction))
    finally:
        cursor.close()


def run(ctx: Context, name: str, **extra: Any) -> pd.DataFrame:
    """Run a named query for the page's scope (plus extra named values such as a selection);
    cached per (query, parameters, restriction, database version). The signed-in account's
    restriction is enforced by the runner: a refused query stops the page with a clear message."""
    params = ctx.scope.params_for(name, ctx.settings, extra)
    try:
        return _cached(str(ctx.database), ctx.version, name, tuple(sorted(params.items())),
                       _restriction_key(ctx.scope.restriction))
    except db.AccessError as error:
        st.error(t("acc_refused", ctx.lang, detail=str(error)), icon=":material/block:")
        st.stop()


@st.cache_resource(show_spinner=False, max_entries=8)
def _map_assets(path: str, version: str, restriction: tuple):
    from outreach.coverage import map_assets

    commune = restriction[1]
    shapes = _cached(path, version, "commune_shapes", (("commune", commune),), restriction)
    # A restricted map is inline in the page, never a shared static file of the whole province.
    return map_assets(shapes, static_dir=None if commune else PROJECT_ROOT / "static")


def map_assets(ctx: Context):
    """Map geometry built once per database version (and commune restriction), shared read-only."""
    return _map_assets(str(ctx.database), ctx.version, _restriction_key(ctx.scope.restriction))


def run_plain(path: Path, name: str, version: str | None = None, restriction: db.Restriction = db.UNRESTRICTED,
              **params: Any) -> pd.DataFrame:
    return _cached(str(path), version or db.database_version(path), name, tuple(sorted(params.items())),
                   _restriction_key(restriction))


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


def _sync_from_url(key: str, url_name: str, options: list, default) -> None:
    """Before a widget is drawn: take its value from the URL (the shared state across pages)."""
    wanted = _query_param(url_name)
    # Options may be numbers (a page size): the URL holds their text.
    st.session_state[key] = next((option for option in options if str(option) == wanted), default)


def url_choice(key: str, url_name: str, options: list, default) -> None:
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


def url_text(key: str, url_name: str, default: str = "") -> None:
    """A free-text widget (e.g. a search box) whose value lives in the URL."""
    st.session_state[key] = _query_param(url_name) or default


def url_int(key: str, url_name: str, default: int, low: int = 1, high: int | None = None) -> int:
    """A number widget whose value lives in the URL, clamped to low..high."""
    try:
        value = int(_query_param(url_name) or default)
    except ValueError:
        value = default
    value = max(low, value if high is None else min(value, high))
    st.session_state[key] = value
    return value


def url_multi(key: str, url_name: str, options: list[str], default: list[str]) -> None:
    """A multiselect whose values live in the URL (comma-separated; "~" = deliberately none)."""
    wanted = _query_param(url_name)
    if wanted is None:
        st.session_state[key] = [value for value in default if value in options]
    elif wanted == EMPTY_LIST:
        st.session_state[key] = []
    else:
        st.session_state[key] = [value for value in wanted.split(",") if value in options]


def remember_multi(key: str, url_name: str) -> None:
    values = st.session_state.get(key) or []
    st.query_params[url_name] = ",".join(values) if values else EMPTY_LIST


def url_tabs(key: str, url_name: str, tabs: list[tuple[str, str]]) -> list:
    """st.tabs whose open tab lives in the URL: tabs = [(code, label), ...]."""
    codes = [code for code, _ in tabs]
    labels = {code: label for code, label in tabs}
    wanted = _query_param(url_name)
    default = labels[wanted] if wanted in labels else None

    def changed() -> None:
        label = st.session_state.get(key)
        code = next((c for c, text in labels.items() if text == label), None)
        if code in (None, codes[0]):
            st.query_params.pop(url_name, None)
        else:
            st.query_params[url_name] = code

    return st.tabs([label for _, label in tabs], key=key, default=default, on_change=changed)


def setup_page(title_key: str) -> Context:
    """Page config, sidebar (navigation, language, period, filters) and the header of a page."""
    st.set_page_config(page_title=t(title_key) + " · " + t("app_title"), page_icon=str(PROJECT_ROOT / "static" / "favicon.png"),
                       layout="wide", initial_sidebar_state="auto")
    _sync_from_url("lang", "lang", ["vi", "en"], "vi")
    lang = st.session_state["lang"]
    st.html(_CSS)  # style-only html adds no visible element
    access = auth.access_settings(settings())
    account = _signed_in(access, lang)
    restriction = auth.restriction_for(account, access)
    database = ensure_database()
    # One version for the whole run: an import swapping the file meanwhile cannot mix old and
    # new numbers on one page (the old file stays readable through its open connection).
    version = db.database_version(database)
    bounds = run_plain(database, "data_as_of", version, restriction).iloc[0]
    data_as_of, first_month = pd.Timestamp(bounds["as_of"]).date(), pd.Timestamp(bounds["first_month"]).date()
    communes = run_plain(database, "commune_list", version, restriction, commune=restriction.commune)
    agencies = run_plain(database, "agency_list", version, restriction)

    with st.sidebar:
        st.markdown(f"### {t('app_title', lang)}")
        if account is not None:
            _account_box(account, lang)
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
        commune_labels = dict(zip(communes["commune_code"], communes["commune_name"]))
        if restriction.commune is not None:
            # A commune officer's selector is locked to their commune (the runner enforces it anyway).
            commune_options = [restriction.commune]
            commune_labels.setdefault(restriction.commune, restriction.commune)
            st.session_state["commune"] = restriction.commune
            if st.query_params.get("commune") != restriction.commune:
                st.query_params["commune"] = restriction.commune  # links carry the commune actually shown
        else:
            commune_options = ["__all__", *communes["commune_code"].tolist()]
            _sync_from_url("commune", "commune", commune_options, "__all__")
        st.selectbox(t("commune", lang), commune_options, key="commune",
                     format_func=lambda code: t("all_communes", lang) if code == "__all__" else f"{commune_labels[code]} ({code})",
                     on_change=_remember, args=("commune", "commune"), disabled=restriction.commune is not None,
                     help=t("acc_commune_locked", lang) if restriction.commune is not None else None)
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
        scope=db.Scope(period=period, commune=commune, agency=agency, restriction=restriction),
        data_as_of=data_as_of, first_month=first_month,
        commune_name=commune_labels.get(commune) if commune else None,
        agency_name=agency_labels.get(agency) if agency else None,
    )
    st.title(t(title_key, lang))
    st.markdown(ctx.t("as_of_line", as_of=fmt_date(period.as_of), period=period.label(), months=period.months))
    active = [name for name in (ctx.commune_name, ctx.agency_name) if name]
    if active:
        st.caption(ctx.t("filter_line", filters=" · ".join(active)))
    return ctx


# ---------------------------------------------------------------- sign-in

def _signed_in(access: auth.AccessSettings, lang: str) -> auth.Account | None:
    """None when sign-in is off; else the signed-in account, or the sign-in form and stop."""
    if not access.enabled:
        return None
    name, login_at = st.session_state.get("auth_user"), st.session_state.get("auth_login_at")
    accounts = auth.load_accounts(access.users_file)
    notice = None
    if name is not None:
        account = accounts.get(name)
        if account is not None and not auth.session_expired(login_at, access.session_minutes):
            return account  # re-read each run: a removed account or a changed role applies at once
        notice = t("acc_expired", lang) if account is not None else None
        for key in ("auth_user", "auth_login_at"):
            st.session_state.pop(key, None)
    _sign_in_form(accounts, lang, notice)
    st.stop()


def _sign_in_form(accounts: dict[str, auth.Account], lang: str, notice: str | None) -> None:
    st.title(t("app_title", lang))
    if notice:
        st.warning(notice, icon=":material/timer_off:")
    with st.form("sign_in", border=True):
        st.subheader(t("acc_sign_in_title", lang))
        name = st.text_input(t("acc_user", lang), key="sign_in_user")
        password = st.text_input(t("acc_password", lang), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("acc_sign_in", lang), type="primary", icon=":material/login:")
    if submitted:
        account = auth.authenticate(accounts, name, password)
        if account is None:
            st.error(t("acc_wrong", lang), icon=":material/lock:")
        else:
            st.session_state["auth_user"] = account.name
            st.session_state["auth_login_at"] = time.time()
            st.session_state.pop("sign_in_password", None)
            st.rerun()
    st.caption(t("acc_sign_in_help", lang))


def _account_box(account: auth.Account, lang: str) -> None:
    role = t("acc_role_" + account.role, lang)
    where = f" · {account.commune}" if account.commune else ""
    st.caption(t("acc_signed_in_as", lang, name=account.name, role=role + where))
    if st.button(t("acc_sign_out", lang), key="sign_out", icon=":material/logout:", type="tertiary"):
        for key in ("auth_user", "auth_login_at"):
            st.session_state.pop(key, None)
        st.rerun()


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


def file_name_stem(ctx: Context, what: str) -> str:
    """<what>_<YYYY-MM>_<YYYY-MM>_asof-<date>[_xa-CODE][_dv-ID], accent-free."""
    return file_stem(what, ctx.period.slug(), ctx.scope.commune, ctx.scope.agency)


def download_buttons(ctx: Context, frame: pd.DataFrame, *, what: str, key: str, citizen_rows: bool = False) -> None:
    """CSV (UTF-8 with BOM) and XLSX of exactly the frame shown (formula-like cells neutralised).
    citizen_rows: the frame has one row per citizen item: not offered to roles without
    row-level citizen extracts (leaders)."""
    if citizen_rows and not ctx.scope.row_level_citizen:
        st.caption(ctx.t("acc_no_citizen_download"))
        return
    stem = file_name_stem(ctx, what)
    left, right = st.columns(2)
    # Both files are built only when clicked (a callable), not on every rerun: a national
    # officials table is 200,000 rows.
    left.download_button(ctx.t("download_csv"), lambda: csv_bytes(frame), file_name=f"{stem}.csv", mime="text/csv",
                         key=f"{key}_csv", on_click="ignore", icon=":material/download:")
    right.download_button(ctx.t("download_xlsx"), lambda: xlsx_bytes(frame, sheet=ascii_slug(what)[:31] or "data"),
                          file_name=f"{stem}.xlsx", key=f"{key}_xlsx", on_click="ignore", icon=":material/table:",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# A table on screen holds at most this many rows: every row shown is sent to the browser (a
# national overlap list has 244,231 pairs, the open items 113,883). Downloads keep every row.
TABLE_MAX_ROWS = 1000


def table_rows(frame: pd.DataFrame, limit: int = TABLE_MAX_ROWS) -> tuple[pd.DataFrame, int]:
    """The first `limit` rows of a table to show, and how many rows it has."""
    return (frame.head(limit) if len(frame) > limit else frame), len(frame)


def first_rows(ctx: Context, frame: pd.DataFrame, limit: int = TABLE_MAX_ROWS) -> pd.DataFrame:
    """The rows to show on screen; when the table is cut, a caption says so and points to the download."""
    from outreach.i18n import fmt_int

    shown, total = table_rows(frame, limit)
    if total > len(shown):
        st.caption(ctx.t("table_first_rows", shown=fmt_int(len(shown), ctx.lang), total=fmt_int(total, ctx.lang)))
    return shown


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


# ---------------------------------------------------------------- meeting report and extract builder

def _report_html(ctx: Context) -> bytes:
    from outreach.report import build_report

    cursor = _connection(str(ctx.database), ctx.version).cursor()
    try:
        return build_report(cursor, ctx.scope, ctx.settings, lang=ctx.lang, commune_name=ctx.commune_name,
                            agency_name=ctx.agency_name).encode("utf-8")
    finally:
        cursor.close()


def restricted_call(ctx: Context, function, *args: Any, **kwargs: Any):
    """Call `function` (e.g. the review workbook, which runs its own queries) with the page's access
    restriction applied by the runner to every query it runs, also when called on a download click
    in another thread."""
    with db.restricted(ctx.scope.restriction):
        return function(*args, **kwargs)


def report_button(ctx: Context) -> None:
    """One click: the printable meeting report of the period (HTML, built when clicked)."""
    st.download_button(ctx.t("rp_button"), lambda: _report_html(ctx), file_name=file_name_stem(ctx, "bao-cao-hop") + ".html",
                       mime="text/html", key="report_download", on_click="ignore", icon=":material/print:",
                       help=ctx.t("rp_button_help"), type="primary")


EXPORT_DIR = PROJECT_ROOT / "static" / "exports"
EXPORT_MINUTES = 30


def _clean_exports(now: float | None = None) -> None:
    if not EXPORT_DIR.exists():
        return
    limit = (now or time.time()) - EXPORT_MINUTES * 60
    for folder in EXPORT_DIR.iterdir():
        try:
            if folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
        except FileNotFoundError:
            pass


@st.cache_data(show_spinner=False, max_entries=64)
def _extract_columns(path: str, version: str, name: str, params: tuple[tuple[str, Any], ...],
                     restriction: tuple) -> list[str]:
    """The extract's columns (DESCRIBE, no data read), once per database version."""
    from outreach import extracts

    cursor = _connection(path, version).cursor()
    try:
        return extracts.columns(cursor, name, dict(params), _allowed(restriction))
    finally:
        cursor.close()


@st.cache_data(show_spinner=False, max_entries=64)
def _extract_preview(path: str, version: str, name: str, params: tuple[tuple[str, Any], ...], restriction: tuple,
                     chosen: tuple[str, ...]) -> tuple[pd.DataFrame, int]:
    """The extract's first rows and row count, once per database version and selection (a
    national extract takes seconds to count; a rerun of the page must not count it again).
    The restriction is part of the key and is checked before any query runs."""
    from outreach import extracts

    cursor = _connection(path, version).cursor()
    try:
        return extracts.preview(cursor, name, dict(params), _allowed(restriction), list(chosen) or None)
    finally:
        cursor.close()


def extract_builder(ctx: Context) -> None:
    """Choose an extract, columns, preview, and a streamed file: DuckDB writes it to a folder with an
    unguessable name under static/exports (served in chunks by the server, deleted after
    EXPORT_MINUTES); nothing is built in memory. Every query goes through db's access checks."""
    from outreach import extracts
    from outreach.i18n import fmt_int

    restriction = ctx.scope.restriction
    catalogue = extracts.allowed_extracts(restriction, ctx.lang)
    if not catalogue:
        st.info(ctx.t("xb_none"))
        return
    st.caption(ctx.t("xb_intro"))
    names = list(catalogue)
    url_choice("extract_name", "extract", names, names[0])
    name = st.selectbox(ctx.t("dp_extract_choose"), names, key="extract_name",
                        format_func=lambda n: f"{n} — {catalogue[n]}", on_change=remember, args=("extract_name", "extract"))
    filters = " · ".join(part for part in (ctx.period.label(), ctx.commune_name, ctx.agency_name) if part)
    st.caption(ctx.t("xb_filters", filters=filters if (ctx.commune_name or ctx.agency_name)
                     else f"{filters} · {ctx.t('xb_all_communes_agencies')}"))
    if extracts.missing_selection(name, ctx.scope):
        st.info(ctx.t("xb_needs_commune"), icon=":material/location_on:")
        return
    params = extracts.extract_params(name, ctx.scope, ctx.settings)
    key = (str(ctx.database), ctx.version, name, tuple(sorted(params.items())), _restriction_key(restriction))
    try:
        all_columns = _extract_columns(*key)
        url_multi("extract_columns", "cols", all_columns, [])
        chosen = st.multiselect(ctx.t("xb_columns"), all_columns, key="extract_columns",
                                placeholder=ctx.t("xb_columns_placeholder"), on_change=remember_multi,
                                args=("extract_columns", "cols"))
        if "citizen_name" in all_columns and not ctx.scope.can_see_personal:
            st.caption(ctx.t("xb_personal_masked"))
        first, total = _extract_preview(*key, tuple(column for column in chosen if column in all_columns))
    except db.AccessError as error:
        st.error(ctx.t("acc_refused", detail=str(error)), icon=":material/block:")
        return
    st.caption(ctx.t("xb_preview", shown=fmt_int(len(first), ctx.lang), total=fmt_int(total, ctx.lang)))
    # The file's own column names; dates, rates and counts shown as on the pages (the file keeps
    # ISO dates and fractions).
    show_table(ctx, first, labels={}, key="extract_preview")
    fmt_column, button_column = st.columns([1, 2], vertical_alignment="bottom")
    file_format = fmt_column.segmented_control(ctx.t("xb_format"), ["csv", "xlsx"], key="extract_format",
                                               default="csv", required=True, format_func=str.upper)
    if button_column.button(ctx.t("xb_prepare"), key="extract_prepare", icon=":material/download:", type="primary"):
        from outreach.export import XLSX_MAX_ROWS

        if file_format == "xlsx" and total > XLSX_MAX_ROWS:
            st.error(ctx.t("xb_too_big_xlsx"))
            return
        _clean_exports()
        folder = EXPORT_DIR / secrets.token_urlsafe(24)
        path = folder / f"{file_name_stem(ctx, name)}.{file_format}"
        started = time.perf_counter()
        cursor = _connection(str(ctx.database), ctx.version).cursor()
        try:
            with st.spinner(ctx.t("xb_prepare")):
                rows = extracts.write(cursor, name, params, restriction, path, chosen or None)
        finally:
            cursor.close()
        st.session_state["extract_file"] = (str(path), rows, time.perf_counter() - started)
    ready = st.session_state.get("extract_file")
    if ready and Path(ready[0]).exists():
        path, rows, seconds = Path(ready[0]), ready[1], ready[2]
        size = path.stat().st_size
        st.success(ctx.t("xb_ready", rows=fmt_int(rows, ctx.lang), size=f"{size / 1e6:.1f} MB".replace(".", ","),
                         seconds=f"{seconds:.1f}".replace(".", ",")), icon=":material/check_circle:")
        href = "app/static/exports/" + "/".join(path.relative_to(EXPORT_DIR).parts)
        st.markdown(f'<a href="{href}" download="{path.name}" class="extract-link">⬇ '
                    f'{ctx.t("xb_download", name=path.name)}</a>', unsafe_allow_html=True)
        st.caption(ctx.t("xb_link_note", minutes=EXPORT_MINUTES))
