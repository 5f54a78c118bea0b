"""What the rules of docs/metrics.md "Beyond the roster" find on a demo export, read with plain pandas
(independent of the SQL), for ground_truth.json: typed quota months not met, heads without a
dialogue, quotas met at month end, items heard elsewhere first, empty visits and officials present
in too many places, over the default period with the default settings."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd

from outreach.query.periods import add_months, month_end

HEAD_MIN_MONTHS = 3
LAST_DAYS = 3
LAST_MIN_MONTHS = 3
LAST_MIN_SHARE = 0.5
WINDOW_DAYS = 30
MIN_COMMUNES = 3


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(text.split())


def _months(start: dt.date, as_of: dt.date) -> list[dt.date]:
    months, month = [], start
    while month_end(month) <= as_of:
        months.append(month)
        month = add_months(month, 1)
    return months


def _quota_met(counting: list[str], assigned: list[tuple[str, int]]) -> bool | None:
    """Section 9.1 for one official and month: None when not counted. counting: the visit type of
    each distinct counted visit; assigned: (visit type or "", visits required) per assignment."""
    required = sum(need for _, need in assigned)
    if required == 0:
        return None
    typed: dict[str, int] = {}
    for visit_type, need in assigned:
        if visit_type != "":
            typed[visit_type] = typed.get(visit_type, 0) + need
    used = 0
    for visit_type, need in sorted(typed.items()):
        have = counting.count(visit_type)
        if have < need:
            return False
        used += min(have, need)
    return len(counting) - used >= required - sum(typed.values())


def find(frames: dict[str, pd.DataFrame], *, period_start: dt.date, as_of: dt.date) -> dict:
    visits, attendance = frames["visits"], frames["attendance"]
    assignments = frames["assignments"].fillna("")
    officials, feedback = frames["officials"], frames["feedback"]
    first, last = period_start.isoformat(), as_of.isoformat()
    held = visits[(visits.status == "held") & (visits.visit_date >= first) & (visits.visit_date <= last)]
    present = attendance[attendance.status.isin(["present", "late"])].merge(
        held[["visit_id", "visit_date", "commune_code", "visit_type"]], on="visit_id")
    present = present.assign(month=present.visit_date.str[:7])
    months = _months(period_start, as_of)

    typed_officials = set(assignments.loc[assignments.visit_type != "", "official_id"])
    unmet_typed, last_minute_months, met_months = [], {}, {}
    # Plain Python over the rows (a pandas filter per official and month took minutes on the demo).
    by_official_month: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {}
    for row in present[["official_id", "month", "visit_id", "commune_code", "visit_type", "visit_date"]].itertuples(index=False):
        by_official_month.setdefault((row.official_id, row.month), []).append(
            (row.visit_id, row.commune_code, row.visit_type, row.visit_date))
    assignment_rows = list(assignments[["official_id", "commune_code", "visit_type", "required_visits_per_month",
                                        "assigned_from", "assigned_to"]].itertuples(index=False))
    for month in months:
        m_first, m_last = month.isoformat(), month_end(month).isoformat()
        active: dict[str, list] = {}
        for a in assignment_rows:
            if a.assigned_from <= m_first and (a.assigned_to == "" or a.assigned_to >= m_last):
                active.setdefault(a.official_id, []).append(a)
        cutoff = (month_end(month) - dt.timedelta(days=LAST_DAYS)).isoformat()
        for official, assigned in sorted(active.items()):
            communes = {a.commune_code for a in assigned}
            seen, rows = set(), []
            for visit_id, commune, visit_type, visit_date in by_official_month.get((official, m_first[:7]), ()):
                if commune in communes and visit_id not in seen:
                    seen.add(visit_id)
                    rows.append((visit_type, visit_date))
            required = [(a.visit_type, int(a.required_visits_per_month)) for a in assigned]
            met = _quota_met([visit_type for visit_type, _ in rows], required)
            if met is None:
                continue
            if official in typed_officials and not met:
                unmet_typed.append([official, m_first[:7]])
            if met:
                met_months[official] = met_months.get(official, 0) + 1
                if not _quota_met([visit_type for visit_type, day in rows if day <= cutoff], required):
                    last_minute_months[official] = last_minute_months.get(official, 0) + 1
    last_minute = sorted(o for o, n in last_minute_months.items()
                         if n >= LAST_MIN_MONTHS and n >= LAST_MIN_SHARE * met_months[o])

    heads_without = []
    for head in officials[officials.is_head == "true"].itertuples():
        run = longest = 0
        dialogue_months = set(present[(present.official_id == head.official_id)
                                      & (present.visit_type == "doi_thoai")].month)
        for month in months:
            if (head.active_from and head.active_from > month.isoformat()) or \
                    (head.active_to and head.active_to < month_end(month).isoformat()):
                run = 0
                continue
            run = 0 if f"{month:%Y-%m}" in dialogue_months else run + 1
            longest = max(longest, run)
        if longest >= HEAD_MIN_MONTHS:
            heads_without.append(head.official_id)

    items = feedback.assign(key=feedback.topic.map(fold))
    heard_on_visits = items[items.channel.isin(["visit", "dialogue"]) & (items.key != "")]
    latest = heard_on_visits.groupby(["commune_code", "key"]).received_date.apply(sorted).to_dict()
    heard = []
    candidates = items[items.channel.isin(["hotline", "online", "letter", "other"]) & (items.key != "")
                       & (items.received_date >= first) & (items.received_date <= last)]
    for row in candidates.itertuples():
        received = dt.date.fromisoformat(row.received_date)
        window = (received - dt.timedelta(days=WINDOW_DAYS)).isoformat()
        before = [d for d in latest.get((row.commune_code, row.key), ()) if window <= d <= row.received_date]
        if not before:
            heard.append(row.feedback_id)

    named = set(feedback.visit_id) - {""}
    empty = held[(held.citizens_attending.isin(["", "0"])) & ~held.visit_id.isin(named)]
    per_day = present.groupby(["official_id", "visit_date"]).commune_code.nunique()
    many = sorted([official, day] for (official, day), n in per_day.items() if n >= MIN_COMMUNES)
    return {
        "typed_quota_unmet_months": sorted(unmet_typed),
        "head_without_dialogue": sorted(heads_without),
        "last_minute_quota": last_minute,
        "heard_elsewhere_first": sorted(heard),
        "empty_visits": sorted(empty.visit_id),
        "multi_commune_presence": many,
    }
