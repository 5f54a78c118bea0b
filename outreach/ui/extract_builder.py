"""The extract builder of the Data page: choose an extract and columns, preview, and a file written by
DuckDB to a private folder and handed out by the session-checked route of outreach/ui/downloads.py
(deleted after downloads.EXPORT_MINUTES or when the session ends)."""

from __future__ import annotations

import html
import time
from typing import Any

import pandas as pd
import streamlit as st

from outreach.i18n import fmt_int, md
from outreach.query import audit, db, extracts
from outreach.query.export import XLSX_MAX_ROWS
from outreach.ui import downloads
from outreach.ui.context import Context
from outreach.ui.results import allowed, connection, restriction_key
from outreach.ui.signin import audit_event
from outreach.ui.tables import file_name_stem, show_table
from outreach.ui.urlstate import remember, remember_multi, url_choice, url_multi


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
    """Choose an extract, columns, preview, and a streamed file: DuckDB writes it to a private folder
    and the page links to the download route, which checks the session and the role on every
    request and streams the file from disk; nothing is built in memory. Every query goes through
    db's access checks."""

    downloads.sweep(downloads.exports_dir(ctx.settings))  # expired files go at every run, not only at a build
    restriction = ctx.scope.restriction
    catalogue = extracts.allowed_extracts(restriction, ctx.lang)
    if not catalogue:
        st.info(ctx.t("xb_none"))
        return
    st.caption(ctx.t("xb_intro"))
    names = list(catalogue)
    url_choice("extract_name", "extract", names, names[0])
    name = st.selectbox(ctx.t("dp_extract_choose"), names, key="extract_name",
                        format_func=lambda n: f"{catalogue[n]} · {n}", on_change=remember, args=("extract_name", "extract"))
    filters = " · ".join(md(part) for part in (ctx.period.label(), ctx.commune_name, ctx.agency_name) if part)
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
        st.error(ctx.t("acc_refused", detail=md(error)), icon=":material/block:")
        return
    st.caption(ctx.t("xb_preview", shown=fmt_int(len(first), ctx.lang), total=fmt_int(total, ctx.lang)))
    # The file's own column names; dates, rates and counts shown as on the pages (the file keeps
    # ISO dates and fractions).
    show_table(ctx, first, labels={column: column for column in first.columns}, key="extract_preview")
    fmt_column, button_column = st.columns([1, 2], vertical_alignment="bottom")
    file_format = fmt_column.segmented_control(ctx.t("xb_format"), ["csv", "xlsx"], key="extract_format",
                                               default="csv", required=True, format_func=str.upper)
    if button_column.button(ctx.t("xb_prepare"), key="extract_prepare", icon=":material/download:", type="primary"):

        if file_format == "xlsx" and total > XLSX_MAX_ROWS:
            st.error(ctx.t("xb_too_big_xlsx"))
            return
        issued = downloads.new_link(ctx, name, f"{file_name_stem(ctx, name)}.{file_format}")
        if isinstance(issued, str):
            st.error(ctx.t(issued), icon=":material/block:")
            return
        token, path = issued
        started = time.perf_counter()
        cursor = connection(str(ctx.database), ctx.version).cursor()
        try:
            with st.spinner(ctx.t("xb_prepare")):
                rows = extracts.write(cursor, name, params, restriction, path, chosen or None)
            downloads.finish(path)
        except BaseException:
            audit_event("export_refused", extract=name, format=file_format)
            downloads.remove(path)
            raise
        finally:
            cursor.close()
        st.session_state["extract_file"] = (token, rows, time.perf_counter() - started)
        audit_event("export", extract=name, rows=rows, format=file_format,
                    personal=audit.personal_included(chosen or all_columns, ctx.scope.can_see_personal))
    ready = st.session_state.get("extract_file")
    live = downloads.link_live(ready[0], ctx.settings) if ready else None
    if live is not None:
        grant, path = live
        rows, seconds = ready[1], ready[2]
        size = path.stat().st_size
        st.success(ctx.t("xb_ready", rows=fmt_int(rows, ctx.lang), size=f"{size / 1e6:.1f} MB".replace(".", ","),
                         seconds=f"{seconds:.1f}".replace(".", ",")), icon=":material/check_circle:")
        href, name_text = html.escape(downloads.link(ready[0]), quote=True), html.escape(grant.file_name, quote=True)
        st.markdown(f'<a href="{href}" download="{name_text}" class="extract-link">⬇ '
                    f'{html.escape(ctx.t("xb_download", name=grant.file_name))}</a>', unsafe_allow_html=True)
        expires = time.strftime("%H:%M", time.localtime(grant.expires))
        st.caption(ctx.t("xb_link_note", minutes=downloads.EXPORT_MINUTES) + " " + ctx.t("xb_expires", time=expires))
