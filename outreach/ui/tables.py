"""Tables on screen (translated headers, vi-VN dates and numbers, capped length) and the CSV/XLSX
download buttons beside them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from outreach.i18n import fmt_int
from outreach.query import audit
from outreach.query.export import ascii_slug, csv_bytes, file_stem, xlsx_bytes
from outreach.ui.context import Context
from outreach.views import columns
from outreach.ui.signin import audit_who


def file_name_stem(ctx: Context, what: str) -> str:
    """<what>_<YYYY-MM>_<YYYY-MM>_asof-<date>[_xa-CODE][_dv-ID], accent-free."""
    return file_stem(what, ctx.period.slug(), ctx.scope.commune, ctx.scope.agency)


def download_buttons(ctx: Context, frame: pd.DataFrame, *, what: str, key: str, citizen_rows: bool = False,
                     title: str | None = None, raw_only: bool = False) -> None:
    """One download menu for a table: CSV (UTF-8 with BOM) or Excel of exactly the rows shown,
    as on screen (headers in the reader's language, rates as %, dates dd/mm/yyyy) or in raw codes
    for analysts; formula-like cells neutralised; each file built only when clicked, and logged.
    title: what the table holds, named on the button. citizen_rows: the frame has one row per
    citizen item: not offered to roles without row-level citizen extracts (leaders). raw_only: a
    file meant to be read by a program (a rejects file to correct and import back): codes only."""
    if citizen_rows and not ctx.scope.row_level_citizen:
        st.caption(ctx.t("acc_no_citizen_download"))
        return
    stem = file_name_stem(ctx, what)
    who = audit_who()
    sheet = ascii_slug(what)[:31] or "data"

    def logged(build, file_format: str):
        # Built only when clicked (a callable), not on every rerun: a national officials table is
        # 200,000 rows. The click is the download: it goes to the audit log.
        def data() -> bytes:
            content = build()
            audit.record("download", **who, what=what, rows=len(frame), format=file_format,
                         personal=audit.personal_included(list(frame.columns), ctx.scope.can_see_personal))
            return content
        return data

    label = ctx.t("download_menu_named", what=title) if title else ctx.t("download_menu")
    # The menu's contents are sent only while it is open (opening it reruns the page, from the
    # cache): a closed menu is one button, not seven elements on every page load.
    menu = st.popover(label, icon=":material/download:", width="content", key=f"{key}_menu", on_change="rerun")
    if not menu.open:
        return
    with menu:
        st.caption(ctx.t("download_holds", rows=fmt_int(len(frame), ctx.lang), period=ctx.period.label()))
        raw = raw_only or st.radio(ctx.t("download_form"), ["reader", "raw"], key=f"{key}_form", horizontal=True,
                                   format_func=lambda code: ctx.t("download_form_" + code),
                                   help=ctx.t("download_form_help")) == "raw"
        lang = ctx.lang
        page = ctx.page
        if raw:
            csv_build = lambda: csv_bytes(frame)  # noqa: E731
            xlsx_build = lambda: xlsx_bytes(frame, sheet=sheet)  # noqa: E731
        else:
            csv_build = lambda: csv_bytes(columns.for_reader(frame, lang, page))  # noqa: E731
            xlsx_build = lambda: xlsx_bytes(_dated(frame, page), sheet=sheet,  # noqa: E731
                                            headers=columns.reader_headers(frame, lang, page))
        suffix = "_ma" if raw and not raw_only else ""
        left, right = st.columns(2)
        left.download_button(ctx.t("download_csv"), logged(csv_build, "csv"), file_name=f"{stem}{suffix}.csv",
                             mime="text/csv", key=f"{key}_csv", on_click="ignore", icon=":material/download:")
        right.download_button(ctx.t("download_xlsx"), logged(xlsx_build, "xlsx"), file_name=f"{stem}{suffix}.xlsx",
                              key=f"{key}_xlsx", on_click="ignore", icon=":material/table:",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def table_title(ctx: Context, title: str, frame: pd.DataFrame, *, what: str, key: str, citizen_rows: bool = False,
                caption: bool = False) -> None:
    """A table's title (bold, or a caption line) with its download menu beside it, on the right."""
    left, right = st.columns([4, 1.3], vertical_alignment="center")
    if caption:
        left.caption(title)
    else:
        left.markdown(f"**{title}**")
    with right:
        download_buttons(ctx, frame, what=what, key=key, citizen_rows=citizen_rows)


def _dated(frame: pd.DataFrame, page: str | None = None) -> pd.DataFrame:
    """Date columns as real dates (the workbook shows them dd/mm/yyyy)."""
    dated = {column: pd.to_datetime(frame[column], errors="coerce")
             for column in frame.columns if columns.kind(column, frame[column], page) == "date"}
    return frame.assign(**dated) if dated else frame


# A table on screen holds at most this many rows: every row shown is sent to the browser (a
# national overlap list has 244,231 pairs, the open items 113,883). Downloads keep every row.
TABLE_MAX_ROWS = 1000


def table_rows(frame: pd.DataFrame, limit: int = TABLE_MAX_ROWS) -> tuple[pd.DataFrame, int]:
    """The first `limit` rows of a table to show, and how many rows it has."""
    return (frame.head(limit) if len(frame) > limit else frame), len(frame)


def first_rows(ctx: Context, frame: pd.DataFrame, limit: int = TABLE_MAX_ROWS) -> pd.DataFrame:
    """The rows to show on screen; when the table is cut, a caption says so and points to the download."""

    shown, total = table_rows(frame, limit)
    if total > len(shown):
        st.caption(ctx.t("table_first_rows", shown=fmt_int(len(shown), ctx.lang), total=fmt_int(total, ctx.lang)))
    return shown


def show_table(ctx: Context, frame: pd.DataFrame, *, key: str, labels: dict[str, str] | None = None,
               height: int | str = "auto") -> None:
    """st.dataframe with the column registry's headers and formats (views/columns.py: the page's
    headers, or `labels`; dates as dd/mm/yyyy, rates as percentages, numbers in the reader's
    locale); sorting still works on the real values, and an empty cell reads "—"."""
    for column in frame.columns:
        how = columns.kind(column, frame[column], ctx.page)
        if how == "date":
            # Real datetimes, so that an empty date shows empty (a None date would read "None").
            frame = frame.assign(**{column: pd.to_datetime(frame[column], errors="coerce")})
        elif how == "number" and pd.api.types.is_float_dtype(frame[column]):
            # Two decimals, with the page's separators (8,73: "%.2f" would show 8.73, read as 873).
            frame = frame.assign(**{column: frame[column].round(2)})
    st.dataframe(frame, hide_index=True, width="stretch", height=height, key=key, placeholder="—",
                 column_config=columns.table_config(st.column_config, frame, ctx.lang, page=ctx.page, labels=labels))
