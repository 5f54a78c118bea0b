"""Beyond the roster in words and tables (docs/metrics.md, "Beyond the roster"): what each quota
requirement lacked in a month ("thiếu 1 buổi sinh hoạt chi bộ"), the heads filter's columns, heard
elsewhere first per official, the agency review's heads' dialogues line. The numbers come from
queries/official_quota_months.sql, official_participation.sql, heard_elsewhere_*.sql,
multi_commune_presence.sql and agency_head_dialogues.sql; this module only words them (no
Streamlit)."""

from __future__ import annotations

import pandas as pd

from outreach.i18n import fmt_int, t

HEAD_COLUMNS = ["official_id", "full_name", "agency_name", "position", "dialogues_held", "months_without_dialogue",
                "flag_labels"]
HEARD_COLUMNS = ["full_name", "official_id", "agency_name", "heard_elsewhere_first", "communes", "commune_names",
                 "first_received_date", "last_received_date"]
MANY_PLACES_COLUMNS = ["full_name", "official_id", "agency_name", "visit_date", "communes", "commune_codes",
                       "visit_ids"]


def requirement_label(code: str, lang: str = "vi") -> str:
    """'any' -> 'bất kỳ'; a visit type -> its name in lower case ('sinh hoạt chi bộ')."""
    if code == "any":
        return t("people_quota_requirement_any", lang)
    return t(f"people_visit_type_{code}", lang).lower()


def missing_text(rows: pd.DataFrame, lang: str = "vi") -> str:
    """The official_quota_months rows of one official and month in words: what was missing, or that
    every requirement was met ("thiếu 1 buổi sinh hoạt chi bộ")."""
    missing = rows[rows["missing"] > 0]
    if missing.empty:
        return t("people_quota_all_met", lang)
    return "; ".join(t("people_quota_missing", lang, count=fmt_int(count, lang), kind=requirement_label(code, lang))
                     for code, count in zip(missing["requirement"], missing["missing"]))


def month_texts(quota: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """One row per official and month: the month's columns and `quota_detail`, each requirement in
    words (required, counted) and what was missing."""
    if "requirement" not in quota:
        return quota.assign(quota_detail="")
    if quota.empty:
        return quota.assign(quota_detail=pd.Series(dtype=str)).drop(
            columns=["requirement", "requirement_required", "counted", "missing", "visits_of_type"], errors="ignore")
    texts = {}
    for (official, month), rows in quota.groupby(["official_id", "month_start"], sort=False):
        parts = [f"{requirement_label(code, lang)} {fmt_int(counted, lang)}/{fmt_int(required, lang)}"
                 for code, counted, required in zip(rows["requirement"], rows["counted"], rows["requirement_required"])]
        detail = ", ".join(parts)
        if len(rows) > 1 or rows["missing"].gt(0).any():
            detail += f" — {missing_text(rows, lang)}"
        texts[(official, month)] = detail
    months = quota.drop_duplicates(["official_id", "month_start"]).copy()
    months["quota_detail"] = [texts[(o, m)] for o, m in zip(months["official_id"], months["month_start"])]
    return months.drop(columns=["requirement", "requirement_required", "counted", "missing", "visits_of_type"])


def heads_only(table: pd.DataFrame) -> pd.DataFrame:
    """The heads of the officials table (is_head), most months without a dialogue first."""
    heads = table[table["is_head"].fillna(False).astype(bool)]
    return heads.sort_values(["months_without_dialogue", "full_name_folded"], ascending=[False, True],
                             na_position="last")


def agency_heads_line(row: pd.Series | dict, settings: dict, lang: str = "vi") -> str:
    """One agency's heads' dialogues, a fact of the review (never in the score)."""
    return t("agency_heads_line", lang, heads=fmt_int(row["heads"], lang), dialogues=fmt_int(row["dialogues_held"], lang),
             flagged=fmt_int(row["heads_without_dialogue"], lang),
             head_without_dialogue_min_months=fmt_int(settings["head_without_dialogue_min_months"], lang))
