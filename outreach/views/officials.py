"""The officials page (Cán bộ): the participation table (accent-free search, filters, sort, pages),
the quota heatmap and one official's record. Numbers come from queries/official_*.sql; this module
only shapes, words and draws them. Imports without Streamlit."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import pandas as pd
import plotly.graph_objects as go

from outreach.i18n import fmt_int, fmt_month, fmt_percent, md, t
from outreach.query.periods import add_months, month_end
from outreach.views.charts import base_layout
from outreach.views.columns import Card, SELECT_MAX, capped_options, fold, map_unique
from outreach.views.beyond import month_texts
from outreach.views.flags import FLAG_FILTERS, flag_codes, flag_labels, status_label


# Okabe-Ito colours (safe for the common colour-vision deficiencies): worse reads warmer.
QUOTA_COLOURS = {"met": "#0072B2", "not_met": "#D55E00", "not_counted": "#DDDDDD"}


QUOTA_STATES = ("met", "not_met", "not_counted")


PAGE_SIZES = (25, 50, 100, 200)


# Sort orders of the officials table: key -> (columns, ascending). A whitelist, like the SQL.
SORTS: dict[str, tuple[tuple[str, ...], tuple[bool, ...]]] = {
    "flags_first": (("flag_count", "attendance_rate", "full_name_folded"), (False, True, True)),
    "name": (("full_name_folded", "official_id"), (True, True)),
    "attendance_low": (("attendance_rate", "full_name_folded"), (True, True)),
    "quota_low": (("quota_rate", "full_name_folded"), (True, True)),
    "listed_high": (("listed", "full_name_folded"), (False, True)),
    "absent_high": (("absent", "full_name_folded"), (False, True)),
    "feedback_high": (("feedback_recorded", "full_name_folded"), (False, True)),
}


def name_matches(name: str, query: str) -> bool:
    """True when every word of the query starts a word of the name, ignoring accents and case.

    "nguyen van an" finds "Nguyễn Văn An" (and "Nguyễn Văn Anh"); "an nguyen" finds it too.
    """
    return _words_start(fold(name), fold(query).split())


def _words_start(folded_name: str, words: list[str]) -> bool:
    name_words = folded_name.split()
    return all(any(candidate.startswith(word) for candidate in name_words) for word in words)


def search_mask(frame: pd.DataFrame, query: str) -> pd.Series:
    """Rows whose full_name matches the query (see name_matches) or whose official_id contains it."""
    if not fold(query):
        return pd.Series(True, index=frame.index)
    folded_id = fold(query).replace(" ", "")
    words = fold(query).split()
    names = frame["full_name_folded"] if "full_name_folded" in frame else map_unique(frame["full_name"], fold)
    by_name = map_unique(names, lambda name: _words_start(name, words)).fillna(False).astype(bool)
    ids = frame["official_id"].fillna("").astype(str)
    plain = ids.map(str.isascii)  # codes are ASCII: lower case is their fold
    by_id = pd.Series(False, index=frame.index)
    by_id[plain] = ids[plain].str.lower().str.replace(r"\s+", " ", regex=True).str.strip().str.contains(folded_id, regex=False)
    by_id[~plain] = ids[~plain].map(lambda code: folded_id in fold(code))
    return by_name | by_id


def official_table(participation: pd.DataFrame, profile: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """official_participation joined with official_profile (agency name, position, communes)."""
    extra = profile[["official_id", "agency_name", "position", "assigned_communes", "communes_assigned"]]
    table = participation.merge(extra, on="official_id", how="left")
    table["flag_labels"] = map_unique(table["flags"], lambda value: flag_labels(value, lang))
    table["flag_count"] = map_unique(table["flags"], lambda value: len(flag_codes(value))).astype("int64")
    table["full_name_folded"] = map_unique(table["full_name"], fold)
    return table


TABLE_COLUMNS = ["official_id", "full_name", "agency_name", "position", "assigned_communes", "listed", "present",
                 "late", "absent", "excused", "attendance_rate", "months_counted", "months_met", "quota_rate",
                 "feedback_recorded", "flag_labels"]


def filter_officials(table: pd.DataFrame, *, search: str = "", agency_ids: Iterable[str] = (),
                     flag: str = "all", heads: bool = False) -> pd.DataFrame:
    """Rows matching the name search, the agencies (none = all) and the flag filter.

    flag: 'all', 'any' (at least one flag), 'none' (no flag) or one flag code.
    """
    if flag not in FLAG_FILTERS:
        raise ValueError(f"unknown flag filter {flag!r}")
    mask = search_mask(table, search)
    agencies = list(agency_ids)
    if agencies:
        mask &= table["agency_id"].isin(agencies)
    if flag == "any":
        mask &= table["flag_count"] > 0
    elif flag == "none":
        mask &= table["flag_count"] == 0
    elif flag != "all":
        mask &= table["flags"].map(lambda value: flag in flag_codes(value))
    if heads and "is_head" in table:
        mask &= table["is_head"].fillna(False).astype(bool)
    return table[mask]


def sort_officials(table: pd.DataFrame, sort_key: str) -> pd.DataFrame:
    """Sort by a whitelisted order; empty rates go last."""
    columns, ascending = SORTS[sort_key]
    return table.sort_values(list(columns), ascending=list(ascending), na_position="last", kind="stable")


@dataclass(frozen=True)
class Page:
    rows: pd.DataFrame
    number: int
    pages: int
    first: int
    last: int
    total: int


def page_count(total: int, page_size: int) -> int:
    return max(1, math.ceil(total / page_size))


def paginate(frame: pd.DataFrame, *, page: int, page_size: int) -> Page:
    """Rows of page `page` (1-based; clamped to the pages there are)."""
    total = len(frame)
    pages = page_count(total, page_size)
    number = min(max(1, int(page)), pages)
    start = (number - 1) * page_size
    rows = frame.iloc[start:start + page_size]
    return Page(rows=rows, number=number, pages=pages, first=start + 1 if total else 0,
                last=start + len(rows), total=total)


def active_filters(agency_ids: Iterable[str], flag: str, sort: str) -> int:
    """How many of the folded filters differ from their default (agencies, flag, order)."""
    return int(bool(list(agency_ids))) + int(flag != FLAG_FILTERS[0]) + int(sort != list(SORTS)[0])


def page_caption(page: Page, lang: str = "vi") -> str:
    return t("people_page_caption", lang, first=fmt_int(page.first, lang), last=fmt_int(page.last, lang),
             total=fmt_int(page.total, lang), number=fmt_int(page.number, lang), pages=fmt_int(page.pages, lang))


def official_options(table: pd.DataFrame, keep: str | None = None, limit: int = SELECT_MAX) -> tuple[list[str], int]:
    return capped_options(table["official_id"].tolist(), keep, limit)


def official_option_label(table: pd.DataFrame, lang: str = "vi", ids: list[str] | None = None) -> Callable[[str], str]:
    """Labels 'Nguyễn Văn An (CB001) — Sở X' of `ids` (default: every official of the table)."""
    if ids is not None:
        table = table[table["official_id"].isin(ids)]
    labels = dict(zip(table["official_id"], table["full_name"] + " (" + table["official_id"] + ") — "
                      + table["agency_name"].fillna("")))
    return lambda official_id: labels.get(official_id, official_id)


def quota_month_list(start: dt.date, ref_date: dt.date) -> list[dt.date]:
    """Months of the period that ended on or before ref_date (the only months quota can count)."""
    months, month = [], start.replace(day=1)
    while month_end(month) <= ref_date:
        months.append(month)
        month = add_months(month, 1)
    return months


def quota_state(row: pd.Series | dict | None) -> str:
    if row is None or not bool(row["is_counted"]):
        return "not_counted"
    return "met" if bool(row["is_met"]) else "not_met"


def quota_grid(quota: pd.DataFrame, officials: pd.DataFrame, months: list[dt.date], lang: str = "vi") -> pd.DataFrame:
    """One row per official x month (every month of `months`): required, attended, state.

    officials: official_id and full_name of the officials to show; months without a quota row are
    'not_counted'.
    """
    grid = pd.MultiIndex.from_product([officials["official_id"], months], names=["official_id", "month_start"])
    grid = grid.to_frame(index=False)
    # official_quota_months has one row per requirement; the month's columns repeat on them.
    rows = month_texts(quota, lang)
    rows = rows.assign(month_start=pd.to_datetime(rows["month_start"]).dt.date)
    grid = grid.merge(rows[["official_id", "month_start", "required", "attended", "is_counted", "is_met",
                            "quota_detail"]], on=["official_id", "month_start"], how="left")
    grid["state"] = [
        "not_counted" if pd.isna(counted) or not counted else ("met" if met else "not_met")
        for counted, met in zip(grid["is_counted"], grid["is_met"])
    ]
    return grid.merge(officials[["official_id", "full_name"]], on="official_id", how="left")


def short_name(full_name: str) -> str:
    """Nguyễn Thị Ngọc Hà -> Nguyễn T. N. Hà: a phone's heatmap row label (family name and given
    name whole, in their order; the middle names as initials)."""
    parts = str(full_name).split()
    if len(parts) <= 2:
        return str(full_name)
    return " ".join([parts[0], *(part[0] + "." for part in parts[1:-1]), parts[-1]])


def quota_heatmap(quota: pd.DataFrame, officials: pd.DataFrame, months: list[dt.date], lang: str = "vi", *,
                  compact: bool = False) -> go.Figure:
    """Official x month: met / not met / not counted, with attended/required in each counted cell.
    compact (a phone): short names, months as mm/yy, the colours alone in the cells (the hover and
    the official's record give the counts)."""
    grid = quota_grid(quota, officials, months, lang)
    order = list(officials["official_id"])
    names = dict(zip(officials["official_id"], officials["full_name"] + " (" + officials["official_id"] + ")"))
    row_labels = ({official: short_name(name) for official, name in zip(officials["official_id"], officials["full_name"])}
                  if compact else names)
    if compact and len(set(row_labels.values())) < len(row_labels):
        row_labels = {official: f"{label} ({official[-3:]})" for official, label in row_labels.items()}
    month_labels = [month.strftime("%m/%y") if compact else fmt_month(month, lang) for month in months]
    codes = {state: index for index, state in enumerate(QUOTA_STATES)}
    state_words = {state: t(f"people_quota_{state}", lang) for state in QUOTA_STATES}
    counted = grid["state"] != "not_counted"
    grid["code"] = grid["state"].map(codes)
    grid["label"] = [f"{int(a)}/{int(r)}" if keep else "" for a, r, keep in
                     zip(grid["attended"].fillna(0), grid["required"].fillna(0), counted)]
    grid["hover"] = [
        t("people_quota_hover", lang, name=names[official], month=fmt_month(month, lang),
          attended=fmt_int(attended, lang), required=fmt_int(required, lang), state=state_words[state])
        + (f"<br>{detail}" if isinstance(detail, str) and detail else "")
        if state != "not_counted" else
        t("people_quota_hover_not_counted", lang, name=names[official], month=fmt_month(month, lang),
          required=fmt_int(required, lang))
        for official, month, attended, required, state, detail in
        zip(grid["official_id"], grid["month_start"], grid["attended"], grid["required"], grid["state"],
            grid["quota_detail"])
    ]

    def matrix(column: str) -> list[list[Any]]:
        table = grid.pivot(index="official_id", columns="month_start", values=column)
        return table.reindex(index=order, columns=months).to_numpy().tolist()

    z, text, hover = matrix("code"), matrix("label"), matrix("hover")
    # Three equal bands of a stepped colour scale, one per state.
    colourscale = []
    for index, state in enumerate(QUOTA_STATES):
        colourscale += [[index / 3, QUOTA_COLOURS[state]], [(index + 1) / 3, QUOTA_COLOURS[state]]]
    figure = go.Figure(go.Heatmap(
        z=z, x=month_labels, y=[row_labels[official_id] for official_id in order], text=text, customdata=hover,
        texttemplate="" if compact else "%{text}", hovertemplate="%{customdata}<extra></extra>", colorscale=colourscale,
        zmin=-0.5, zmax=2.5, showscale=False, xgap=1 if compact else 2, ygap=1 if compact else 2,
    ))
    for state in QUOTA_STATES:  # legend entries (a heatmap has none of its own)
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=state_words[state],
                                    marker=dict(symbol="square", size=14, color=QUOTA_COLOURS[state],
                                                line=dict(color="#999999", width=1)),
                                    hoverinfo="skip", showlegend=True))
    height = max(260, 130 + (20 if compact else 26) * len(order))
    base_layout(figure, lang, height=height)
    if compact:
        figure.update_layout(font=dict(size=11))
    # The months run along the top; the legend sits above them, in the figure's own margin.
    figure.update_layout(hovermode="closest", margin=dict(l=10, r=10, t=80, b=10),
                         legend=dict(orientation="h", yref="container", y=0.995, yanchor="top", x=0, xanchor="left"))
    figure.update_xaxes(type="category", side="top")
    figure.update_yaxes(autorange="reversed", type="category", gridcolor=None, rangemode=None)
    return figure


