"""The agencies page (Đơn vị): scorecard table, weights, the groups to commend and to correct with
their reasons, and the score by quarter. Numbers come from queries/agency_*.sql; this module only
words and draws them. Imports without Streamlit."""

from __future__ import annotations

import math
from typing import Any, Callable

import pandas as pd
import plotly.graph_objects as go

from outreach.i18n import fmt_int, fmt_number, fmt_percent, md, t
from outreach.query.periods import add_months, month_end
from outreach.views.charts import base_layout
from outreach.views.columns import for_display


RATES = ("coverage_rate", "attendance_rate", "quota_rate", "on_time_rate")


WEIGHT_SETTINGS = {"coverage_rate": "weight_coverage", "attendance_rate": "weight_attendance",
                   "quota_rate": "weight_quota", "on_time_rate": "weight_on_time"}


def weights(settings: dict[str, Any]) -> dict[str, float]:
    """Rate -> weight, from the [scorecard] settings."""
    return {rate: float(settings[key]) for rate, key in WEIGHT_SETTINGS.items()}


def weights_line(settings: dict[str, Any], lang: str = "vi") -> str:
    parts = [f"{t(f'people_col_{rate}', lang)} × {fmt_number(weight, lang, digits=1 if weight % 1 else 0)}"
             for rate, weight in weights(settings).items()]
    return t("people_weights_line", lang, weights=" · ".join(parts),
             share=fmt_percent(float(settings["group_share"]), lang, digits=0),
             min_officials=fmt_int(settings["min_officials"], lang))


# Per rate: its numerator, divisor, the unit of its divisor, the evidence flag and the standing column.
RATE_PARTS = {
    "coverage_rate": ("communes_covered", "communes_assigned", "people_unit_communes", "coverage"),
    "attendance_rate": ("listed_present", "listed_not_excused", "people_unit_listings", "attendance"),
    "quota_rate": ("months_met", "months_counted", "people_unit_months", "quota"),
    "on_time_rate": ("replied_on_time", "replied_or_overdue", "people_unit_items", "on_time"),
}
EVIDENCE_SETTINGS = {"coverage_rate": "min_evidence_coverage", "attendance_rate": "min_evidence_attendance",
                     "quota_rate": "min_evidence_quota", "on_time_rate": "min_evidence_on_time"}


def _flag(row: pd.Series | dict, column: str) -> bool:
    value = row[column]
    return False if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else bool(value)


def has_evidence(row: pd.Series | dict, rate: str) -> bool:
    return _flag(row, RATE_PARTS[rate][3] + "_evidence")


def ranked_medians(scorecard: pd.DataFrame) -> dict[str, float | None]:
    """Median of each rate over the ranked agencies with enough evidence on it."""
    ranked = scorecard[scorecard["is_ranked"].fillna(False).astype(bool)]
    result: dict[str, float | None] = {}
    for rate in RATES:
        evidence = ranked[RATE_PARTS[rate][3] + "_evidence"].fillna(False).astype(bool)
        values = ranked.loc[evidence, rate].dropna()
        result[rate] = float(values.median()) if len(values) else None
    return result


def review_reasons(scorecard: pd.DataFrame, lang: str = "vi") -> dict[str, list[str]]:
    """Why each agency of a review group is there, in words (docs/metrics.md, "Agency review").

    The rates that put it there: for the group to commend those with a standing above the middle
    (50), highest first; for the group to correct those below it, lowest first; each with the rate,
    its numerator and divisor, the median of the ranked agencies and the standing. A rate without
    enough evidence is named as such (it counted 50: neither merit nor fault). Held items are
    named for the group to correct (they are not in the score).
    """
    medians = ranked_medians(scorecard)
    reasons: dict[str, list[str]] = {}
    for _, row in scorecard[scorecard["review_group"].isin(["commend", "correct"])].iterrows():
        correct = row["review_group"] == "correct"
        telling = []
        for rate in RATES:
            standing = row[RATE_PARTS[rate][3] + "_standing"]
            if not has_evidence(row, rate) or pd.isna(standing) or medians[rate] is None:
                continue
            # A reason is a rate that pulled the agency that way and differs from the median: a rate
            # equal to most agencies' is not a merit even when a few others are lower.
            gap = float(row[rate]) - medians[rate]
            if (standing < 50 - 1e-9 and gap < -1e-12) if correct else (standing > 50 + 1e-9 and gap > 1e-12):
                telling.append((standing, rate))
        telling.sort(key=lambda item: item[0] if correct else -item[0])
        lines = [
            t("people_reason_below" if correct else "people_reason_above", lang,
              rate=t(f"people_col_{rate}", lang), value=fmt_percent(row[rate], lang),
              detail=rate_detail(row, rate, lang), median=fmt_percent(medians[rate], lang),
              standing=fmt_number(standing, lang, digits=0))
            for standing, rate in telling
        ]
        if not lines:
            lines.append(t("people_reason_lowest_score" if correct else "people_reason_highest_score", lang))
        for rate in RATES:
            if not has_evidence(row, rate):
                lines.append(t("people_reason_short", lang, rate=t(f"people_col_{rate}", lang),
                               detail=rate_detail(row, rate, lang)))
        if correct and int(row["held_items"]) > 0:
            lines.append(t("people_reason_held_items", lang, items=fmt_int(row["held_items"], lang)))
        reasons[row["agency_id"]] = lines
    return reasons


