"""Plotly figures shared by pages. Built from query results; no data access here."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from outreach.i18n import fmt_month, t

SEPARATORS = {"vi": ",.", "en": ".,"}
# Every chart's Plotly config: no modebar (its buttons are English, cover legends on a phone and
# hand out PNGs; the page has its own downloads), no logo.
PLOT_CONFIG = {"displayModeBar": False, "displaylogo": False}
PALETTE = {"held_visits": "#1f5f8b", "feedback_received": "#d9822b", "replied": "#2e8540"}


def base_layout(figure: go.Figure, lang: str, *, height: int = 380) -> go.Figure:
    figure.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        separators=SEPARATORS[lang],
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hovermode="x unified",
        plot_bgcolor="white",
        font=dict(family="sans-serif", size=14),
    )
    figure.update_yaxes(gridcolor="#e5e5e5", rangemode="tozero")
    return figure


def monthly_trend(frame: pd.DataFrame, lang: str) -> go.Figure:
    months = [fmt_month(month) for month in frame["month"]]
    figure = go.Figure()
    for column in ("held_visits", "feedback_received", "replied"):
        figure.add_trace(go.Scatter(
            x=months, y=frame[column], name=t("trend_" + column, lang), mode="lines+markers",
            line=dict(color=PALETTE[column], width=3), marker=dict(size=7),
            hovertemplate="%{y:,.0f}<extra>" + t("trend_" + column, lang) + "</extra>",
        ))
    figure.update_xaxes(title_text=t("trend_month", lang), type="category")
    figure.update_yaxes(title_text=t("trend_count", lang), tickformat=",d")
    if frame[["held_visits", "feedback_received", "replied"]].to_numpy().max() < 6:
        figure.update_yaxes(dtick=1)  # small counts: whole-number ticks only
    return base_layout(figure, lang)
