"""The column registry of every table a reader sees (each column's kind, header per page, format and
width: on screen, in downloads and in the review workbook); the card record; accent-free name
folding; capped choice lists. Imports without Streamlit."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

import pandas as pd

from outreach.i18n import fmt_int, t


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


def options_caption(shown: int, total: int, lang: str = "vi") -> str | None:
    """'Showing the first 1,000 of 199,162 …' when a choice list was cut, else None."""
    if total <= shown:
        return None
    return t("people_options_capped", lang, shown=fmt_int(shown, lang), total=fmt_int(total, lang))


PERCENT_COLUMNS = {"attendance_rate", "quota_rate", "coverage_rate", "on_time_rate"}


INTEGER_COLUMNS = {"listed", "present", "late", "absent", "excused", "months_counted", "months_met",
                   "feedback_recorded", "officials", "held_items", "rank", "required", "attended", "run_months",
                   "evidence_count", "recorded", "handled_on_spot", "forwarded", "replied", "held_information",
                   "communes_assigned", "dialogues_held", "months_without_dialogue", "heard_elsewhere_first", "communes",
                   "heads", "heads_without_dialogue", "requirement_required", "counted", "missing"}


DATE_COLUMNS = {"evidence_date", "forwarded_date", "replied_date", "visit_date", "received_date", "first_received_date",
                "last_received_date"}


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


def _has_text(key: str) -> bool:
    try:
        t(key)
    except KeyError:
        return False
    return True


@dataclass(frozen=True)
class Card:
    """One figure card of any page (drawn by outreach/ui/shell.py card_rows): its label, value and
    definition; a grey note under the value (no arrow), or a change against the previous period
    with its colour and arrow and the words after it."""

    label: str
    value: str
    help: str | None = None
    note: str | None = None
    delta: str | None = None
    delta_color: str = "off"
    delta_arrow: str = "off"
    delta_description: str | None = None
    key: str = ""
    previous_missing: bool = False


# ---------------------------------------------------------------- the column registry

# One registry for every table a reader sees: on screen (table_config), in downloads (for_reader,
# reader_headers) and in the review workbook (views/review.py). A column has one kind (how it is
# written), one header per page (the page's own words first: the same code can name a different
# person on two pages, e.g. full_name is the recording official on the feedback page) and a width.

# Where a column's header is found: the page's own labels first, then the others in this order. A
# column found in none keeps its code as the header.
PAGE_PREFIXES = {"people": "people_col_", "coverage": "covcol_", "feedback": "fb_col_", "data": "dpcol_"}
LABEL_PREFIXES = tuple(PAGE_PREFIXES.values())

# Kinds: percent (a 0-1 share, shown 87,5%), percent_bar (the same as a bar), score (one decimal),
# rank, integer, number (two decimals), days (a number of days), date (dd/mm/yyyy), bool, text.
KINDS: dict[str, str] = {
    **{column: "percent" for column in PERCENT_COLUMNS}, **{column: "integer" for column in INTEGER_COLUMNS},
    **{column: "date" for column in DATE_COLUMNS}, "score": "score", "rank": "rank",
    "items": "integer", "open": "integer", "open_overdue": "integer", "replied_on_time": "integer",
    "items_recorded": "integer", "officials_with_held": "integer", "officials_flagged": "integer", "held_share": "percent",
    "median_days_km": "days", "p90_days_km": "days", "median_days_replied_only": "days", "age_days": "days",
    "working_days_open": "days", "days_overdue": "days", "days_to_forward": "days", "days_to_reply": "days",
    "due_effective": "date", "first_held_received": "date", "last_held_received": "date",
    "is_overdue": "bool", "is_held_information": "bool", "is_flagged": "bool", "is_open": "bool",
}
# A page may draw a column its own way: the feedback league's on-time rate as a bar.
PAGE_KINDS = {"feedback": {"on_time_rate": "percent_bar"}}

WIDTHS.update({"group_name": "medium", "summary": "large"})


def value_labels(column: str, lang: str = "vi", page: str | None = None) -> dict[str, str]:
    """{code: words} for a column of codes, as the page writes them (a feedback item's route and status
    on the feedback page; a visit's status and type and an item's channel everywhere else)."""
    from outreach.ingest import contract

    if page == "feedback" and column in ("route", "status"):
        prefix = "fb_route_" if column == "route" else "fb_status_"
        from outreach.i18n import TEXT

        return {key[len(prefix):]: t(key, lang) for key in TEXT if key.startswith(prefix)}
    if lang != "vi":
        return {}
    return {"status": contract.VISIT_STATUSES, "visit_type": contract.VISIT_TYPES,
            "channel": contract.CHANNELS}.get(column, {})


def header(column: str, lang: str = "vi", page: str | None = None) -> str:
    """The column's header as `page` shows it (its code when no page names it)."""
    prefixes = ((PAGE_PREFIXES[page],) if page in PAGE_PREFIXES else ()) + LABEL_PREFIXES
    for prefix in prefixes:
        if _has_text(prefix + column):
            return t(prefix + column, lang)
    return column


