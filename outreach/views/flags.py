"""Flags on officials in words: the rule of each flag from the settings, headlines, evidence tables and
the flag cards and blocks of the officials page. The flags themselves come from
queries/official_flags.sql and queries/official_flag_evidence.sql (docs/metrics.md, "Flags")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

from outreach.i18n import fmt_int, fmt_month, fmt_percent, t
from outreach.views.columns import Card, SELECT_MAX, capped_options, fold, map_unique


FLAGS = ("listed_never_present", "rarely_present", "under_quota", "holding_information", "head_without_dialogue",
         "last_minute_quota")


SECTION_6_FLAGS = FLAGS[:4]


FLAG_FILTERS = ("all", "any", *FLAGS, "none")


@dataclass(frozen=True)
class Thresholds:
    """The [flags] settings (outreach/defaults.toml), as the queries receive them."""

    never_present_min_listed: int
    rarely_present_min_listed: int
    rarely_present_max_rate: float
    under_quota_min_months: int
    holding_min_items: int
    held_after_days: int
    head_without_dialogue_min_months: int = 3
    last_minute_days: int = 3
    last_minute_min_months: int = 3
    last_minute_min_share: float = 0.5

    @classmethod
    def from_settings(cls, values: dict[str, Any]) -> "Thresholds":
        return cls(
            never_present_min_listed=int(values["never_present_min_listed"]),
            rarely_present_min_listed=int(values["rarely_present_min_listed"]),
            rarely_present_max_rate=float(values["rarely_present_max_rate"]),
            under_quota_min_months=int(values["under_quota_min_months"]),
            holding_min_items=int(values["holding_min_items"]),
            held_after_days=int(values["held_after_days"]),
            head_without_dialogue_min_months=int(values["head_without_dialogue_min_months"]),
            last_minute_days=int(values["last_minute_days"]),
            last_minute_min_months=int(values["last_minute_min_months"]),
            last_minute_min_share=float(values["last_minute_min_share"]),
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
    if code == "head_without_dialogue":
        return t("people_rule_head_without_dialogue", lang, months=fmt_int(thresholds.head_without_dialogue_min_months, lang))
    if code == "last_minute_quota":
        return t("people_rule_last_minute_quota", lang, months=fmt_int(thresholds.last_minute_min_months, lang),
                 days=fmt_int(thresholds.last_minute_days, lang),
                 share=fmt_percent(thresholds.last_minute_min_share, lang, digits=0))
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
    elif code == "head_without_dialogue":
        held = official.get("dialogues_held")
        return t("people_headline_head_without_dialogue", lang, months=fmt_int(evidence_count, lang),
                 held=fmt_int(0 if held is None or pd.isna(held) else held, lang))
    elif code == "last_minute_quota":
        return t("people_headline_last_minute_quota", lang, months=fmt_int(evidence_count, lang),
                 met=fmt_int(official["months_met"], lang))
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
    # "Officials flagged" counts the flags of "Flags on officials" only, as the overview does; those of
    # "Beyond the roster" are counted beside it (docs/metrics.md, edge rule 17).
    counts["any"] = int(sum(n for value, n in per_list.items() if set(flag_codes(value)) & set(SECTION_6_FLAGS)))
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
    fact_columns = ["flag", "evidence_count", "listed", "excused", "absent", "months_counted", "months_met",
                    "dialogues_held"]
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
    if flag in ("head_without_dialogue", "last_minute_quota"):
        return rows[["evidence_type", "evidence_date", "commune_name", "evidence_id", "lead_agency_name", "attended",
                     "required"]].reset_index(drop=True)
    kind = rows["evidence_type"].iloc[0]
    return rows[EVIDENCE_COLUMNS[kind]].reset_index(drop=True)


def evidence_table(evidence: pd.DataFrame, official_id: str, flag: str, lang: str = "vi") -> pd.DataFrame:
    """evidence_rows with words for codes and named columns (see column_config), ready for a table."""
    frame = evidence_rows(evidence, official_id, flag)
    if frame.empty:
        return frame
    if "attendance_status" in frame:
        frame["attendance_status"] = frame["attendance_status"].map(lambda code: status_label(code, lang))
    if flag in ("head_without_dialogue", "last_minute_quota"):
        months = frame["evidence_type"] != "visit"
        return pd.DataFrame({
            "month": [fmt_month(day, lang) for day in frame["evidence_date"]],
            "visit_date": frame["evidence_date"].where(~months),
            "commune_name": frame["commune_name"],
            "visit_id": frame["evidence_id"].where(~months),
            "lead_agency_name": frame["lead_agency_name"],
            "attended": frame["attended"].astype("Int64"),
            "required": frame["required"].astype("Int64"),
        })
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
                   "under_quota": "people_evidence_months", "holding_information": "people_evidence_items",
                   "head_without_dialogue": "people_evidence_months", "last_minute_quota": "people_evidence_months"}


def flag_blocks(official_id: str, flagged: pd.DataFrame, evidence: pd.DataFrame, lang: str = "vi") -> list[FlagBlock]:
    """For one official: each flag's label, rule, facts and evidence table (flags.flagged_officials rows)."""
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
