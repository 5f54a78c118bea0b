"""An independent implementation of docs/metrics.md in plain pandas, straight from the export CSVs.

It shares no code with outreach/ or queries/ (only the `holidays` library for working days), so
agreement between the two is evidence that both read the specification the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import holidays
import pandas as pd

DATE_COLUMNS = {
    "visits": ["visit_date"],
    "assignments": ["assigned_from", "assigned_to"],
    "feedback": ["received_date", "forwarded_date", "due_date", "replied_date", "resolved_date"],
}
BOOL_COLUMNS = {"attendance": ["listed"], "feedback": ["handled_on_spot"]}


def load(directory: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in ("communes", "hamlets", "agencies", "officials", "assignments", "visits", "attendance", "feedback"):
        frame = pd.read_csv(directory / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frame = frame.astype(object)
        frame = frame.map(lambda v: None if (not isinstance(v, str) or v == "") else v)
        for column in DATE_COLUMNS.get(name, []):
            frame[column] = frame[column].map(lambda v: dt.date.fromisoformat(v) if isinstance(v, str) else None)
        for column in BOOL_COLUMNS.get(name, []):
            frame[column] = frame[column].map(lambda v: str(v).lower() in ("true", "1", "có", "x"))
        tables[name] = frame
    tables["assignments"]["required_visits_per_month"] = tables["assignments"]["required_visits_per_month"].astype(int)
    tables["communes"]["population"] = pd.to_numeric(tables["communes"]["population"])
    return tables


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def data_as_of(tables: dict[str, pd.DataFrame]) -> dt.date:
    visits, feedback = tables["visits"], tables["feedback"]
    candidates = list(visits.loc[visits["status"] == "held", "visit_date"])
    for column in ("received_date", "forwarded_date", "replied_date", "resolved_date"):
        candidates += [d for d in feedback[column] if d is not None]
    return max(candidates)


class WorkingDays:
    def __init__(self, years: range):
        self.calendar = holidays.country_holidays("VN", years=years)
        self.make_up = set(self.calendar.weekend_workdays)

    def is_working(self, day: dt.date) -> bool:
        return (day.weekday() < 5 or day in self.make_up) and day not in self.calendar

    def nth_after(self, day: dt.date, n: int) -> dt.date:
        count = 0
        while count < n:
            day += dt.timedelta(days=1)
            count += self.is_working(day)
        return day


@dataclass
class Period:
    start: dt.date
    ref_date: dt.date
    as_of: dt.date


def period_kpis(tables: dict[str, pd.DataFrame], period: Period, *, reply_working_days: int = 15,
                held_days: int = 7) -> dict[str, float | int | None]:
    start, ref, as_of = period.start, period.ref_date, period.as_of
    visits, attendance = tables["visits"], tables["attendance"]
    held = visits[(visits["status"] == "held") & visits["visit_date"].map(lambda d: start <= d <= ref)]
    result: dict[str, float | int | None] = {"held_visits": len(held)}

    communes = tables["communes"]["commune_code"]
    covered = set(held["commune_code"])
    result["communes_covered_share"] = sum(code in covered for code in communes) / len(communes)

    rows = attendance.merge(held[["visit_id", "visit_date", "commune_code"]], on="visit_id")
    rows["present"] = rows["status"].isin(["present", "late"])
    listed = rows[rows["listed"]]
    divisor = (listed["status"] != "excused").sum()
    result["attendance_rate"] = (listed["present"].sum() / divisor) if divisor else None

    # Quota: every month of the period that ended by ref_date.
    months = []
    month = start
    while month_end(month) <= ref:
        months.append(month)
        month = add_months(month, 1)
    assignments = tables["assignments"]
    present_by_official: dict[str, list[tuple[str, dt.date, str]]] = {}
    for visit_id, official, day, commune, present in zip(rows["visit_id"], rows["official_id"], rows["visit_date"],
                                                        rows["commune_code"], rows["present"]):
        if present:
            present_by_official.setdefault(official, []).append((visit_id, day, commune))
    counted = met = 0
    typed = _TypedRules(tables)
    official_months: dict[str, list[tuple[dt.date, bool]]] = {}
    for month in months:
        last = month_end(month)
        required_by: dict[str, int] = {}
        communes_by: dict[str, set[str]] = {}
        for official, commune, required, start_day, end_day in zip(
                assignments["official_id"], assignments["commune_code"], assignments["required_visits_per_month"],
                assignments["assigned_from"], assignments["assigned_to"]):
            if start_day <= month and (end_day is None or end_day >= last):
                required_by[official] = required_by.get(official, 0) + int(required)
                communes_by.setdefault(official, set()).add(commune)
        for official in sorted(required_by):
            required = required_by[official]
            if required == 0:
                continue
            attended = {visit for visit, day, commune in present_by_official.get(official, [])
                        if month <= day <= last and commune in communes_by[official]}
            ok = typed.met(official, month, attended, required)
            counted += 1
            met += ok
            official_months.setdefault(official, []).append((month, ok))
    result["quota_met_share"] = met / counted if counted else None

    items = feedback_items(tables, as_of, reply_working_days=reply_working_days, held_days=held_days)
    items = items[items["received_date"].map(lambda d: start <= d <= ref)]
    result["feedback_received"] = len(items)
    divisor = int(items["is_replied"].sum() + items["is_overdue"].sum())
    result["on_time_rate"] = (int((items["on_time"] == True).sum()) / divisor) if divisor else None  # noqa: E712
    result["median_days_km"] = kaplan_meier_quantile(items, 0.5)

    # Flags.
    flagged: set[str] = set()
    per_official = listed.assign(not_excused=listed["status"] != "excused").groupby("official_id").agg(
        listed_not_excused=("not_excused", "sum"),
        listed_present=("present", "sum"),
    )
    any_present = set(rows.loc[rows["present"], "official_id"])
    never = set()
    for official, row in per_official.iterrows():
        if row["listed_not_excused"] >= 3 and official not in any_present:
            never.add(official)
    rarely = set()
    for official, row in per_official.iterrows():
        if official in never or row["listed_not_excused"] < 5:
            continue
        if row["listed_present"] / row["listed_not_excused"] < 0.5:
            rarely.add(official)
    under = set()
    for official, history in official_months.items():
        run, previous = 0, None
        for month, ok in history:
            consecutive = previous is not None and add_months(previous, 1) == month
            run = (run + 1 if consecutive else 1) if not ok else 0
            if ok:
                previous = None
            else:
                previous = month
            if run >= 3:
                under.add(official)
    held_items = items[items["is_held"] & items["recorded_by"].notna()]
    holding = {official for official, count in held_items.groupby("recorded_by").size().items() if count >= 2}
    flagged = never | rarely | under | holding
    result["officials_flagged"] = len(flagged)
    result["_flags"] = {"listed_never_present": never, "rarely_present": rarely, "under_quota": under,
                        "holding_information": holding}
    return result


def feedback_items(tables: dict[str, pd.DataFrame], as_of: dt.date, *, reply_working_days: int = 15,
                   held_days: int = 7) -> pd.DataFrame:
    items = tables["feedback"]
    items = items[items["received_date"] <= as_of].copy()
    years = range(min(items["received_date"]).year - 1, as_of.year + 3)
    working = WorkingDays(years)

    def visible(day):
        return day if day is not None and day <= as_of else None

    items["forwarded_date"] = items["forwarded_date"].map(visible)
    items["replied_date"] = items["replied_date"].map(visible)
    items["reply"] = [
        replied if replied is not None else (received if on_spot else None)
        for replied, received, on_spot in zip(items["replied_date"], items["received_date"], items["handled_on_spot"])
    ]
    items["due"] = [
        due if due is not None else working.nth_after(received, reply_working_days)
        for due, received in zip(items["due_date"], items["received_date"])
    ]
    items["is_replied"] = items["reply"].notna()
    items["is_overdue"] = [reply is None and as_of > due for reply, due in zip(items["reply"], items["due"])]
    items["on_time"] = [None if reply is None else reply <= due for reply, due in zip(items["reply"], items["due"])]
    items["km_t"] = [((reply or as_of) - received).days for reply, received in zip(items["reply"], items["received_date"])]
    window = dt.timedelta(days=held_days)
    items["is_held"] = [
        (not on_spot) and received <= as_of - window
        and not (forwarded is not None and forwarded <= received + window)
        and not (reply is not None and reply <= received + window)
        for on_spot, received, forwarded, reply in zip(
            items["handled_on_spot"], items["received_date"], items["forwarded_date"], items["reply"])
    ]
    return items


def kaplan_meier_quantile(items: pd.DataFrame, level: float) -> int | None:
    """Smallest t with S(t) <= level; exact fractions to avoid floating doubt."""
    from fractions import Fraction

    times = sorted(set(items["km_t"]))
    survival = Fraction(1)
    for t in times:
        at_risk = int((items["km_t"] >= t).sum())
        events = int(((items["km_t"] == t) & items["is_replied"]).sum())
        if events:
            survival *= Fraction(at_risk - events, at_risk)
        if survival <= Fraction(level).limit_denominator(1000):
            return t
    return None


# ---------------------------------------------------------------- officials and agencies (docs/metrics.md, "Participation" and "Flags" and "Agency review")
# Added for the officials and agencies pages: per-official participation, quota and flags, and the
# agency scorecard, vectorised so that they run on the default-size demo in seconds.


def official_participation(tables: dict[str, pd.DataFrame], period: Period, *, never_min: int = 3,
                           rarely_min: int = 5, rarely_max_rate: float = 0.5, under_min_months: int = 3,
                           holding_min: int = 2, reply_working_days: int = 15, held_days: int = 7) -> pd.DataFrame:
    """One row per official of the officials table (index official_id), docs/metrics.md, "Participation" and "Flags", edge rules 7-9."""
    start, ref, as_of = period.start, period.ref_date, period.as_of
    officials = tables["officials"].set_index("official_id")
    visits = tables["visits"]
    held = visits[(visits["status"] == "held") & visits["visit_date"].map(lambda d: start <= d <= ref)]
    rows = tables["attendance"].merge(held[["visit_id", "visit_date", "commune_code"]], on="visit_id")
    rows["is_present"] = rows["status"].isin(["present", "late"])
    rows["counted"] = rows["listed"] & (rows["status"] != "excused")
    rows["listed_present"] = rows["listed"] & rows["is_present"]
    frame = pd.DataFrame(index=officials.index)
    frame["agency_id"] = officials["agency_id"]
    group = rows.groupby("official_id")
    frame["listed"] = group["listed"].sum()
    frame["present"] = group["is_present"].sum()
    frame["late"] = group["status"].apply(lambda s: int((s == "late").sum()))
    frame["absent"] = rows[rows["listed"] & (rows["status"] == "absent")].groupby("official_id").size()
    frame["excused"] = rows[rows["listed"] & (rows["status"] == "excused")].groupby("official_id").size()
    frame["listed_present"] = group["listed_present"].sum()
    frame["listed_not_excused"] = group["counted"].sum()
    counts = ["listed", "present", "late", "absent", "excused", "listed_present", "listed_not_excused"]
    frame[counts] = frame[counts].fillna(0).astype(int)
    frame["attendance_rate"] = [p / d if d else None for p, d in zip(frame["listed_present"], frame["listed_not_excused"])]

    months = quota_month_rows(tables, period, rows)
    counted = months[months["required"] > 0]
    frame["months_counted"] = counted.groupby("official_id").size()
    frame["months_met"] = counted[counted["met"]].groupby("official_id").size()
    frame[["months_counted", "months_met"]] = frame[["months_counted", "months_met"]].fillna(0).astype(int)
    frame["quota_rate"] = [m / c if c else None for m, c in zip(frame["months_met"], frame["months_counted"])]

    items = feedback_items(tables, as_of, reply_working_days=reply_working_days, held_days=held_days)
    items = items[items["received_date"].map(lambda d: start <= d <= ref)]
    frame["feedback_recorded"] = items[items["recorded_by"].notna()].groupby("recorded_by").size()
    held_items = items[items["is_held"] & items["recorded_by"].notna()].groupby("recorded_by").size()
    frame["held_items"] = held_items
    frame[["feedback_recorded", "held_items"]] = frame[["feedback_recorded", "held_items"]].fillna(0).astype(int)

    # Flags.
    never = (frame["listed_not_excused"] >= never_min) & (frame["present"] == 0)
    rate = frame["listed_present"] / frame["listed_not_excused"].where(frame["listed_not_excused"] > 0)
    rarely = ~never & (frame["listed_not_excused"] >= rarely_min) & (rate < rarely_max_rate)
    longest: dict[str, int] = {}
    for official, history in counted.sort_values("month").groupby("official_id"):
        run, previous = 0, None
        for month, met in zip(history["month"], history["met"]):
            if met:
                run, previous = 0, None
                continue
            run = run + 1 if previous is not None and add_months(previous, 1) == month else 1
            previous = month
            longest[official] = max(longest.get(official, 0), run)
    frame["longest_unmet_run"] = pd.Series(longest)
    frame["longest_unmet_run"] = frame["longest_unmet_run"].fillna(0).astype(int)
    under = frame["longest_unmet_run"] >= under_min_months
    holding = frame["held_items"] >= holding_min
    frame["flags"] = [
        ";".join(code for code, on in (("listed_never_present", a), ("rarely_present", b), ("under_quota", c),
                                       ("holding_information", d)) if on)
        for a, b, c, d in zip(never, rarely, under, holding)
    ]
    return frame


def quota_month_rows(tables: dict[str, pd.DataFrame], period: Period, rows: pd.DataFrame) -> pd.DataFrame:
    """(official_id, month, required, attended, met) for months ended by ref_date with whole-month assignments.

    rows: attendance rows of held visits in the period with visit_date, commune_code and is_present.
    """
    months = []
    month = period.start
    while month_end(month) <= period.ref_date:
        months.append(month)
        month = add_months(month, 1)
    assignments = tables["assignments"]
    active = []
    for month in months:
        last = month_end(month)
        part = assignments[(assignments["assigned_from"] <= month)
                           & assignments["assigned_to"].map(lambda d: d is None or d >= last)]
        active.append(part[["official_id", "commune_code", "required_visits_per_month"]].assign(month=month))
    if not active:
        return pd.DataFrame(columns=["official_id", "month", "required", "attended", "met"])
    active = pd.concat(active, ignore_index=True)
    required = active.groupby(["official_id", "month"])["required_visits_per_month"].sum().rename("required")
    present = rows[rows["is_present"]].copy()
    present["month"] = present["visit_date"].map(lambda d: d.replace(day=1))
    places = active[["official_id", "commune_code", "month"]].drop_duplicates()
    attended = present.merge(places, on=["official_id", "commune_code", "month"]).groupby(
        ["official_id", "month"])["visit_id"].nunique().rename("attended")
    result = pd.concat([required, attended], axis=1).reset_index()
    result = result[result["required"].notna()]
    result["attended"] = result["attended"].fillna(0).astype(int)
    result["required"] = result["required"].astype(int)
    present_visits = present.merge(places, on=["official_id", "commune_code", "month"])
    visits_of = present_visits.groupby(["official_id", "month"])["visit_id"].agg(set).to_dict()
    typed = _TypedRules(tables)
    result["met"] = [typed.met(official, month, visits_of.get((official, month), set()), required)
                     for official, month, required in zip(result["official_id"], result["month"], result["required"])]
    return result


class _TypedRules:
    """The typed assignments and the visits' types read once (many official-months)."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        assignments = tables["assignments"]
        self.any_typed = "visit_type" in assignments and assignments["visit_type"].notna().any()
        self.typed: dict[str, list] = {}
        if self.any_typed:
            rows = assignments[assignments["visit_type"].notna()]
            for row in rows[["official_id", "assigned_from", "assigned_to", "visit_type",
                             "required_visits_per_month"]].itertuples(index=False):
                self.typed.setdefault(row.official_id, []).append(row)
            self.kinds = tables["visits"].set_index("visit_id")["visit_type"].to_dict()

    def met(self, official: str, month: dt.date, attended: set[str], required: int) -> bool:
        """docs/metrics.md, "Quota by visit type": each typed requirement met by visits of its type, the
        remaining visits serve the general one (no visit_type anywhere: attended >= required)."""
        if not self.any_typed:
            return len(attended) >= required
        last = month_end(month)
        mine = [row for row in self.typed.get(official, ())
                if row.assigned_from <= month and (row.assigned_to is None or row.assigned_to >= last)]
        if not mine:
            return len(attended) >= required
        needs: dict[str, int] = {}
        for row in mine:
            needs[row.visit_type] = needs.get(row.visit_type, 0) + int(row.required_visits_per_month)
        used = 0
        for visit_type, need in sorted(needs.items()):
            have = sum(1 for visit in attended if self.kinds[visit] == visit_type)
            if have < need:
                return False
            used += min(have, need)
        return len(attended) - used >= required - sum(needs.values())


