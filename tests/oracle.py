"""An independent implementation of METRICS.md in plain pandas, straight from the export CSVs.

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
            ok = len(attended) >= required
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
