"""The Data page's import runner: an import with progress bars, the history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from outreach.i18n import md, t
from outreach.ingest.load import ingest, read_history
from outreach.query.audit import import_details
from outreach.query.stored import store_default_view
from outreach.ui.context import Context
from outreach.ui.signin import audit_event


def run_import(ctx: Context, source: Path, *, label: str | None = None):
    """Import `source` into the dashboard's database with a progress bar per file and one for the
    checks. label: how the history names the source (uploaded files rather than their staging folder)."""

    bars: dict[str, Any] = {}
    files_box = st.container()
    overall = st.progress(0.0, text=ctx.t("dp_checking"))

    def on_file(name: str, index: int, total: int) -> None:
        if name not in bars:
            bars[name] = files_box.progress(1.0, text=f"{ctx.t('dp_read_done')}: {md(name)}")

    def progress(message: str, fraction: float) -> None:
        overall.progress(fraction, text=md(message))

    audit_event("import_start", source=label or str(source), database=str(ctx.database))
    report = ingest(source, database=ctx.database, progress=progress, on_file=on_file, source_label=label,
                    after_build=store_default_view)
    audit_event("import_end", **import_details(report))
    st.cache_data.clear()  # results of the old file are no longer wanted by anyone
    if report.exit_code != 1:
        from outreach.ui import warm

        # Every page's default view, computed now: the first reader after the import does not wait.
        with st.spinner(ctx.t("dp_warming")):
            warm.warm(ctx.database)
    return report


def history_for_reader(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The history table as a reader reads it: the time as dd/mm/yyyy hh:mm, the result in words."""
    if history.empty:
        return history
    shown = history.copy()
    stamps = pd.to_datetime(shown["imported_at"], errors="coerce", utc=True)
    local = stamps.dt.tz_convert(None) if stamps.dt.tz is not None else stamps
    shown["imported_at"] = [value.strftime("%d/%m/%Y %H:%M") if not pd.isna(value) else "" for value in local]
    outcomes = {0: t("dp_outcome_clean", lang), 1: t("dp_outcome_failed", lang), 2: t("dp_outcome_some_rejected", lang)}
    shown["exit_code"] = [outcomes.get(int(code), str(code)) if not pd.isna(code) else "" for code in shown["exit_code"]]
    return shown.rename(columns={"exit_code": "outcome"})


def import_history(ctx: Context) -> pd.DataFrame:

    return read_history(ctx.database)