def heatmap_officials(table: pd.DataFrame, agency_id: str) -> pd.DataFrame:
    """The agency's officials for the heatmap, the lowest quota rate first (no counted month last)."""
    rows = table[table["agency_id"] == agency_id]
    return rows.sort_values(["quota_rate", "full_name_folded"], na_position="last")[["official_id", "full_name"]]


def default_heatmap_agency(table: pd.DataFrame, preferred: str | None) -> str | None:
    """The filtered agency if any, else the agency with most officials under quota (then by id)."""
    agencies = sorted(table["agency_id"].dropna().unique())
    if not agencies:
        return None
    if preferred in agencies:
        return preferred
    # The codes are ';'-joined and no other code contains 'under_quota'.
    under = table[table["flags"].fillna("").str.contains("under_quota", regex=False)]
    if under.empty:
        return agencies[0]
    counts = under.groupby("agency_id").size()
    return sorted(counts.index, key=lambda agency: (-counts[agency], agency))[0]


def official_visits(visits: pd.DataFrame, official_id: str, lang: str = "vi") -> pd.DataFrame:
    """official_detail_visits rows of one official, with words for codes."""
    rows = visits[visits["official_id"] == official_id]
    frame = pd.DataFrame({
        "visit_date": rows["visit_date"],
        "commune_name": rows["commune_name"],
        "hamlet_name": rows["hamlet_name"],
        "visit_type": rows["visit_type"].map(lambda code: t(f"people_visit_type_{code}", lang)),
        "topic": rows["topic"],
        "lead_agency_name": rows["lead_agency_name"],
        "listed_word": rows["listed"].map(lambda listed: t("people_yes" if listed else "people_walk_in", lang)),
        "attendance_status": rows["status"].map(lambda code: status_label(code, lang)),
        "visit_id": rows["visit_id"],
    })
    return frame.sort_values(["visit_date", "visit_id"]).reset_index(drop=True)