def agency_scorecard(tables: dict[str, pd.DataFrame], period: Period, participation: pd.DataFrame, *,
                     weights: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0), group_share: float = 0.2,
                     min_officials: int = 3, reply_working_days: int = 15, held_days: int = 7,
                     min_evidence: tuple[int, int, int, int] = (3, 20, 6, 10),
                     min_rates_with_evidence: int = 2) -> pd.DataFrame:
    """One row per agency (index agency_id), docs/metrics.md, "Agency review", edge rules 16-17. participation: official_participation()."""
    import math

    start, ref, as_of = period.start, period.ref_date, period.as_of
    agencies = tables["agencies"].set_index("agency_id")
    officials = tables["officials"]
    agency_of = dict(zip(officials["official_id"], officials["agency_id"]))
    frame = pd.DataFrame(index=agencies.index)
    frame["agency_name"] = agencies["agency_name"]
    frame["officials"] = officials.groupby("agency_id").size()
    frame["officials"] = frame["officials"].fillna(0).astype(int)

    assignments = tables["assignments"]
    overlapping = assignments[(assignments["assigned_from"] <= ref)
                              & assignments["assigned_to"].map(lambda d: d is None or d >= start)].copy()
    overlapping["agency_id"] = overlapping["official_id"].map(agency_of)
    assigned = overlapping.groupby("agency_id")["commune_code"].apply(set)
    visits = tables["visits"]
    held = visits[(visits["status"] == "held") & visits["visit_date"].map(lambda d: start <= d <= ref)]
    rows = tables["attendance"].merge(held[["visit_id", "commune_code"]], on="visit_id")
    rows = rows[rows["status"].isin(["present", "late"])].copy()
    rows["agency_id"] = rows["official_id"].map(agency_of)
    visited = rows.groupby("agency_id")["commune_code"].apply(set)
    frame["communes_assigned"] = [len(assigned.get(a, set())) for a in frame.index]
    frame["coverage_rate"] = [
        len(assigned[a] & visited.get(a, set())) / len(assigned[a]) if a in assigned and assigned[a] else None
        for a in frame.index
    ]
    pooled = participation.groupby("agency_id")[["listed_present", "listed_not_excused", "months_met",
                                                  "months_counted", "held_items"]].sum()
    pooled = pooled.reindex(frame.index).fillna(0)
    frame["attendance_rate"] = [p / d if d else None for p, d in zip(pooled["listed_present"],
                                                                     pooled["listed_not_excused"])]
    frame["quota_rate"] = [m / c if c else None for m, c in zip(pooled["months_met"], pooled["months_counted"])]
    frame["held_items"] = pooled["held_items"].astype(int)

    items = feedback_items(tables, as_of, reply_working_days=reply_working_days, held_days=held_days)
    items = items[items["received_date"].map(lambda d: start <= d <= ref) & items["forwarded_to"].notna()]
    on_time = items[items["on_time"] == True].groupby("forwarded_to").size()  # noqa: E712
    divisor = items[items["is_replied"] | items["is_overdue"]].groupby("forwarded_to").size()
    frame["on_time_rate"] = [on_time.get(a, 0) / divisor[a] if divisor.get(a, 0) else None for a in frame.index]

    # docs/metrics.md, "Agency review" (revised): evidence, ranked agencies, standings (mid-rank percentile), score.
    rates = ["coverage_rate", "attendance_rate", "quota_rate", "on_time_rate"]
    divisors = {"coverage_rate": frame["communes_assigned"],
                "attendance_rate": pooled["listed_not_excused"],
                "quota_rate": pooled["months_counted"],
                "on_time_rate": pd.Series([int(divisor.get(a, 0)) for a in frame.index], index=frame.index)}
    for rate, minimum in zip(rates, min_evidence):
        frame[rate.replace("_rate", "_evidence")] = divisors[rate] >= minimum
    evidence_columns = [rate.replace("_rate", "_evidence") for rate in rates]
    frame["is_ranked"] = ((frame["officials"] >= min_officials) & (frame["communes_assigned"] > 0)
                          & (frame[evidence_columns].sum(axis=1) >= min_rates_with_evidence))
    ranked_ids = [a for a in frame.index if frame.loc[a, "is_ranked"]]
    for rate in rates:
        evidence = rate.replace("_rate", "_evidence")
        pool = {a: float(frame.loc[a, rate]) for a in ranked_ids if frame.loc[a, evidence]}
        standings = {}
        for a, value in pool.items():
            n = len(pool)
            if n == 1:
                standings[a] = 50.0
                continue
            lower = sum(1 for other in pool.values() if other < value - 1e-12)
            equal = sum(1 for b, other in pool.items() if b != a and abs(other - value) <= 1e-12)
            standings[a] = 100.0 * (lower + 0.5 * equal) / (n - 1)
        frame[rate.replace("_rate", "_standing")] = [standings.get(a) for a in frame.index]
    total_weight = sum(weights)
    frame["score"] = [
        sum(w * (50.0 if pd.isna(frame.loc[a, r.replace("_rate", "_standing")]) or
                 frame.loc[a, r.replace("_rate", "_standing")] is None else frame.loc[a, r.replace("_rate", "_standing")])
            for w, r in zip(weights, rates)) / total_weight if frame.loc[a, "is_ranked"] else None
        for a in frame.index
    ]
    scores = {a: frame.loc[a, "score"] for a in ranked_ids}
    frame["rank"] = [1 + sum(1 for other in scores.values() if other > scores[a] + 1e-9) if a in scores else None
                     for a in frame.index]
    from_bottom = {a: 1 + sum(1 for other in scores.values() if other < scores[a] - 1e-9) for a in scores}
    k = max(1, math.floor(group_share * len(scores) + 1e-9))
    frame["review_group"] = [
        None if a not in scores else ("commend" if frame.loc[a, "rank"] <= k else
                                      ("correct" if from_bottom[a] <= k else None))
        for a in frame.index
    ]
    return frame
