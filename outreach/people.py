"""Officials (Cán bộ) and agencies (Đơn vị): search, flag wording, evidence tables, quota heatmap,
scorecard reasons and the score trend. Built from query results; imports without Streamlit.

The numbers come from queries/official_*.sql and queries/agency_*.sql; this module only words them
(Vietnamese first), filters, sorts and pages the tables, and draws the figures.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import pandas as pd
import plotly.graph_objects as go

from outreach.charts import base_layout
from outreach.i18n import fmt_int, fmt_month, fmt_number, fmt_percent, t
from outreach.periods import add_months, month_end

FLAGS = ("listed_never_present", "rarely_present", "under_quota", "holding_information")
RATES = ("coverage_rate", "attendance_rate", "quota_rate", "on_time_rate")
WEIGHT_SETTINGS = {"coverage_rate": "weight_coverage", "attendance_rate": "weight_attendance",
                   "quota_rate": "weight_quota", "on_time_rate": "weight_on_time"}
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
FLAG_FILTERS = ("all", "any", *FLAGS, "none")


# ---------------------------------------------------------------- search


def fold(text: Any) -> str:
    """Text for comparison: NFC, accents removed (đ -> d), lower case, inner spaces folded."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _fold_text(str(text))


@functools.lru_cache(maxsize=1 << 18)
def _fold_text(text: str) -> str:
    # Cached: the same names are folded on every rerun of the officials page (27,950 distinct
    # names nationally, 0.3 s uncached).
    value = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    value = "".join(ch for ch in unicodedata.normalize("NFD", value) if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", value).strip().lower()


def map_unique(values: pd.Series, function) -> pd.Series:
    """values.map(function), calling it once per distinct value (names, flag lists repeat a lot:
    a national table has 200,000 officials)."""
    distinct = values.drop_duplicates()
    return values.map(pd.Series([function(value) for value in distinct], index=distinct, dtype=object))


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


# ---------------------------------------------------------------- flags in words


@dataclass(frozen=True)
class Thresholds:
    """The [flags] settings (outreach/defaults.toml), as the queries receive them."""

    never_present_min_listed: int
    rarely_present_min_listed: int
    rarely_present_max_rate: float
    under_quota_min_months: int
    holding_min_items: int
    held_after_days: int

    @classmethod
    def from_settings(cls, values: dict[str, Any]) -> "Thresholds":
        return cls(
            never_present_min_listed=int(values["never_present_min_listed"]),
            rarely_present_min_listed=int(values["rarely_present_min_listed"]),
            rarely_present_max_rate=float(values["rarely_present_max_rate"]),
            under_quota_min_months=int(values["under_quota_min_months"]),
            holding_min_items=int(values["holding_min_items"]),
            held_after_days=int(values["held_after_days"]),
        )


def flag_codes(value: Any) -> list[str]:
    """'under_quota;holding_information' -> the codes, in FLAGS order."""
    if not isinstance(value, str) or not value:
        return []
    present = set(value.split(";"))
    return [code for code in FLAGS if code in present]


def flag_label(code: str, lang: str = "vi") -> str:
    return t(f"people_flag_{code}", lang)


def flag_labels(value: Any, lang: str = "vi") -> str:
    return ", ".join(flag_label(code, lang) for code in flag_codes(value))


def flag_rule(code: str, thresholds: Thresholds, lang: str = "vi") -> str:
    """The rule of a flag in words, with the configured thresholds."""
    return t(f"people_rule_{code}", lang,
             listed=fmt_int(thresholds.never_present_min_listed if code == "listed_never_present"
                            else thresholds.rarely_present_min_listed, lang),
             rate=fmt_percent(thresholds.rarely_present_max_rate, lang, digits=0),
             months=fmt_int(thresholds.under_quota_min_months, lang),
             items=fmt_int(thresholds.holding_min_items, lang),
             days=fmt_int(thresholds.held_after_days, lang))


def flag_headline(code: str, official: pd.Series | dict, evidence_count: int, thresholds: Thresholds,
                  lang: str = "vi") -> str:
    """What the record shows, in plain facts ("listed on 5 visits, present at none").

    official is the official's official_participation row.
    """
    listed_counted = int(official["listed"]) - int(official["excused"])
    excused = int(official["excused"])
    if code == "listed_never_present":
        text = t("people_headline_listed_never_present", lang, listed=fmt_int(evidence_count, lang))
    elif code == "rarely_present":
        present = listed_counted - int(official["absent"])
        text = t("people_headline_rarely_present", lang, listed=fmt_int(evidence_count, lang),
                 present=fmt_int(present, lang),
                 rate=fmt_percent(present / evidence_count if evidence_count else None, lang))
    elif code == "under_quota":
        unmet = int(official["months_counted"]) - int(official["months_met"])
        return t("people_headline_under_quota", lang, months=fmt_int(evidence_count, lang),
                 unmet=fmt_int(unmet, lang), counted=fmt_int(official["months_counted"], lang))
    else:
        return t("people_headline_holding_information", lang, items=fmt_int(evidence_count, lang),
                 days=fmt_int(thresholds.held_after_days, lang))
    if excused:
        text += t("people_headline_excused", lang, excused=fmt_int(excused, lang))
    return text


def flag_counts(participation: pd.DataFrame) -> dict[str, int]:
    """Officials per flag, and 'any' = officials with at least one flag."""
    per_list = participation["flags"].fillna("").value_counts()
    counts = {code: int(sum(n for value, n in per_list.items() if code in flag_codes(value))) for code in FLAGS}
    counts["any"] = int(sum(n for value, n in per_list.items() if flag_codes(value)))
    return counts


def flagged_officials(flags: pd.DataFrame, participation: pd.DataFrame, profile: pd.DataFrame,
                      thresholds: Thresholds, lang: str = "vi") -> pd.DataFrame:
    """One row per official and flag, with the label, the facts, the rule and the evidence summary.

    flags is official_flags; participation official_participation; profile official_profile.
    """
    columns = ["official_id", "full_name", "agency_id", "agency_name", "flag", "flag_label", "headline", "rule",
               "evidence_count", "evidence_summary"]
    if flags.empty:
        return pd.DataFrame(columns=columns)
    rows = flags.merge(participation, on="official_id", how="left", suffixes=("", "_participation"))
    rows = rows.merge(profile[["official_id", "agency_name"]], on="official_id", how="left")
    rows["flag_label"] = map_unique(rows["flag"], lambda code: flag_label(code, lang))
    rows["rule"] = map_unique(rows["flag"], lambda code: flag_rule(code, thresholds, lang))
    fact_columns = ["flag", "evidence_count", "listed", "excused", "absent", "months_counted", "months_met"]
    # Headlines depend only on these small counts: format each distinct combination once (a
    # national list has 17,000 flags and a few thousand combinations).
    headlines: dict[tuple, str] = {}
    texts = []
    for values in rows[fact_columns].itertuples(index=False, name=None):
        if values not in headlines:
            row = dict(zip(fact_columns, values))
            headlines[values] = flag_headline(row["flag"], row, int(row["evidence_count"]), thresholds, lang)
        texts.append(headlines[values])
    rows["headline"] = texts
    order = {code: index for index, code in enumerate(FLAGS)}
    rows = rows.assign(_order=rows["flag"].map(order), _name=map_unique(rows["full_name"], fold))
    return rows.sort_values(["_order", "_name", "official_id"])[columns].reset_index(drop=True)


EVIDENCE_COLUMNS = {
    "visit": ["evidence_date", "commune_name", "evidence_id", "lead_agency_name", "attendance_status"],
    "month": ["evidence_date", "attended", "required", "run_months"],
    "feedback": ["evidence_id", "evidence_date", "commune_name", "topic", "forwarded_to_name", "forwarded_date",
                 "replied_date"],
}


def evidence_rows(evidence: pd.DataFrame, official_id: str, flag: str) -> pd.DataFrame:
    """The evidence of one flag of one official (official_flag_evidence rows), in date order."""
    rows = evidence[(evidence["official_id"] == official_id) & (evidence["flag"] == flag)]
    if rows.empty:
        return rows
    kind = rows["evidence_type"].iloc[0]
    return rows[EVIDENCE_COLUMNS[kind]].reset_index(drop=True)


def evidence_table(evidence: pd.DataFrame, official_id: str, flag: str, lang: str = "vi") -> pd.DataFrame:
    """evidence_rows with words for codes and named columns (see column_config), ready for a table."""
    frame = evidence_rows(evidence, official_id, flag)
    if frame.empty:
        return frame
    if "attendance_status" in frame:
        frame["attendance_status"] = frame["attendance_status"].map(lambda code: status_label(code, lang))
    if flag == "under_quota":
        frame["evidence_date"] = frame["evidence_date"].map(lambda day: fmt_month(day, lang))
        return frame.rename(columns={"evidence_date": "month"})
    kind = "visit_id" if flag in ("listed_never_present", "rarely_present") else "feedback_id"
    return frame.rename(columns={"evidence_id": kind, "evidence_date": "visit_date" if kind == "visit_id"
                                 else "received_date"})


def status_label(code: Any, lang: str = "vi") -> str:
    if not isinstance(code, str):
        return "—"
    return t(f"people_status_{code}", lang)


def rule_lines(thresholds: Thresholds, lang: str = "vi") -> list[tuple[str, str]]:
    """(label, rule) of every flag, for the page and the workbook."""
    return [(flag_label(code, lang), flag_rule(code, thresholds, lang)) for code in FLAGS]


def rules_markdown(thresholds: Thresholds, lang: str = "vi") -> str:
    return "\n".join(f"- **{label}**: {rule}" for label, rule in rule_lines(thresholds, lang))


# ---------------------------------------------------------------- the officials table


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
                     flag: str = "all") -> pd.DataFrame:
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