def official_quota(quota: pd.DataFrame, official_id: str, months: list[dt.date], lang: str = "vi") -> pd.DataFrame:
    """Every quota month of the period for one official: required, attended, state in words."""
    grid = quota_grid(quota, pd.DataFrame({"official_id": [official_id], "full_name": [""]}), months, lang)
    return pd.DataFrame({
        "month": [fmt_month(month, lang) for month in grid["month_start"]],
        "required": grid["required"].astype("Int64"),
        "attended": grid["attended"].astype("Int64"),
        "quota_state": grid["state"].map(lambda state: t(f"people_quota_{state}", lang)),
        "quota_detail": grid["quota_detail"].where(grid["state"] != "not_counted", "—").fillna("—"),
    })


def official_quota_figure(quota: pd.DataFrame, official_id: str, months: list[dt.date], lang: str = "vi") -> go.Figure:
    """Bars of visits attended per month (coloured by met / not met / not counted), the quota as marks."""
    grid = quota_grid(quota, pd.DataFrame({"official_id": [official_id], "full_name": [""]}), months, lang)
    labels = [fmt_month(month, lang) for month in grid["month_start"]]
    figure = go.Figure()
    for state in QUOTA_STATES:
        part = grid["state"] == state
        cells = grid[part].fillna({"attended": 0, "required": 0})
        shown = [f"{int(attended)}/{int(required)}" if state != "not_counted" else ""
                 for attended, required in zip(cells["attended"], cells["required"])]
        figure.add_trace(go.Bar(
            x=[label for label, keep in zip(labels, part) if keep], text=shown, textposition="outside",
            cliponaxis=False,
            y=grid.loc[part, "attended"].fillna(0), name=t(f"people_quota_{state}", lang),
            marker=dict(color=QUOTA_COLOURS[state], line=dict(color="#999999", width=1)),
            hovertemplate="%{x}: %{y}<extra>" + t(f"people_quota_{state}", lang) + "</extra>",
        ))
    counted = grid["required"].notna()
    figure.add_trace(go.Scatter(
        x=[label for label, keep in zip(labels, counted) if keep], y=grid.loc[counted, "required"],
        mode="markers", name=t("people_col_required", lang),
        marker=dict(symbol="line-ew-open", size=28, color="#222222", line=dict(width=3)),
        hovertemplate="%{x}: %{y}<extra>" + t("people_col_required", lang) + "</extra>",
    ))
    base_layout(figure, lang, height=320)
    figure.update_layout(barmode="overlay", hovermode="closest")
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=labels,
                        title_text=t("people_quota_month_axis", lang))
    figure.update_yaxes(title_text=t("people_quota_visits_axis", lang), dtick=1, tickformat=",d")
    return figure


