"""Tables on screen (translated headers, vi-VN dates and numbers, capped length) and the CSV/XLSX
download buttons beside them."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from outreach.i18n import fmt_int
from outreach.query import audit
from outreach.query.export import ascii_slug, csv_bytes, file_stem, xlsx_bytes
from outreach.ui.context import Context
from outreach.ui.signin import audit_who


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
    who = audit_who()

    def logged(build, file_format: str):
        # Built only when clicked (a callable), not on every rerun: a national officials table is
        # 200,000 rows. The click is the download: it goes to the audit log.
        def data() -> bytes:
            content = build()
            audit.record("download", **who, what=what, rows=len(frame), format=file_format,
                         personal=audit.personal_included(list(frame.columns), ctx.scope.can_see_personal))
            return content
        return data

    left, right = st.columns(2)
    left.download_button(ctx.t("download_csv"), logged(lambda: csv_bytes(frame), "csv"), file_name=f"{stem}.csv",
                         mime="text/csv", key=f"{key}_csv", on_click="ignore", icon=":material/download:")
    right.download_button(ctx.t("download_xlsx"),
                          logged(lambda: xlsx_bytes(frame, sheet=ascii_slug(what)[:31] or "data"), "xlsx"),
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
