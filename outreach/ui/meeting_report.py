"""The overview's meeting-report button (a printable HTML report built when clicked)."""

from __future__ import annotations

import streamlit as st

from outreach.ui.context import Context
from outreach.ui.results import connection
from outreach.ui.tables import file_name_stem
from outreach.views.report import build_report


def _report_html(ctx: Context) -> bytes:

    cursor = connection(str(ctx.database), ctx.version).cursor()
    try:
        return build_report(cursor, ctx.scope, ctx.settings, lang=ctx.lang, commune_name=ctx.commune_name,
                            agency_name=ctx.agency_name).encode("utf-8")
    finally:
        cursor.close()


def report_button(ctx: Context) -> None:
    """One click: the printable meeting report of the period (HTML, built when clicked)."""
    st.download_button(ctx.t("rp_button"), lambda: _report_html(ctx), file_name=file_name_stem(ctx, "bao-cao-hop") + ".html",
                       mime="text/html", key="report_download", on_click="ignore", icon=":material/print:",
                       help=ctx.t("rp_button_help"), type="primary")