def rate_detail(row: pd.Series | dict, rate: str, lang: str) -> str:
    """'31/32 xã': the rate's numerator and divisor in the divisor's unit."""
    numerator, divisor, unit, _ = RATE_PARTS[rate]
    return t(unit, lang, part=fmt_int(row[numerator], lang), whole=fmt_int(row[divisor], lang))


def rate_cell(row: pd.Series | dict, rate: str, lang: str) -> str:
    """One rate as the scorecard shows it: '96,9% · 31/32 xã', or with 'chưa đủ dữ liệu' when its
    divisor is under the evidence minimum."""
    value = row[rate]
    text = f"{fmt_percent(value, lang)} · {rate_detail(row, rate, lang)}"
    return text if has_evidence(row, rate) else f"{text} · {t('people_short_evidence', lang)}"


def score_sentence(settings: dict[str, Any], lang: str = "vi") -> str:
    """How the score works, in one sentence, with the evidence minimums from the settings."""
    return t("people_score_sentence", lang, coverage=fmt_int(settings["min_evidence_coverage"], lang),
             attendance=fmt_int(settings["min_evidence_attendance"], lang),
             quota=fmt_int(settings["min_evidence_quota"], lang),
             on_time=fmt_int(settings["min_evidence_on_time"], lang),
             rates=fmt_int(settings["min_rates_with_evidence"], lang))


def group_label(code: Any, lang: str = "vi") -> str:
    if code not in ("commend", "correct"):
        return ""
    return t(f"people_group_{code}", lang)


SCORECARD_COLUMNS = ["rank", "agency_name", "score", "review_group_label", "coverage_cell", "attendance_cell",
                     "quota_cell", "on_time_cell", "held_items", "officials"]