def page_caption(page: Page, lang: str = "vi") -> str:
    return t("people_page_caption", lang, first=fmt_int(page.first, lang), last=fmt_int(page.last, lang),
             total=fmt_int(page.total, lang), number=fmt_int(page.number, lang), pages=fmt_int(page.pages, lang))


# A choice list longer than this is cut (a national list has 200,000 officials: every option is
# sent to the browser and formatted on every rerun). The search box narrows the list.
SELECT_MAX = 1000


def capped_options(ids: list[str], keep: str | None = None, limit: int = SELECT_MAX) -> tuple[list[str], int]:
    """The first `limit` ids (in the list's order), plus `keep` (e.g. the id in a shared link) when
    it is among all the ids but beyond the cut. Returns (options, how many ids there were)."""
    options = list(ids[:limit])
    if keep is not None and len(ids) > limit and keep not in options and keep in set(ids[limit:]):
        options.append(keep)
    return options, len(ids)


def official_options(table: pd.DataFrame, keep: str | None = None, limit: int = SELECT_MAX) -> tuple[list[str], int]:
    return capped_options(table["official_id"].tolist(), keep, limit)


def official_option_label(table: pd.DataFrame, lang: str = "vi", ids: list[str] | None = None) -> Callable[[str], str]:
    """Labels 'Nguyễn Văn An (CB001) — Sở X' of `ids` (default: every official of the table)."""
    if ids is not None:
        table = table[table["official_id"].isin(ids)]
    labels = dict(zip(table["official_id"], table["full_name"] + " (" + table["official_id"] + ") — "
                      + table["agency_name"].fillna("")))
    return lambda official_id: labels.get(official_id, official_id)


