"""The citizen feedback page (Ý kiến người dân): cards, figures, the agency ranking, the sentence
on why the Kaplan–Meier median differs from the replied-only one, and table views.

Everything here works on the frames the feedback_* queries return; nothing touches the database
and nothing imports Streamlit (column configuration gets Streamlit's column types passed in).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from outreach.views import charts, svg_charts
from outreach.views.columns import Card
from outreach.views.bars import share_bars_html
from outreach.views.charts import base_layout
from outreach.i18n import definition, fmt_int, fmt_month, fmt_number, fmt_percent, is_missing, t

ROUTES = ("on_spot", "forwarded", "not_forwarded")
STATUSES = ("replied_on_time", "replied_late", "open_in_time", "open_overdue")
DIMENSIONS = ("agency", "topic", "commune", "channel")
CHANNELS = ("visit", "dialogue", "hotline", "online", "letter", "other")
AGE_BUCKETS = ("0-7", "8-15", "16-30", "31-60", ">60")

# Worse reads warmer: greens for answers on time, oranges and reds for late and overdue.
STATUS_COLOURS = {
    "replied_on_time": "#2e8540",
    "replied_late": "#e08a2c",
    "open_in_time": "#8fa8c0",
    "open_overdue": "#c0392b",
}
BUCKET_COLOURS = dict(zip(AGE_BUCKETS, ("#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000")))
RATE_SCALE = [[0.0, "#b30000"], [0.5, "#e34a33"], [0.75, "#fdae61"], [0.9, "#a6d96a"], [1.0, "#1a9850"]]
CURVE_COLOUR = "#1f5f8b"
MEDIAN_COLOUR = "#d9822b"
P90_COLOUR = "#b03a2e"
NAIVE_COLOUR = "#6b6b6b"
# How many groups the breakdown chart and the backlog-by-agency chart show (the tables have all).
BREAKDOWN_TOP = 15
BACKLOG_TOP = 15
PLOT_CONFIG = charts.PLOT_CONFIG




def _days(value: Any, lang: str) -> str:
    """Whole days as '7', a replied-only median as '20,5'; '—' when empty."""
    if is_missing(value):
        return "—"
    number = float(value)
    return fmt_int(number, lang) if number.is_integer() else fmt_number(number, lang, digits=1)


def _share(part: Any, whole: Any) -> float | None:
    if is_missing(part) or is_missing(whole) or float(whole) == 0:
        return None
    return float(part) / float(whole)


# ---------------------------------------------------------------- flow


def flow_cards(summary: pd.Series, *, lang: str) -> list[Card]:
    """Received → on the spot / forwarded → replied → resolved; open; overdue; on time."""
    received = summary["received"]
    of_received = lambda value: t("fb_share_of_received", lang, share=fmt_percent(_share(value, received), lang))  # noqa: E731
    cards = [
        ("received", fmt_int(received, lang), None, "feedback_received"),
        ("handled_on_spot", fmt_int(summary["handled_on_spot"], lang), of_received(summary["handled_on_spot"]), "fb_flow"),
        ("forwarded", fmt_int(summary["forwarded"], lang), of_received(summary["forwarded"]), "fb_flow"),
        ("replied", fmt_int(summary["replied"], lang), of_received(summary["replied"]), "fb_flow"),
        ("resolved", fmt_int(summary["resolved"], lang),
         t("fb_share_of_replied", lang, share=fmt_percent(_share(summary["resolved"], summary["replied"]), lang)), "fb_flow"),
        ("open", fmt_int(summary["open"], lang), of_received(summary["open"]), "fb_flow"),
        ("open_overdue", fmt_int(summary["open_overdue"], lang),
         t("fb_share_of_open", lang, share=fmt_percent(_share(summary["open_overdue"], summary["open"]), lang)), "fb_flow"),
        ("on_time_rate", fmt_percent(summary["on_time_rate"], lang), None, "on_time_rate"),
    ]
    return [Card(key=key, label=t("fb_card_" + key, lang), value=value, note=note, help=definition(help_key, lang))
            for key, value, note, help_key in cards]


def flow_sentence(summary: pd.Series, *, lang: str) -> str:
    return t(
        "fb_flow_sentence", lang,
        received=fmt_int(summary["received"], lang),
        replied=fmt_int(summary["replied"], lang),
        replied_share=fmt_percent(_share(summary["replied"], summary["received"]), lang),
        on_time=fmt_int(summary["replied_on_time"], lang),
        open=fmt_int(summary["open"], lang),
        overdue=fmt_int(summary["open_overdue"], lang),
    )


def flow_table(flow: pd.DataFrame, *, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """Items by route (all items first, then on the spot, forwarded, not forwarded; empty routes
    left out) and status on as_of, with each row's label: the route and its number of items.

    Bars of shares rather than a Sankey diagram: they stay readable on a phone, and a small route
    shows its make-up as clearly as a big one (its size is in its label)."""
    table = flow.pivot_table(index="route", columns="status", values="items", aggfunc="sum", fill_value=0)
    table = table.reindex(index=list(ROUTES), columns=list(STATUSES), fill_value=0)
    table = table[table.sum(axis=1) > 0]
    table = pd.concat([table.sum().to_frame("all").T, table]).astype(int)
    labels = [t("fb_flow_all" if route == "all" else "fb_route_" + route, lang) + f" ({fmt_int(total, lang)})"
              for route, total in table.sum(axis=1).items()]
    return table, labels


def flow_bars_html(flow: pd.DataFrame, *, lang: str) -> str:
    """The flow's bars (one per route, cut into its statuses' shares) in plain HTML: no chart library."""
    table, labels = flow_table(flow, lang=lang)
    return share_bars_html(table, labels, names={status: t("fb_status_" + status, lang) for status in STATUSES},
                           colours=STATUS_COLOURS, lang=lang, test_id="flow-bars")


# ---------------------------------------------------------------- time to reply


def km_cards(summary: pd.Series, *, lang: str) -> list[Card]:
    """Kaplan–Meier median and p90 beside the replied-only median (calendar and working days)."""

    def days_value(value: Any) -> str:
        return t("fb_not_reached", lang) if is_missing(value) else t("fb_days_value", lang, days=_days(value, lang))

    naive_note = None
    if not is_missing(summary["median_working_days_replied_only"]):
        naive_note = t("fb_working_days_value", lang, days=_days(summary["median_working_days_replied_only"], lang))
    unreached = t("fb_not_reached_help", lang)
    return [
        Card(key="median_days_km", label=t("fb_metric_median_km", lang), value=days_value(summary["median_days_km"]),
             note=t("fb_km_counted_note", lang),
             help=definition("median_days_km", lang) + ("\n\n" + unreached if is_missing(summary["median_days_km"]) else "")),
        Card(key="p90_days_km", label=t("fb_metric_p90_km", lang), value=days_value(summary["p90_days_km"]),
             help=definition("fb_p90", lang) + ("\n\n" + unreached if is_missing(summary["p90_days_km"]) else "")),
        Card(key="median_days_replied_only", label=t("fb_metric_median_naive", lang),
             value="—" if is_missing(summary["median_days_replied_only"]) else days_value(summary["median_days_replied_only"]),
             note=naive_note, help=definition("fb_naive", lang)),
    ]


def km_explanation(summary: pd.Series, *, lang: str) -> str | None:
    """One plain sentence on why the Kaplan–Meier median and the replied-only median differ."""
    received, replied, open_items = (int(summary[key]) for key in ("received", "replied", "open"))
    if received == 0:
        return None
    if replied == 0:
        return t("fb_why_none_replied", lang)
    values = dict(
        replied=fmt_int(replied, lang), open=fmt_int(open_items, lang),
        naive=_days(summary["median_days_replied_only"], lang), km=_days(summary["median_days_km"], lang),
        oldest=_days(summary["oldest_open_days"], lang),
        replied_share=fmt_percent(_share(replied, received), lang),
    )
    if is_missing(summary["median_days_km"]):
        return t("fb_why_unreached", lang, **{k: values[k] for k in ("replied", "naive", "oldest")})
    if open_items == 0:
        return t("fb_why_all_replied", lang, **{k: values[k] for k in ("km", "naive")})
    difference = float(summary["median_days_km"]) - float(summary["median_days_replied_only"])
    if difference >= 1:
        return t("fb_why_longer", lang, **{k: values[k] for k in ("replied", "naive", "open", "oldest", "km")})
    if difference <= -1:
        # Only the replied-only median's averaging of the two middle items can put it above.
        return t("fb_why_shorter", lang, **{k: values[k] for k in ("km", "naive")})
    return t("fb_why_close", lang, **{k: values[k] for k in ("km", "naive", "replied_share", "open")})


def km_steps(curve: pd.DataFrame) -> pd.DataFrame:
    """The step curve from (0, 1): S is 1 before any reply."""
    start = pd.DataFrame({"days": [0], "survival": [1.0]})
    return pd.concat([start, curve[["days", "survival"]].astype({"days": "int64", "survival": "float64"})],
                     ignore_index=True)


def _km_upper(steps: pd.DataFrame, summary: pd.Series) -> int:
    """Right end of the x axis: twice the p90 (or four times the median), within the data.

    The long flat tail of items that have waited for months stays reachable by zooming out;
    the sentence under the chart names the oldest wait.
    """
    last = int(steps["days"].max())
    if not is_missing(summary["p90_days_km"]):
        upper = 2 * int(summary["p90_days_km"])
    elif not is_missing(summary["median_days_km"]):
        upper = 4 * int(summary["median_days_km"])
    else:
        upper = last
    if not is_missing(summary["median_days_replied_only"]):
        upper = max(upper, int(math.ceil(float(summary["median_days_replied_only"]))) + 5)
    return max(min(upper, last), 30)


def km_chart(curve: pd.DataFrame, summary: pd.Series, *, lang: str, width: float = svg_charts.WIDTH) -> str:
    """Share still waiting after t days (Kaplan–Meier step from 100%), the median and p90 marked, the
    replied-only median beside it; the dashboard's own SVG (outreach/views/svg_charts.py). The x axis
    ends at _km_upper; the sentence above the chart names what lies beyond (the oldest waits)."""
    steps = km_steps(curve)
    upper = _km_upper(steps, summary)
    days, survival = steps["days"].astype(int).tolist(), steps["survival"].astype(float).tolist()
    tips = [t("fb_km_hover", lang, days=fmt_int(day, lang), share=fmt_percent(share, lang)) for day, share in zip(days, survival)]
    guides = []
    for key, level, colour, label_key in (("median_days_km", 0.5, MEDIAN_COLOUR, "fb_km_median_label"),
                                          ("p90_days_km", 0.1, P90_COLOUR, "fb_km_p90_label")):
        value = summary[key]
        if is_missing(value):
            continue
        day = int(value)
        guides.append(svg_charts.Guide(points=[(0, level), (day, level), (day, 0)], colour=colour,
                                       label=t(label_key, lang, days=_days(day, lang)), label_at=(day, level)))
    naive = summary["median_days_replied_only"]
    if not is_missing(naive):
        guides.append(svg_charts.Guide(points=[(float(naive), 0), (float(naive), 1.0)], colour=NAIVE_COLOUR, dash="2 4",
                                       label=t("fb_km_naive_label", lang, days=_days(naive, lang)),
                                       label_at=(float(naive), 0.97), dot=False))
    chart = svg_charts.Chart(
        x=days, x_max=upper, x_format=lambda value: fmt_int(value, lang), x_title=t("fb_km_axis_days", lang),
        series=[svg_charts.Series(name=t("fb_km_curve_name", lang), values=survival, colour=CURVE_COLOUR, step=True,
                                  markers=False, tips=tips, legend=False)],
        y_max=1.0, y_ticks=[i / 10 for i in range(11)], y_format=lambda value: fmt_percent(value, lang, digits=0),
        y_title=t("fb_km_axis_waiting", lang), guides=guides, height=380, width=width,
        label=t("fb_km_title", lang))
    return svg_charts.draw(chart)


def settling_months(monthly: pd.DataFrame) -> pd.Series:
    """Months with items still open and not yet due: their on-time rate and medians can still move
    (the last month or two of a period, typically), so the chart draws them faded."""
    return monthly["open_not_due"].fillna(0).astype(int) > 0


def monthly_figure(monthly: pd.DataFrame, *, lang: str) -> go.Figure:
    """Top: median days (Kaplan–Meier and replied-only); bottom: on-time rate, by month received.
    Settling months (items not yet due) are faded, and their replied-only median is not drawn: it
    counts only the quick replies so far and would dip toward 0."""
    months = [fmt_month(month) for month in monthly["month"]]
    settling = settling_months(monthly)
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1, row_heights=[0.55, 0.45])
    days_unit = t("days", lang)
    km = monthly["median_days_km"].astype("Float64").astype(float)
    figure.add_trace(go.Scatter(
        x=months, y=km, name=t("fb_monthly_median", lang),
        mode="lines+markers", line=dict(color=MEDIAN_COLOUR, width=3),
        marker=dict(size=7, symbol=["circle-open" if flag else "circle" for flag in settling]),
        hovertemplate="%{y:,.0f} " + days_unit + "<extra>" + t("fb_monthly_median", lang) + "</extra>",
    ), row=1, col=1)
    naive = monthly["median_days_replied_only"].astype("Float64").astype(float).where(~settling)
    figure.add_trace(go.Scatter(
        x=months, y=naive, name=t("fb_monthly_naive", lang),
        mode="lines+markers", line=dict(color=NAIVE_COLOUR, width=2, dash="dot"), marker=dict(size=5),
        hovertemplate="%{y:,.1f} " + days_unit + "<extra>" + t("fb_monthly_naive", lang) + "</extra>",
    ), row=1, col=1)
    rates = monthly["on_time_rate"].astype("Float64").astype(float)
    figure.add_trace(go.Bar(
        x=months, y=rates, name=t("fb_monthly_rate", lang),
        marker=dict(color=rates.fillna(0), colorscale=RATE_SCALE, cmin=0, cmax=1,
                    opacity=[0.3 if flag else 1.0 for flag in settling],
                    pattern=dict(shape=["/" if flag else "" for flag in settling], fgcolor="#666666")),
        text=[("" if is_missing(rate) else fmt_percent(rate, lang, digits=0) + ("*" if flag else ""))
              for rate, flag in zip(rates, settling)],
        textposition="outside", cliponaxis=False, showlegend=False,
        hovertemplate="%{y:.1%}<extra>" + t("fb_monthly_rate", lang) + "</extra>",
    ), row=2, col=1)
    base_layout(figure, lang, height=480)
    figure.update_xaxes(type="category")
    figure.update_xaxes(title_text=t("trend_month", lang), row=2, col=1)
    figure.update_yaxes(title_text=t("fb_monthly_days_axis", lang), row=1, col=1, rangemode="tozero")
    figure.update_yaxes(title_text=t("fb_monthly_rate_axis", lang), tickformat=".0%", range=[0, 1.15], row=2, col=1)
    return figure


def settling_note(monthly: pd.DataFrame, lang: str) -> str | None:
    """'Tháng 09/2026, 10/2026 còn ý kiến chưa đến hạn …' under the chart, or None."""
    months = [fmt_month(month) for month, flag in zip(monthly["month"], settling_months(monthly)) if flag]
    return t("fb_monthly_settling", lang, months=", ".join(months)) if months else None


# ---------------------------------------------------------------- breakdowns and league table


def group_labels(frame: pd.DataFrame, dimension: str, *, lang: str) -> pd.Series:
    """Readable group names: agency and commune names, channel labels, a label for empty keys."""
    if dimension == "channel":
        return frame["group_key"].map(lambda code: t("fb_channel_" + code, lang) if code in CHANNELS else code)
    empty = {"agency": "fb_no_agency", "topic": "fb_no_topic"}.get(dimension)
    names = frame["group_name"].astype(object)
    if dimension == "commune":
        names = names.where(names.notna(), frame["group_key"])
    return names.map(lambda name: t(empty, lang) if is_missing(name) and empty else name)


# The rate and the figures that judge first, so a phone shows them beside the name.
BREAKDOWN_COLUMNS = ["group_name", "on_time_rate", "open_overdue", "median_days_km", "items", "replied", "open",
                     "p90_days_km", "median_days_replied_only", "held_information"]


def dimension_table(by_dimension: pd.DataFrame, dimension: str, *, lang: str) -> pd.DataFrame:
    """One dimension's groups, worst first (the query's order), with readable names."""
    frame = by_dimension[by_dimension["dimension"] == dimension].reset_index(drop=True)
    frame = frame.assign(group_name=group_labels(frame, dimension, lang=lang))
    return frame[BREAKDOWN_COLUMNS]


def weakest_shown(table: pd.DataFrame, top: int = BREAKDOWN_TOP) -> int:
    """How many groups the breakdown chart shows: those with an on-time rate, at most top."""
    return int(min(top, table["on_time_rate"].notna().sum()))


def dimension_figure(table: pd.DataFrame, *, lang: str, top: int = BREAKDOWN_TOP) -> go.Figure:
    """Horizontal bars of the on-time rate, the weakest groups on top."""
    shown = table[table["on_time_rate"].notna()].head(top)
    rates = shown["on_time_rate"].astype(float)
    hover = [t("fb_breakdown_hover", lang, rate=fmt_percent(rate, lang), items=fmt_int(items, lang),
               median=t("fb_days_value", lang, days=_days(median, lang)) if not is_missing(median) else t("fb_not_reached", lang))
             for rate, items, median in zip(rates, shown["items"], shown["median_days_km"])]
    figure = go.Figure(go.Bar(
        x=rates, y=shown["group_name"], orientation="h",
        marker=dict(color=rates, colorscale=RATE_SCALE, cmin=0, cmax=1),
        text=[fmt_percent(rate, lang, digits=0) for rate in rates], textposition="outside", cliponaxis=False,
        customdata=hover, hovertemplate="%{y}<br>%{customdata}<extra></extra>",
    ))
    base_layout(figure, lang, height=max(220, 60 + 30 * len(shown)))
    figure.update_layout(hovermode="closest", margin=dict(l=10, r=40, t=10, b=10), showlegend=False)
    figure.update_xaxes(tickformat=".0%", range=[0, 1.12], title_text=t("fb_col_on_time_rate", lang))
    figure.update_yaxes(autorange="reversed", rangemode=None, title_text=None, automargin=True)
    return figure


def league_table(by_agency: pd.DataFrame) -> pd.DataFrame:
    """feedback_by_agency with a rank (1 = best), weakest first, unranked agencies last.

    Better = higher on-time rate, then fewer overdue open items, then a shorter Kaplan–Meier median
    (a median never reached is the longest). Full ties share the better rank (1, 2, 2, 4).
    Agencies with no on-time rate (nothing replied or overdue) are not ranked.
    """
    frame = by_agency.reset_index(drop=True).copy()
    ranked = frame["on_time_rate"].notna()
    keys = [
        (-float(rate), int(overdue), math.inf if is_missing(median) else float(median))
        for rate, overdue, median in zip(frame["on_time_rate"].fillna(0), frame["open_overdue"], frame["median_days_km"])
    ]
    ranked_keys = [key for key, is_ranked in zip(keys, ranked) if is_ranked]
    ranks = [1 + sum(other < key for other in ranked_keys) if is_ranked else None for key, is_ranked in zip(keys, ranked)]
    frame.insert(0, "rank", pd.array(ranks, dtype="Int64"))
    order = sorted(range(len(frame)), key=lambda i: (not ranked[i], -(ranks[i] or 0), frame.loc[i, "agency_id"]))
    return frame.iloc[order].reset_index(drop=True)


LEAGUE_COLUMNS = ["rank", "agency_name", "on_time_rate", "open_overdue", "median_days_km", "forwarded", "replied",
                  "replied_on_time", "open", "p90_days_km", "median_days_replied_only", "agency_id"]


def league_view(by_agency: pd.DataFrame) -> pd.DataFrame:
    return league_table(by_agency)[LEAGUE_COLUMNS]


# ---------------------------------------------------------------- backlog


def agency_names(by_agency: pd.DataFrame) -> dict[str, str]:
    """agency_id -> agency_name from feedback_by_agency (for the backlog chart's labels)."""
    return dict(zip(by_agency["agency_id"], by_agency["agency_name"]))


def backlog_by_age(backlog: pd.DataFrame) -> pd.DataFrame:
    """Open and overdue items per age bucket, all agencies together, buckets in order."""
    totals = backlog.groupby("age_bucket")[["open", "overdue"]].sum()
    return totals.reindex(list(AGE_BUCKETS), fill_value=0).rename_axis("age_bucket").reset_index()


def backlog_age_figure(totals: pd.DataFrame, *, lang: str) -> go.Figure:
    labels = [bucket.replace(">", "> ") for bucket in totals["age_bucket"]]
    in_time = totals["open"] - totals["overdue"]
    figure = go.Figure()
    for name, values, colour in ((t("fb_backlog_in_time", lang), in_time, STATUS_COLOURS["open_in_time"]),
                                 (t("fb_backlog_overdue", lang), totals["overdue"], STATUS_COLOURS["open_overdue"])):
        figure.add_trace(go.Bar(x=labels, y=values, name=name, marker_color=colour,
                                hovertemplate="%{y:,d}<extra>" + name + "</extra>"))
    figure.add_trace(go.Scatter(x=labels, y=totals["open"], mode="text", text=[fmt_int(v, lang) for v in totals["open"]],
                                textposition="top center", showlegend=False, hoverinfo="skip", cliponaxis=False))
    base_layout(figure, lang, height=330)
    figure.update_layout(barmode="stack", legend=dict(traceorder="normal"))
    figure.update_xaxes(title_text=t("fb_backlog_axis_age", lang), type="category", tickangle=0)
    figure.update_yaxes(title_text=t("fb_items_unit", lang), tickformat=",d", range=[0, max(1, int(totals["open"].max())) * 1.18])
    return figure


def backlog_agency_figure(backlog: pd.DataFrame, names_by_id: dict[str, str], *, lang: str,
                          top: int = BACKLOG_TOP) -> go.Figure:
    """Open items per agency (most first), stacked by age bucket, the overdue count at the bar's end."""
    per_agency = backlog.assign(agency_key=backlog["agency_id"].fillna("")).groupby("agency_key")[["open", "overdue"]].sum()
    per_agency = per_agency[per_agency["open"] > 0].sort_values(["open", "overdue"], ascending=False).head(top)
    keys = list(per_agency.index)
    names = [names_by_id.get(key, key) if key else t("fb_no_agency", lang) for key in keys]
    cells = backlog.assign(agency_key=backlog["agency_id"].fillna("")).set_index(["agency_key", "age_bucket"])["open"]
    figure = go.Figure()
    for bucket in AGE_BUCKETS:
        counts = [int(cells.get((key, bucket), 0)) for key in keys]
        label = t("fb_backlog_bucket", lang, bucket=bucket.replace(">", "> "))
        figure.add_trace(go.Bar(
            x=counts, y=names, orientation="h", name=label, marker_color=BUCKET_COLOURS[bucket],
            customdata=[t("fb_backlog_agency_hover", lang, bucket=bucket.replace(">", "> "), count=fmt_int(c, lang))
                        for c in counts],
            hovertemplate="%{y}<br>%{customdata}<extra></extra>",
        ))
    figure.add_trace(go.Scatter(
        x=list(per_agency["open"]), y=names, mode="text", showlegend=False, hoverinfo="skip",
        text=[f"{fmt_int(overdue, lang)} {t('fb_backlog_overdue', lang).lower()}" for overdue in per_agency["overdue"]],
        textposition="middle right", textfont=dict(color=STATUS_COLOURS["open_overdue"], size=12),
    ))
    base_layout(figure, lang, height=max(260, 90 + 30 * len(keys)))
    figure.update_layout(barmode="stack", hovermode="closest", margin=dict(l=10, r=10, t=30, b=10),
                         legend=dict(traceorder="normal"))
    most = max(1, int(per_agency["open"].max())) if len(per_agency) else 1
    figure.update_xaxes(title_text=t("fb_items_unit", lang), tickformat=",d", range=[0, most * 1.4])
    figure.update_yaxes(autorange="reversed", rangemode=None, automargin=True)
    return figure


# ---------------------------------------------------------------- item lists


def _channel_labels(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.assign(channel=frame["channel"].map(lambda code: t("fb_channel_" + code, lang) if code in CHANNELS else code))


OPEN_COLUMNS = ["feedback_id", "received_date", "age_days", "working_days_open", "due_effective", "is_overdue",
                "days_overdue", "forwarded_to_name", "commune_name", "topic", "channel", "summary", "is_held_information"]


def open_items_view(open_items: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    frame = _channel_labels(open_items, lang)
    frame = frame.assign(forwarded_to_name=frame["forwarded_to_name"].astype(object).where(
        frame["forwarded_to_name"].notna(), t("fb_no_agency", lang)))
    return frame[OPEN_COLUMNS]


HELD_ITEM_COLUMNS = ["feedback_id", "received_date", "recorded_by_name", "recorder_agency_name", "commune_name",
                     "channel", "topic", "summary", "forwarded_date", "days_to_forward", "forwarded_to_name",
                     "replied_date", "days_to_reply", "is_open"]


def held_items_view(held_items: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    frame = _channel_labels(held_items, lang)
    frame = frame.assign(recorded_by_name=frame["recorded_by_name"].astype(object).where(
        frame["recorded_by_name"].notna(), t("fb_no_recorder", lang)))
    return frame[HELD_ITEM_COLUMNS]


HELD_OFFICIAL_COLUMNS = ["full_name", "agency_name", "held_items", "is_flagged", "items_recorded", "held_share",
                         "first_held_received", "last_held_received", "position"]


def held_by_official_view(by_official: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    frame = by_official.assign(full_name=by_official["full_name"].astype(object).where(
        by_official["official_id"].notna(), t("fb_no_recorder", lang)))
    return frame[HELD_OFFICIAL_COLUMNS]


HELD_AGENCY_COLUMNS = ["agency_name", "held_items", "items_recorded", "held_share", "officials_with_held",
                       "officials_flagged"]


def held_by_agency_view(by_agency: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    frame = by_agency.assign(agency_name=by_agency["agency_name"].astype(object).where(
        by_agency["agency_id"].notna(), t("fb_no_recorder", lang)))
    return frame[HELD_AGENCY_COLUMNS]


def held_rule(*, held_after_days: int, holding_min_items: int, lang: str) -> str:
    return t("fb_held_rule", lang, days=held_after_days, flag_min=holding_min_items)


# ---------------------------------------------------------------- table columns

# Column name -> kind. Labels are the fb_col_<name> texts.
def download_stem(key: str) -> str:
    """File-name stem of a table's download (Vietnamese, made ASCII by the download helper)."""
    return {
        "league": "y-kien-theo-don-vi",
        "breakdown": "y-kien-theo-nhom",
        "monthly": "y-kien-theo-thang",
        "backlog": "y-kien-ton-dong",
        "open": "y-kien-dang-cho",
        "held_official": "em-thong-tin-theo-can-bo",
        "held_agency": "em-thong-tin-theo-don-vi",
        "held_items": "em-thong-tin-danh-sach",
    }[key]