def official_feedback(feedback: pd.DataFrame, official_id: str, lang: str = "vi") -> pd.DataFrame:
    rows = feedback[feedback["official_id"] == official_id]
    frame = rows[["month_start", "recorded", "handled_on_spot", "forwarded", "replied", "held_information"]].copy()
    frame["month_start"] = frame["month_start"].map(lambda day: fmt_month(day, lang))
    return frame.rename(columns={"month_start": "month"}).reset_index(drop=True)


def detail_cards(official: pd.Series, lang: str = "vi") -> list[Card]:
    """The official's headline figures for the detail view."""
    return [
        Card(t("people_col_listed", lang), fmt_int(official["listed"], lang), t("people_help_listed", lang)),
        Card(t("people_col_present", lang), fmt_int(official["present"], lang), t("people_help_present", lang)),
        Card(t("people_col_attendance_rate", lang), fmt_percent(official["attendance_rate"], lang),
             t("people_help_attendance_rate", lang)),
        Card(t("people_col_months_met", lang),
             f"{fmt_int(official['months_met'], lang)}/{fmt_int(official['months_counted'], lang)}",
             t("people_help_months_counted", lang)),
        Card(t("people_col_feedback_recorded", lang), fmt_int(official["feedback_recorded"], lang),
             t("people_help_feedback_recorded", lang)),
    ]


def detail_heading(official: pd.Series, lang: str = "vi") -> tuple[str, str]:
    """('Name · position · agency', 'Communes assigned in the period: ...'), as Markdown (imported text escaped)."""
    position = official["position"] if isinstance(official.get("position"), str) and official["position"] else "—"
    heading = t("people_detail_heading", lang, name=md(official["full_name"]), position=md(position),
                agency=md(official.get("agency_name") or official["agency_id"]))
    communes = official.get("assigned_communes")
    if isinstance(communes, str) and communes:
        return heading, t("people_detail_communes", lang, communes=md(communes))
    return heading, t("people_detail_no_communes", lang)
