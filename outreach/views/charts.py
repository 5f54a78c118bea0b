"""Plotly figures shared by pages. Built from query results; no data access here."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from outreach.i18n import fmt_int, fmt_month, t
from outreach.views import svg_charts

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


def monthly_trend(frame: pd.DataFrame, lang: str, *, width: float = svg_charts.WIDTH, last_partial: bool = False) -> str:
    """Visits held, feedback received and replied per month (the overview's trend), as the dashboard's
    own SVG (outreach/views/svg_charts.py). A last month that is not over is drawn with open markers."""
    months = [fmt_month(month) for month in frame["month"]]
    columns = ("held_visits", "feedback_received", "replied")
    partial = [False] * (len(months) - 1) + [bool(last_partial)] if months else []
    series = []
    for column in columns:
        name = t("trend_" + column, lang)
        values = [None if pd.isna(value) else float(value) for value in frame[column]]
        tips = [f"{month}\n{name}: {fmt_int(value, lang)}" + (f"\n{t('trend_partial_short', lang)}" if open_ else "")
                for month, value, open_ in zip(months, values, partial)]
        series.append(svg_charts.Series(name=name, values=values, colour=PALETTE[column], tips=tips, hollow=partial))
    high = max([float(v) for c in columns for v in frame[c] if not pd.isna(v)], default=0)
    ticks = svg_charts.nice_ticks(max(high, 4 if high < 6 else high))  # small counts: whole steps
    ticks = [tick for tick in ticks if float(tick).is_integer()] or [0.0, 1.0]
    chart = svg_charts.Chart(x=months, series=series, y_ticks=ticks, y_max=ticks[-1],
                             y_format=lambda value: fmt_int(value, lang), x_title=t("trend_month", lang),
                             y_title=t("trend_count", lang), height=380, width=width, label=t("trend_title", lang))
    return svg_charts.draw(chart)
