"""Query results for pages: the shared read-only connection per database version, cached named
queries under the account's restriction, the cached map geometry, and the demo database built on
first start."""

from __future__ import annotations

import fcntl
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from outreach.config import Settings, load_settings
from outreach.i18n import md, t
from outreach.query import db
from outreach.query.stored import store_default_view
from outreach.demo import generate
from outreach.ingest.load import ingest
from outreach.ingest.private import remove_leftovers
from outreach.ui.context import Context
from outreach.views import coverage


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def _leftovers_removed(path: str) -> bool:
    """Once per server process: what killed imports left next to the database (builds, staged
    uploads with citizens' data), older than [import] leftover_minutes, is removed."""
    remove_leftovers(Path(path), older_than=60 * float(settings().get("import", "leftover_minutes")))
    return True


def ensure_database(after_build=None) -> Path:
    """Return the database path, building the demo database first if none exists (then calling
    after_build(path), e.g. to compute every page's default view before the first page shows)."""
    config = settings()
    path = config.path("database")
    _leftovers_removed(str(path))
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(".build.lock")
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another session may be building it already
        if path.exists():
            return path
        placeholder = st.empty()
        with placeholder.status(t("building_demo"), expanded=True) as status:
            bar = st.progress(0.0)

            def progress(message: str, fraction: float) -> None:
                bar.progress(min(max(fraction, 0.0), 1.0), text=message)

            demo_dir = config.path("demo_dir")
            generate(demo_dir, progress=lambda m, f: progress(m, 0.6 * f))
            report = ingest(demo_dir, database=path, progress=lambda m, f: progress(m, 0.6 + 0.4 * f),
                            after_build=store_default_view)
            if report.exit_code == 1:
                status.update(label=t("demo_failed", error=report.error), state="error")
                st.stop()
            if after_build is not None:
                progress(t("dp_warming"), 1.0)
                after_build(path)
        # The notice goes once the demo is ready; a short toast says so.
        placeholder.empty()
        st.toast(t("demo_done"), icon=":material/check_circle:")
    return path


@st.cache_resource(show_spinner=False, max_entries=3)
def connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    # Shared by all sessions: read-only, and every query takes its own cursor. It opens the
    # version's own file, never the link, so an import swapping the link cannot change it.
    return db.connect(db.version_file(version), read_only=True)


@st.cache_data(show_spinner=False, max_entries=16)
def built_by_this_version(path: str, version: str) -> bool:
    """Whether the database file was imported by this version's staging (ingest/load.py)."""
    from outreach.ingest.staging import built_by_this_version as check

    cursor = connection(path, version).cursor()
    try:
        return check(cursor)
    finally:
        cursor.close()


def restriction_key(restriction: db.Restriction) -> tuple:
    return (restriction.role, restriction.commune, restriction.personal, restriction.citizen_rows)


def allowed(restriction: tuple) -> db.Restriction:
    role, commune, personal, citizen_rows = restriction
    return db.Restriction(role=role, commune=commune, personal=personal, citizen_rows=citizen_rows)


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(path: str, version: str, name: str, params: tuple[tuple[str, Any], ...],
            restriction: tuple = ("local", None, True, True)) -> pd.DataFrame:
    # The restriction is part of the cache key and is checked by the runner before the query runs.
    cursor = connection(path, version).cursor()
    try:
        return db.run_query(cursor, name, dict(params), allowed(restriction))
    finally:
        cursor.close()


def run(ctx: Context, name: str, **extra: Any) -> pd.DataFrame:
    """Run a named query for the page's scope (plus extra named values such as a selection);
    cached per (query, parameters, restriction, database version). The signed-in account's
    restriction is enforced by the runner: a refused query stops the page with a clear message."""
    params = ctx.scope.params_for(name, ctx.settings, extra)
    try:
        return _cached(str(ctx.database), ctx.version, name, tuple(sorted(params.items())),
                       restriction_key(ctx.scope.restriction))
    except db.AccessError as error:
        st.error(t("acc_refused", ctx.lang, detail=md(error)), icon=":material/block:")
        st.stop()


@st.cache_resource(show_spinner=False, max_entries=8)
def _map_assets(path: str, version: str, restriction: tuple):
    commune = restriction[1]
    shapes = _cached(path, version, "commune_shapes", (("commune", commune),), restriction)
    return coverage.map_assets(shapes)  # a commune officer's map holds their commune's outline only


def map_assets(ctx: Context):
    """Map geometry built once per database version (and commune restriction), shared read-only."""
    return _map_assets(str(ctx.database), ctx.version, restriction_key(ctx.scope.restriction))


def run_plain(path: Path, name: str, version: str | None = None, restriction: db.Restriction = db.UNRESTRICTED,
              **params: Any) -> pd.DataFrame:
    return _cached(str(path), version or db.database_version(path), name, tuple(sorted(params.items())),
                   restriction_key(restriction))


def restricted_call(ctx: Context, function, *args: Any, **kwargs: Any):
    """Call `function` (e.g. the review workbook, which runs its own queries) with the page's access
    restriction applied by the runner to every query it runs, also when called on a download click
    in another thread."""
    with db.restricted(ctx.scope.restriction):
        return function(*args, **kwargs)