def options_caption(shown: int, total: int, lang: str = "vi") -> str | None:
    """'Showing the first 1,000 of 199,162 …' when a choice list was cut, else None."""
    if total <= shown:
        return None
    return t("people_options_capped", lang, shown=fmt_int(shown, lang), total=fmt_int(total, lang))


# ---------------------------------------------------------------- column headers


PERCENT_COLUMNS = {"attendance_rate", "quota_rate", "coverage_rate", "on_time_rate"}
INTEGER_COLUMNS = {"listed", "present", "late", "absent", "excused", "months_counted", "months_met",
                   "feedback_recorded", "officials", "held_items", "rank", "required", "attended", "run_months",
                   "evidence_count", "recorded", "handled_on_spot", "forwarded", "replied", "held_information",
                   "communes_assigned"}
DATE_COLUMNS = {"evidence_date", "forwarded_date", "replied_date", "visit_date", "received_date"}
WIDTHS = {"headline": "large", "evidence_summary": "large", "full_name": "medium", "agency_name": "medium",
          "assigned_communes": "medium", "lead_agency_name": "medium", "flag_label": "medium"}


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Rates rounded to 0.1 percentage point and the score to 0.1 for the screen.

    Streamlit truncates a number to the column's step; rounding first makes the shown digit the
    rounded one (0.9759 shows 97,6%, not 97,5%).
    """
    result = frame.copy()
    for column in PERCENT_COLUMNS & set(result.columns):
        result[column] = result[column].astype(float).round(3)
    if "score" in result.columns:
        result["score"] = result["score"].astype(float).round(1)
    return result


def column_label(column: str, lang: str = "vi") -> str:
    return t(f"people_col_{column}", lang)


def column_config(factory: Any, columns: Iterable[str], lang: str = "vi") -> dict[str, Any]:
    """st.column_config entries (Vietnamese headers; rates as percent, dates dd/mm/yyyy).

    factory is the st.column_config module, passed in so that this module needs no Streamlit.
    """
    config: dict[str, Any] = {}
    for column in columns:
        label = column_label(column, lang)
        help_key = f"people_help_{column}"
        help_text = t(help_key, lang) if _has_text(help_key) else None
        width = WIDTHS.get(column)
        if column in PERCENT_COLUMNS:
            # step 0.001 = one decimal of a percentage, in the browser's locale (87,5% in vi-VN).
            config[column] = factory.NumberColumn(label, format="percent", step=0.001, help=help_text, width=width)
        elif column == "score":
            config[column] = factory.NumberColumn(label, format="localized", step=0.1, help=help_text, width=width)
        elif column in INTEGER_COLUMNS:
            config[column] = factory.NumberColumn(label, format="localized", help=help_text, width=width)
        elif column in DATE_COLUMNS:
            config[column] = factory.DateColumn(label, format="DD/MM/YYYY", help=help_text, width=width)
        else:
            config[column] = factory.TextColumn(label, help=help_text, width=width)
    return config


def _has_text(key: str) -> bool:
    try:
        t(key)
    except KeyError:
        return False
    return True


# ---------------------------------------------------------------- quota heatmap


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


def quota_grid(quota: pd.DataFrame, officials: pd.DataFrame, months: list[dt.date]) -> pd.DataFrame:
    """One row per official x month (every month of `months`): required, attended, state.

    officials: official_id and full_name of the officials to show; months without a quota row are
    'not_counted'.
    """
    grid = pd.MultiIndex.from_product([officials["official_id"], months], names=["official_id", "month_start"])
    grid = grid.to_frame(index=False)
    rows = quota.assign(month_start=pd.to_datetime(quota["month_start"]).dt.date)
    grid = grid.merge(rows[["official_id", "month_start", "required", "attended", "is_counted", "is_met"]],
                      on=["official_id", "month_start"], how="left")
    grid["state"] = [
        "not_counted" if pd.isna(counted) or not counted else ("met" if met else "not_met")
        for counted, met in zip(grid["is_counted"], grid["is_met"])
    ]
    return grid.merge(officials[["official_id", "full_name"]], on="official_id", how="left")


def quota_heatmap(quota: pd.DataFrame, officials: pd.DataFrame, months: list[dt.date], lang: str = "vi") -> go.Figure:
    """Official x month: met / not met / not counted, with attended/required in each counted cell."""
    grid = quota_grid(quota, officials, months)
    order = list(officials["official_id"])
    names = dict(zip(officials["official_id"], officials["full_name"] + " (" + officials["official_id"] + ")"))
    month_labels = [fmt_month(month, lang) for month in months]
    codes = {state: index for index, state in enumerate(QUOTA_STATES)}
    state_words = {state: t(f"people_quota_{state}", lang) for state in QUOTA_STATES}
    counted = grid["state"] != "not_counted"
    grid["code"] = grid["state"].map(codes)
    grid["label"] = [f"{int(a)}/{int(r)}" if keep else "" for a, r, keep in
                     zip(grid["attended"].fillna(0), grid["required"].fillna(0), counted)]
    grid["hover"] = [
        t("people_quota_hover", lang, name=names[official], month=fmt_month(month, lang),
          attended=fmt_int(attended, lang), required=fmt_int(required, lang), state=state_words[state])
        if state != "not_counted" else
        t("people_quota_hover_not_counted", lang, name=names[official], month=fmt_month(month, lang),
          required=fmt_int(required, lang))
        for official, month, attended, required, state in
        zip(grid["official_id"], grid["month_start"], grid["attended"], grid["required"], grid["state"])
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
        z=z, x=month_labels, y=[names[official_id] for official_id in order], text=text, customdata=hover,
        texttemplate="%{text}", hovertemplate="%{customdata}<extra></extra>", colorscale=colourscale,
        zmin=-0.5, zmax=2.5, showscale=False, xgap=2, ygap=2,
    ))
    for state in QUOTA_STATES:  # legend entries (a heatmap has none of its own)
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=state_words[state],
                                    marker=dict(symbol="square", size=14, color=QUOTA_COLOURS[state],
                                                line=dict(color="#999999", width=1)),
                                    hoverinfo="skip", showlegend=True))
    height = max(260, 130 + 26 * len(order))
    base_layout(figure, lang, height=height)
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


# ---------------------------------------------------------------- one official


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
    grid = quota_grid(quota, pd.DataFrame({"official_id": [official_id], "full_name": [""]}), months)
    return pd.DataFrame({
        "month": [fmt_month(month, lang) for month in grid["month_start"]],
        "required": grid["required"].astype("Int64"),
        "attended": grid["attended"].astype("Int64"),
        "quota_state": grid["state"].map(lambda state: t(f"people_quota_{state}", lang)),
    })


def official_quota_figure(quota: pd.DataFrame, official_id: str, months: list[dt.date], lang: str = "vi") -> go.Figure:
    """Bars of visits attended per month (coloured by met / not met / not counted), the quota as marks."""
    grid = quota_grid(quota, pd.DataFrame({"official_id": [official_id], "full_name": [""]}), months)
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


# ---------------------------------------------------------------- agencies


def weights(settings: dict[str, Any]) -> dict[str, float]:
    """Rate -> weight, from the [scorecard] settings."""
    return {rate: float(settings[key]) for rate, key in WEIGHT_SETTINGS.items()}


def weights_line(settings: dict[str, Any], lang: str = "vi") -> str:
    parts = [f"{t(f'people_col_{rate}', lang)} × {fmt_number(weight, lang, digits=1 if weight % 1 else 0)}"
             for rate, weight in weights(settings).items()]
    return t("people_weights_line", lang, weights=" · ".join(parts),
             share=fmt_percent(float(settings["group_share"]), lang, digits=0),
             min_officials=fmt_int(settings["min_officials"], lang))


def ranked_medians(scorecard: pd.DataFrame) -> dict[str, float | None]:
    """Median of each rate over the ranked agencies (empty rates left out)."""
    ranked = scorecard[scorecard["is_ranked"].fillna(False).astype(bool)]
    result: dict[str, float | None] = {}
    for rate in RATES:
        values = ranked[rate].dropna()
        result[rate] = float(values.median()) if len(values) else None
    return result


def review_reasons(scorecard: pd.DataFrame, lang: str = "vi") -> dict[str, list[str]]:
    """Why each agency of a review group is there, in words.

    For the group to correct: the rates below the ranked agencies' median (the largest gap first),
    which are what pulled the score down; for the group to commend: the rates above it. Held items
    and an empty on-time rate are mentioned because they matter at the review, though held items
    are not part of the score.
    """
    medians = ranked_medians(scorecard)
    reasons: dict[str, list[str]] = {}
    for _, row in scorecard[scorecard["review_group"].isin(["commend", "correct"])].iterrows():
        correct = row["review_group"] == "correct"
        gaps = []
        for rate in RATES:
            value, median = row[rate], medians[rate]
            if pd.isna(value) or median is None:
                continue
            gap = (median - value) if correct else (value - median)
            if gap > 1e-12:
                gaps.append((gap, rate, value, median))
        lines = [
            t("people_reason_below" if correct else "people_reason_above", lang,
              rate=t(f"people_col_{rate}", lang), value=fmt_percent(value, lang),
              median=fmt_percent(median, lang), detail=_rate_detail(row, rate, lang))
            for gap, rate, value, median in sorted(gaps, key=lambda item: -item[0])
        ]
        if correct and not lines:
            lines.append(t("people_reason_lowest_score", lang))
        if not correct and not lines:
            lines.append(t("people_reason_highest_score", lang))
        if pd.isna(row["on_time_rate"]):
            lines.append(t("people_reason_no_on_time", lang))
        if correct and int(row["held_items"]) > 0:
            lines.append(t("people_reason_held_items", lang, items=fmt_int(row["held_items"], lang)))
        reasons[row["agency_id"]] = lines
    return reasons


def _rate_detail(row: pd.Series, rate: str, lang: str) -> str:
    numerator, divisor, unit = {
        "coverage_rate": ("communes_covered", "communes_assigned", "people_unit_communes"),
        "attendance_rate": ("listed_present", "listed_not_excused", "people_unit_listings"),
        "quota_rate": ("months_met", "months_counted", "people_unit_months"),
        "on_time_rate": ("replied_on_time", "replied_or_overdue", "people_unit_items"),
    }[rate]
    return t(unit, lang, part=fmt_int(row[numerator], lang), whole=fmt_int(row[divisor], lang))


def group_label(code: Any, lang: str = "vi") -> str:
    if code not in ("commend", "correct"):
        return ""
    return t(f"people_group_{code}", lang)


SCORECARD_COLUMNS = ["rank", "agency_name", "officials", "coverage_rate", "attendance_rate", "quota_rate",
                     "on_time_rate", "held_items", "score", "review_group_label"]


def scorecard_table(scorecard: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The scorecard for the screen: score to one decimal, the group in words."""
    table = for_display(scorecard)
    table["review_group_label"] = table["review_group"].map(lambda code: group_label(code, lang))
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


