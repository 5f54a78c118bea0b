"""The Data page's import runner: the localised uploader, an import with progress bars, the history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from outreach.i18n import md
from outreach.ingest.load import ingest, read_history
from outreach.query.audit import import_details
from outreach.query.stored import store_default_view
from outreach.ui.context import Context
from outreach.ui.signin import audit_event


def localise_uploader(ctx: Context) -> None:
    """st.file_uploader's own words are English: replace them with the translation table's."""
    st.html(f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: "{ctx.t('dp_drop_here')}"; }}
[data-testid="stFileUploaderDropzone"] button {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stIconMaterial"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: "{ctx.t('dp_browse')}"; font-size: 0.9rem; }}
</style>""")


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
    return report


def import_history(ctx: Context) -> pd.DataFrame:

    return read_history(ctx.database)