def scorecard_table(scorecard: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The scorecard for the screen: score to one decimal next to the name, the group in words, and
    each rate with its numerator/divisor and whether it has enough evidence."""
    table = for_display(scorecard)
    table["review_group_label"] = table["review_group"].map(lambda code: group_label(code, lang))
    for rate in RATES:
        table[RATE_PARTS[rate][3] + "_cell"] = [rate_cell(row, rate, lang) for _, row in scorecard.iterrows()]
    return table


def quarter_label(quarter_start: Any, window_start: Any, window_end: Any, lang: str = "vi") -> str:
    """'Q1/2026', or 'Q4/2025 (11–12/2025)' when the period covers only part of the quarter."""
    start = pd.Timestamp(quarter_start).date()
    first, last = pd.Timestamp(window_start).date(), pd.Timestamp(window_end).date()
    label = t("people_quarter", lang, quarter=(start.month - 1) // 3 + 1, year=start.year)
    full_end = month_end(add_months(start, 2))
    if first != start or last != full_end:
        label += f" ({first.month:02d}–{last.month:02d}/{last.year})" if first.month != last.month else \
            f" ({last.month:02d}/{last.year})"
    return label


def score_trend_heatmap(quarters: pd.DataFrame, order: list[str], lang: str = "vi") -> go.Figure:
    """Agency x quarter, the score in each cell; lower scores warmer (reversed RdBu)."""
    frame = quarters[quarters["agency_id"].isin(order)].copy()
    frame["label"] = [quarter_label(q, s, e, lang) for q, s, e in
                      zip(frame["quarter_start"], frame["window_start"], frame["window_end"])]
    columns = list(dict.fromkeys(frame.sort_values("quarter_start")["label"]))
    names = dict(zip(frame["agency_id"], frame["agency_name"]))
    pivot = frame.pivot(index="agency_id", columns="label", values="score").reindex(index=order, columns=columns)
    text = pivot.map(lambda value: "" if pd.isna(value) else fmt_number(value, lang, digits=1))
    figure = go.Figure(go.Heatmap(
        z=pivot.to_numpy(), x=columns, y=[names.get(agency, agency) for agency in order], text=text.to_numpy(),
        texttemplate="%{text}", colorscale="RdBu", zmin=max(0.0, float(min(pivot.min(skipna=True).min(), 100)) - 1)
        if pivot.notna().any().any() else 0, zmax=100, xgap=2, ygap=2,
        colorbar=dict(title=dict(text=t("people_col_score", lang)), thickness=12),
        hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
    ))
    base_layout(figure, lang, height=max(300, 110 + 24 * len(order)))
    figure.update_layout(hovermode="closest")
    figure.update_xaxes(type="category", side="top", title_text=t("people_quarter_axis", lang))
    figure.update_yaxes(autorange="reversed", type="category", gridcolor=None, rangemode=None)
    return figure


def score_trend_lines(quarters: pd.DataFrame, agency_ids: list[str], lang: str = "vi") -> go.Figure:
    """The score by quarter of the chosen agencies, one line each."""
    frame = quarters[quarters["agency_id"].isin(agency_ids)].sort_values("quarter_start").copy()
    frame["label"] = [quarter_label(q, s, e, lang) for q, s, e in
                      zip(frame["quarter_start"], frame["window_start"], frame["window_end"])]
    figure = go.Figure()
    for agency_id in agency_ids:
        rows = frame[frame["agency_id"] == agency_id]
        if rows.empty:
            continue
        figure.add_trace(go.Scatter(
            x=rows["label"], y=rows["score"], name=rows["agency_name"].iloc[0], mode="lines+markers",
            line=dict(width=3), marker=dict(size=8),
            hovertemplate="%{x}: %{y:,.1f}<extra>" + rows["agency_name"].iloc[0] + "</extra>",
        ))
    base_layout(figure, lang, height=380)
    figure.update_layout(hovermode="closest")
    figure.update_xaxes(type="category", title_text=t("people_quarter_axis", lang))
    figure.update_yaxes(title_text=t("people_col_score", lang), rangemode="normal")
    return figure


# A national scorecard ranks thousands of agencies; the page lists and draws only the ends
# (the full lists are in the table, the downloads and the review workbook).
GROUP_LIST_MAX = 10


HEATMAP_MAX_ROWS = 40


TREND_DEFAULT_MAX = 5


def group_markdown(scorecard: pd.DataFrame, reasons: dict[str, list[str]], group: str, lang: str = "vi",
                   limit: int = GROUP_LIST_MAX) -> str:
    """The agencies of one review group, best rank first, each with its reasons as bullets.

    A group longer than `limit` shows its `limit` most telling members (the best ranks to commend,
    the worst to correct) and a line saying how many more there are and where to find them.
    """
    members = scorecard[scorecard["review_group"] == group].sort_values(["rank", "agency_id"])
    if members.empty:
        return t("people_group_empty", lang)
    total = len(members)
    if total > limit:
        members = members.head(limit) if group == "commend" else members.tail(limit)
    blocks = []
    for _, row in members.iterrows():
        card = t("people_group_card", lang, rank=fmt_int(row["rank"], lang), name=md(row["agency_name"]),
                 score=fmt_number(row["score"], lang, digits=1))
        bullets = "\n".join(f"- {line}" for line in reasons.get(row["agency_id"], []))
        blocks.append(card + ("\n" + bullets if bullets else ""))
    if total > len(members):
        blocks.append(t("people_group_more", lang, more=fmt_int(total - len(members), lang), total=fmt_int(total, lang)))
    return "\n\n".join(blocks)


def heatmap_rows(order: list[str], limit: int = HEATMAP_MAX_ROWS) -> tuple[list[str], int, int]:
    """The agencies drawn in the score heatmap: all of them, or the best and worst `limit // 2` by rank.

    Returns (agency ids, how many from the top, how many from the bottom); both counts are 0 when
    every agency is drawn.
    """
    if len(order) <= limit:
        return list(order), 0, 0
    top = limit // 2
    bottom = limit - top
    return list(order[:top]) + list(order[-bottom:]), top, bottom


def trend_defaults(scorecard: pd.DataFrame, preferred: str | None) -> list[str]:
    """Agencies drawn by default in the score trend: the filtered agency, else the group to correct
    (its TREND_DEFAULT_MAX worst ranked)."""
    if preferred and preferred in set(scorecard["agency_id"]):
        return [preferred]
    members = scorecard[scorecard["review_group"] == "correct"].sort_values("rank")
    # The worst ranked few: a line each is readable; hundreds of lines are not.
    return list(members["agency_id"])[-TREND_DEFAULT_MAX:]


def agency_options(scorecard: pd.DataFrame) -> tuple[list[str], Callable[[str], str]]:
    names = dict(zip(scorecard["agency_id"], scorecard["agency_name"]))
    return list(scorecard["agency_id"]), lambda agency_id: names.get(agency_id, agency_id)


def scope_label(commune_name: str | None, agency_name: str | None, lang: str = "vi") -> str:
    """'Xã A · Sở B', or 'Toàn tỉnh' when nothing is filtered."""
    return " · ".join(name for name in (commune_name, agency_name) if name) or t("people_notes_all", lang)
