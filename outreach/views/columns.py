"""The column registry of the officials and agencies views: each column's kind (count, rate, date),
its translated label and its table format; the card record; accent-free name folding; capped choice
lists. Imports without Streamlit."""

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


# ---------------------------------------------------------------- the column registry of downloads

# Where a column's header is found, in order: the officials/agencies, coverage, feedback and data
# pages' labels. A column found in none keeps its code as the header.
LABEL_PREFIXES = ("people_col_", "covcol_", "fb_col_", "dpcol_")


def header(column: str, lang: str = "vi") -> str:
    """The column's header as the pages show it (its code when no page names it)."""
    for prefix in LABEL_PREFIXES:
        if _has_text(prefix + column):
            return t(prefix + column, lang)
    return column


def kind(column: str, series: pd.Series) -> str:
    """percent, date, integer, number, bool or text: how a column is written for a reader."""
    if column in PERCENT_COLUMNS or column.endswith(("_rate", "_share")):
        return "percent"
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if column in DATE_COLUMNS or column.endswith("_date") or pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    return "text"


def for_reader(frame: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The table as a reader downloads it: headers as on screen, rates as 87,5%, dates as
    31/12/2025, numbers with the language's separators, yes/no in words, empty cells empty."""
    from outreach.i18n import fmt_date, fmt_number, fmt_percent

    result: dict[str, list[str]] = {}
    yes, no = t("yes", lang), t("no", lang)
    for column in frame.columns:
        series = frame[column]
        how = kind(column, series)
        if how == "percent":
            values = [fmt_percent(value, lang) for value in series]
        elif how == "date":
            values = [fmt_date(value, lang) for value in series]
        elif how == "integer":
            values = [fmt_int(value, lang) for value in series]
        elif how == "number":
            values = [fmt_number(value, lang, digits=2) for value in series]
        elif how == "bool":
            values = ["—" if pd.isna(value) else (yes if value else no) for value in series]
        else:
            values = ["" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
                      for value in series]
        result[header(column, lang)] = ["" if value == "—" else value for value in values]
    return pd.DataFrame(result, columns=list(result))


def reader_headers(frame: pd.DataFrame, lang: str = "vi") -> dict[str, str]:
    """{code: header} for a workbook that keeps real numbers and dates under the page's headers."""
    return {column: header(column, lang) for column in frame.columns}
