"""The audit log on the Data page: the latest events, newest first, for analysts (auth.may_see_audit)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from outreach.i18n import TEXT, fmt_int
from outreach.query import audit, auth
from outreach.ui.context import Context
from outreach.ui.tables import show_table

SHOWN = 1000


def audit_table(ctx: Context, events: list[dict]) -> pd.DataFrame:
    """One row per event: when, the event in the reader's language, who, from where, the details."""
    rows = []
    for event in events:
        name = str(event.get("event", ""))
        label = ctx.t(f"au_event_{name}") if f"au_event_{name}" in TEXT else name
        details = " · ".join(f"{key}: {value}" for key, value in event.items()
                             if key not in ("at", "event", "user", "client") and value not in (None, ""))
        user = event.get("user") or (ctx.t("au_unknown_user") if event.get("name_known") is False else "")
        rows.append({"at": _when(event.get("at")), "event": label, "user": user,
                     "client": event.get("client") or "", "details": details})
    return pd.DataFrame(rows, columns=["at", "event", "user", "client", "details"])


def _when(value) -> str:
    """dd/mm/yyyy HH:MM:SS in the server's time zone."""
    try:
        return dt.datetime.fromisoformat(str(value)).astimezone().strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return str(value or "")


def show(ctx: Context) -> None:
    if not auth.may_see_audit(ctx.scope.restriction):
        return  # never drawn for leaders and commune officers (the page offers no tab either)
    events = audit.read(SHOWN, ctx.settings)
    st.caption(ctx.t("au_intro", count=fmt_int(SHOWN, ctx.lang), path=str(audit.audit_path(ctx.settings))))
    if not events:
        st.info(ctx.t("au_empty"))
        return
    labels = {column: ctx.t(f"au_col_{column}") for column in ("at", "event", "user", "client", "details")}
    show_table(ctx, audit_table(ctx, events), labels=labels, key="audit_table")
