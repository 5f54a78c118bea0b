"""Turning the overview_kpis row into KPI cards (value, change, colour)."""

from __future__ import annotations


import pandas as pd

from outreach.i18n import definition, fmt_int, fmt_number, fmt_percent, is_missing, t
from outreach.query.periods import month_end
from outreach.views.columns import Card

# (measure, kind, lower_is_better)
KPIS = (
    ("held_visits", "count", False),
    ("communes_covered_share", "rate", False),
    ("quota_met_share", "rate", False),
    ("attendance_rate", "rate", False),
    ("feedback_received", "count", False),
    ("on_time_rate", "rate", False),
    ("median_days_km", "days", True),
    ("officials_flagged", "count", True),
)




def kpi_cards(row: pd.Series, *, lang: str, previous_label: str, previous_has_data: bool = True) -> list[Card]:
    """One card per KPI with its change against the previous period. When the previous period ends
    before the data start (previous_has_data false), each card says there is no previous figure."""
    cards = []
    for key, kind, lower_is_better in KPIS:
        current, previous = row[key], row["prev_" + key]
        if kind == "rate":
            value = fmt_percent(current, lang)
        elif kind == "days":
            value = "—" if is_missing(current) else f"{fmt_int(current, lang)} {t('days', lang)}"
        else:
            value = fmt_int(current, lang)
        delta, unchanged = None, False
        if not is_missing(current) and not is_missing(previous):
            change = float(current) - float(previous)
            unchanged = abs(change) < 1e-12
            if kind == "rate":
                points = change * 100
                # Below 0.1 point one decimal would read "-0,0": show two.
                delta = f"{fmt_number(points, lang, digits=2 if 0 < abs(points) < 0.1 else 1)} {t('points', lang)}"
            elif kind == "days":
                delta = f"{fmt_int(change, lang)} {t('days', lang)}"
            else:
                delta = fmt_int(change, lang)
            if change > 0 and not delta.startswith(("+", "-")):
                delta = "+" + delta
        help_text = definition(key, lang) + "\n\n" + (
            t("vs_previous", lang, period=previous_label) if delta is not None else t("no_previous", lang))
        previous_missing = delta is None and not previous_has_data
        if previous_missing:
            delta, unchanged = t("no_previous_data", lang), True
        cards.append(Card(
            key=key, label=t("kpi_" + key, lang), value=value, delta=delta,
            delta_color="off" if unchanged else ("inverse" if lower_is_better else "normal"),
            delta_arrow="off" if unchanged else "auto", help=help_text, previous_missing=previous_missing,
            delta_description=t("vs_previous_short", lang) if delta and not previous_missing else None,
        ))
    return cards


def last_month_partial(period) -> bool:
    """Whether the period's last month is cut by the reference date (as_of before the month's last
    day: 29/04 in a 30-day April is partial, 28/02 in a 28-day February is not)."""
    return period.ref_date < month_end(period.end_month)