# ---------------------------------------------------------------- page pieces


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    help: str


def flag_cards(participation: pd.DataFrame, thresholds: Thresholds, lang: str = "vi") -> list[Card]:
    """Officials in scope, officials flagged, and one card per flag with its rule as help."""
    counts = flag_counts(participation)
    cards = [
        Card(t("people_kpi_officials", lang), fmt_int(len(participation), lang),
             t("people_help_officials_in_scope", lang)),
        Card(t("people_kpi_flagged", lang), fmt_int(counts["any"], lang), t("people_help_officials_flagged", lang)),
    ]
    cards += [Card(flag_label(code, lang), fmt_int(counts[code], lang), flag_rule(code, thresholds, lang))
              for code in FLAGS]
    return cards


def flag_filter_label(lang: str = "vi") -> Callable[[str], str]:
    def label(value: str) -> str:
        return flag_label(value, lang) if value in FLAGS else t(f"people_flag_filter_{value}", lang)
    return label


@dataclass(frozen=True)
class FlagBlock:
    code: str
    label: str
    rule: str
    headline: str
    evidence_title: str
    evidence: pd.DataFrame


EVIDENCE_TITLES = {"listed_never_present": "people_evidence_visits", "rarely_present": "people_evidence_visits",
                   "under_quota": "people_evidence_months", "holding_information": "people_evidence_items"}


