"""The extract builder of the Data page: choose an extract and columns, preview, and a file written by
DuckDB to a folder with an unguessable name, deleted after EXPORT_MINUTES."""

from __future__ import annotations

import secrets
import shutil
import time
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from outreach.config import PROJECT_ROOT
from outreach.i18n import fmt_int
from outreach.query import db, extracts
from outreach.query.export import XLSX_MAX_ROWS
from outreach.ui.context import Context
from outreach.ui.results import allowed, connection, restriction_key
from outreach.ui.tables import file_name_stem, show_table
from outreach.ui.urlstate import remember, remember_multi, url_choice, url_multi


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

    cursor = connection(path, version).cursor()
    try:
        return extracts.columns(cursor, name, dict(params), allowed(restriction))
    finally:
        cursor.close()


@st.cache_data(show_spinner=False, max_entries=64)
def _extract_preview(path: str, version: str, name: str, params: tuple[tuple[str, Any], ...], restriction: tuple,
                     chosen: tuple[str, ...]) -> tuple[pd.DataFrame, int]:
    """The extract's first rows and row count, once per database version and selection (a
    national extract takes seconds to count; a rerun of the page must not count it again).
    The restriction is part of the key and is checked before any query runs."""

    cursor = connection(path, version).cursor()
    try:
        return extracts.preview(cursor, name, dict(params), allowed(restriction), list(chosen) or None)
    finally:
        cursor.close()


def extract_builder(ctx: Context) -> None:
    """Choose an extract, columns, preview, and a streamed file: DuckDB writes it to a folder with an
    unguessable name under static/exports (served in chunks by the server, deleted after
    EXPORT_MINUTES); nothing is built in memory. Every query goes through db's access checks."""

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
    key = (str(ctx.database), ctx.version, name, tuple(sorted(params.items())), restriction_key(restriction))
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

        if file_format == "xlsx" and total > XLSX_MAX_ROWS:
            st.error(ctx.t("xb_too_big_xlsx"))
            return
        _clean_exports()
        folder = EXPORT_DIR / secrets.token_urlsafe(24)
        path = folder / f"{file_name_stem(ctx, name)}.{file_format}"
        started = time.perf_counter()
        cursor = connection(str(ctx.database), ctx.version).cursor()
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