def kind(column: str, series: pd.Series | None = None, page: str | None = None) -> str:
    """How a column is written for a reader: the registry's kind, else by its name and type."""
    found = PAGE_KINDS.get(page or "", {}).get(column) or KINDS.get(column)
    if found:
        return found
    if column.endswith(("_rate", "_share")):
        return "percent"
    if series is not None and pd.api.types.is_bool_dtype(series):
        return "bool"
    if column.endswith("_date") or (series is not None and pd.api.types.is_datetime64_any_dtype(series)):
        return "date"
    if series is not None and pd.api.types.is_integer_dtype(series):
        return "integer"
    if series is not None and pd.api.types.is_float_dtype(series):
        return "number"
    return "text"


def table_config(factory: Any, table: pd.DataFrame | Iterable[str], lang: str = "vi", *, page: str | None = None,
                 labels: dict[str, str] | None = None) -> dict[str, Any]:
    """st.column_config for a table on screen, from the registry: the page's headers (or `labels`),
    rates as percentages with one decimal, dates dd/mm/yyyy, numbers in the reader's locale.
    factory is the st.column_config module, passed in so that this module needs no Streamlit."""
    frame = table if isinstance(table, pd.DataFrame) else None
    config: dict[str, Any] = {}
    for column in (table.columns if frame is not None else table):
        label = (labels or {}).get(column) or header(column, lang, page)
        help_key = f"people_help_{column}"
        options = dict(help=t(help_key, lang) if page == "people" and _has_text(help_key) else None,
                       width=WIDTHS.get(column))
        how = kind(column, frame[column] if frame is not None else None, page)
        if how == "percent":
            # step 0.001 = one decimal of a percentage, in the page's locale (87,5% in vi-VN).
            config[column] = factory.NumberColumn(label, format="percent", step=0.001, **options)
        elif how == "percent_bar":
            config[column] = factory.ProgressColumn(label, format="percent", min_value=0.0, max_value=1.0, **options)
        elif how == "score":
            config[column] = factory.NumberColumn(label, format="localized", step=0.1, **options)
        elif how == "rank":
            config[column] = factory.NumberColumn(label, format="%d", **{**options, "width": "small"})
        elif how in ("integer", "number", "days"):
            config[column] = factory.NumberColumn(label, format="localized", **options)
        elif how == "date":
            config[column] = factory.DateColumn(label, format="DD/MM/YYYY", **options)
        elif how == "bool":
            config[column] = factory.CheckboxColumn(label, **options)
        else:
            config[column] = factory.TextColumn(label, **options)
    return config


def for_reader(frame: pd.DataFrame, lang: str = "vi", page: str | None = None) -> pd.DataFrame:
    """The table as a reader downloads it: headers as on screen, rates as 87,5%, dates as
    31/12/2025, numbers with the language's separators, yes/no in words, empty cells empty."""
    from outreach.i18n import fmt_date, fmt_number, fmt_percent

    result: dict[str, list[str]] = {}
    yes, no = t("yes", lang), t("no", lang)
    for column in frame.columns:
        series = frame[column]
        how = kind(column, series, page)
        if how in ("percent", "percent_bar"):
            values = [fmt_percent(value, lang) for value in series]
        elif how == "date":
            values = [fmt_date(value, lang) for value in series]
        elif how in ("integer", "rank"):
            values = [fmt_int(value, lang) for value in series]
        elif how == "score":
            values = [fmt_number(value, lang, digits=1) for value in series]
        elif how in ("number", "days"):
            values = [fmt_number(value, lang, digits=2) for value in series]
        elif how == "bool":
            values = ["—" if pd.isna(value) else (yes if value else no) for value in series]
        else:
            words = value_labels(column, lang, page)
            values = ["" if value is None or (isinstance(value, float) and math.isnan(value))
                      else words.get(value, str(value)) if isinstance(value, str) else str(value) for value in series]
        result[header(column, lang, page)] = ["" if value == "—" else value for value in values]
    return pd.DataFrame(result, columns=list(result))


def reader_headers(frame: pd.DataFrame, lang: str = "vi", page: str | None = None) -> dict[str, str]:
    """{code: header} for a workbook that keeps real numbers and dates under the page's headers."""
    return {column: header(column, lang, page) for column in frame.columns}