def flag_blocks(official_id: str, flagged: pd.DataFrame, evidence: pd.DataFrame, lang: str = "vi") -> list[FlagBlock]:
    """For one official: each flag's label, rule, facts and evidence table (people.flagged_officials rows)."""
    rows = flagged[flagged["official_id"] == official_id]
    return [
        FlagBlock(code=code, label=label, rule=rule, headline=headline,
                  evidence_title=t(EVIDENCE_TITLES[code], lang),
                  evidence=evidence_table(evidence, official_id, code, lang))
        for code, label, rule, headline in zip(rows["flag"], rows["flag_label"], rows["rule"], rows["headline"])
    ]


def flagged_options(flagged: pd.DataFrame, keep: str | None = None, limit: int = SELECT_MAX) -> tuple[list[str], int]:
    return capped_options(list(dict.fromkeys(flagged["official_id"])), keep, limit)


def flagged_option_label(flagged: pd.DataFrame, lang: str = "vi", ids: list[str] | None = None) -> Callable[[str], str]:
    """Labels 'name (id) — flag, flag' of `ids` (default: every flagged official)."""
    if ids is not None:
        flagged = flagged[flagged["official_id"].isin(ids)]
    labels: dict[str, str] = {}
    for official_id, name, label in zip(flagged["official_id"], flagged["full_name"], flagged["flag_label"]):
        # Rows of one official are consecutive or not: append its flags in row order either way.
        labels[official_id] = (f"{labels[official_id]}, {label}" if official_id in labels
                               else f"{name} ({official_id}) — {label}")
    return lambda official_id: labels.get(official_id, official_id)


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
    """('Name · position · agency', 'Communes assigned in the period: ...')."""
    position = official["position"] if isinstance(official.get("position"), str) and official["position"] else "—"
    heading = t("people_detail_heading", lang, name=official["full_name"], position=position,
                agency=official.get("agency_name") or official["agency_id"])
    communes = official.get("assigned_communes")
    if isinstance(communes, str) and communes:
        return heading, t("people_detail_communes", lang, communes=communes)
    return heading, t("people_detail_no_communes", lang)


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
        card = t("people_group_card", lang, rank=fmt_int(row["rank"], lang), name=row["agency_name"],
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
