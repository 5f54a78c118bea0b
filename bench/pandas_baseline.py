"""The overview's headline figures (queries/overview_kpis.sql) in plain, vectorised pandas,
straight from the export files: the code an analyst would write without the dashboard.

It shares nothing with outreach/ or queries/ (working days come from the `holidays` library), and
the benchmark checks that it gives the same numbers as the DuckDB query before timing it.
tests/oracle.py is the project's row-by-row reference; this is its vectorised twin, so the
comparison is with reasonable pandas, not with slow Python loops.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import holidays
import numpy as np
import pandas as pd

COLUMNS = {
    "communes": ["commune_code"],
    "officials": ["official_id"],
    "assignments": ["official_id", "commune_code", "required_visits_per_month", "assigned_from", "assigned_to"],
    "visits": ["visit_id", "visit_date", "commune_code", "status"],
    "attendance": ["visit_id", "official_id", "listed", "status"],
    "feedback": ["feedback_id", "received_date", "recorded_by", "handled_on_spot", "forwarded_date", "due_date",
                 "replied_date"],
}
DATES = {"assignments": ["assigned_from", "assigned_to"], "visits": ["visit_date"],
         "feedback": ["received_date", "forwarded_date", "due_date", "replied_date"]}
TRUE = {"true", "1", "có", "co", "x", "yes", "y", "t"}


def load(directory: Path) -> dict[str, pd.DataFrame]:
    """Read the needed columns of each table (Parquet or CSV) and type them."""
    tables = {}
    for name, columns in COLUMNS.items():
        parquet = directory / f"{name}.parquet"
        if parquet.exists():
            frame = pd.read_parquet(parquet, columns=columns)
        else:
            frame = pd.read_csv(directory / f"{name}.csv", dtype=str, usecols=columns, encoding="utf-8-sig")
        for column in DATES.get(name, []):
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        tables[name] = frame
    tables["attendance"]["listed"] = tables["attendance"]["listed"].str.lower().isin(TRUE)
    tables["feedback"]["handled_on_spot"] = tables["feedback"]["handled_on_spot"].str.lower().isin(TRUE)
    tables["assignments"]["required_visits_per_month"] = tables["assignments"]["required_visits_per_month"].astype(int)
    return tables


def _working_days(first: dt.date, last: dt.date) -> np.ndarray:
    table = holidays.country_holidays("VN", years=range(first.year, last.year + 1))
    make_up = set(table.weekend_workdays)
    days = pd.date_range(first, last, freq="D")
    working = [(d.weekday() < 5 or d.date() in make_up) and d.date() not in table for d in days]
    return days[np.asarray(working)].to_numpy()


def _km_median(km_days: np.ndarray, replied: np.ndarray) -> float | None:
    """Kaplan-Meier: the smallest time with survival <= 0.5 (replies are events, open items censored)."""
    frame = pd.DataFrame({"t": km_days, "event": replied})
    grouped = frame.groupby("t").agg(events=("event", "sum"), leaving=("event", "size")).sort_index()
    at_risk = grouped["leaving"][::-1].cumsum()[::-1]
    survival = (1 - grouped["events"] / at_risk).cumprod()
    hit = survival[survival <= 0.5 + 1e-9]
    return float(hit.index[0]) if len(hit) else None


def headline(tables: dict[str, pd.DataFrame], *, start: dt.date, ref_date: dt.date, as_of: dt.date,
             reply_working_days: int = 15, held_after_days: int = 7, never_min: int = 3, rarely_min: int = 5,
             rarely_max_rate: float = 0.5, under_min_months: int = 3, holding_min: int = 2) -> dict:
    """The eight headline figures of one period, national scope (no commune or agency filter)."""
    start_ts, ref_ts, as_of_ts = pd.Timestamp(start), pd.Timestamp(ref_date), pd.Timestamp(as_of)
    visits, attendance = tables["visits"], tables["attendance"]
    held = visits[(visits["status"] == "held") & visits["visit_date"].between(start_ts, ref_ts)]
    result: dict[str, object] = {"held_visits": len(held)}
    communes = tables["communes"]["commune_code"]
    result["communes_covered_share"] = communes.isin(held["commune_code"]).mean() if len(communes) else None

    rows = attendance.merge(held[["visit_id", "visit_date", "commune_code"]], on="visit_id")
    rows = rows[rows["official_id"].isin(tables["officials"]["official_id"])]
    rows["present"] = rows["status"].isin(["present", "late"])
    rows["counted"] = rows["listed"] & (rows["status"] != "excused")
    rows["listed_present"] = rows["listed"] & rows["present"]
    divisor = rows["counted"].sum()
    result["attendance_rate"] = rows["listed_present"].sum() / divisor if divisor else None

    # Quota: months of the period that ended by ref_date, assignments active the whole month.
    month_starts = pd.date_range(start_ts, ref_ts, freq="MS")
    month_starts = month_starts[(month_starts + pd.offsets.MonthEnd(0)) <= ref_ts]
    assignments = tables["assignments"]
    assignments = assignments[assignments["official_id"].isin(tables["officials"]["official_id"])]
    months = pd.DataFrame({"month": month_starts, "month_end": month_starts + pd.offsets.MonthEnd(0)})
    active = assignments.merge(months, how="cross")
    active = active[(active["assigned_from"] <= active["month"])
                    & (active["assigned_to"].isna() | (active["assigned_to"] >= active["month_end"]))]
    required = active.groupby(["official_id", "month"], as_index=False)["required_visits_per_month"].sum()
    places = active[["official_id", "commune_code", "month"]].drop_duplicates()
    present = rows.loc[rows["present"], ["visit_id", "official_id", "commune_code", "visit_date"]].copy()
    present["month"] = present["visit_date"].dt.to_period("M").dt.to_timestamp()
    attended = (present.merge(places, on=["official_id", "commune_code", "month"])
                .groupby(["official_id", "month"])["visit_id"].nunique().rename("attended").reset_index())
    quota = required.merge(attended, on=["official_id", "month"], how="left")
    quota["attended"] = quota["attended"].fillna(0)
    quota["counted"] = quota["required_visits_per_month"] > 0
    quota["met"] = quota["counted"] & (quota["attended"] >= quota["required_visits_per_month"])
    counted = quota["counted"].sum()
    result["quota_met_share"] = quota["met"].sum() / counted if counted else None

    # Feedback as seen on as_of.
    items = tables["feedback"]
    items = items[items["received_date"] <= as_of_ts].copy()
    forwarded = items["forwarded_date"].where(items["forwarded_date"] <= as_of_ts)
    reply = items["replied_date"].where(items["replied_date"] <= as_of_ts)
    reply = reply.where(reply.notna() | ~items["handled_on_spot"], items["received_date"])
    working = _working_days(items["received_date"].min().date() - dt.timedelta(days=31),
                            as_of + dt.timedelta(days=800))
    received = items["received_date"].to_numpy()
    position = np.searchsorted(working, received, side="right") + reply_working_days - 1
    due = items["due_date"].fillna(pd.Series(working[position], index=items.index))
    replied = reply.notna()
    overdue = ~replied & (as_of_ts > due)
    on_time = replied & (reply <= due)
    window = pd.Timedelta(days=held_after_days)
    is_held = (~items["handled_on_spot"] & (items["received_date"] <= as_of_ts - window)
               & ~(forwarded <= items["received_date"] + window).fillna(False)
               & ~(reply <= items["received_date"] + window).fillna(False))
    in_period = items["received_date"].between(start_ts, ref_ts)
    result["feedback_received"] = int(in_period.sum())
    divisor = int((replied | overdue)[in_period].sum())
    result["on_time_rate"] = on_time[in_period].sum() / divisor if divisor else None
    km_days = ((reply.fillna(as_of_ts) - items["received_date"]).dt.days)[in_period].to_numpy()
    result["median_days_km"] = _km_median(km_days, replied[in_period].to_numpy()) if in_period.any() else None

    # Flags.
    per_official = rows.groupby("official_id").agg(listed_not_excused=("counted", "sum"),
                                                   listed_present=("listed_present", "sum"),
                                                   present=("present", "sum"))
    never = per_official[(per_official["listed_not_excused"] >= never_min) & (per_official["present"] == 0)].index
    rate = per_official["listed_present"] / per_official["listed_not_excused"].where(per_official["listed_not_excused"] > 0)
    rarely = per_official[(per_official["listed_not_excused"] >= rarely_min) & (rate < rarely_max_rate)
                          & ~per_official.index.isin(never)].index
    unmet = quota.loc[quota["counted"] & ~quota["met"], ["official_id", "month"]].sort_values(["official_id", "month"])
    month_number = unmet["month"].dt.year * 12 + unmet["month"].dt.month
    unmet = unmet.assign(run=month_number - unmet.groupby("official_id").cumcount())
    runs = unmet.groupby(["official_id", "run"]).size()
    under = runs[runs >= under_min_months].index.get_level_values(0).unique()
    held_items = items[in_period & is_held & items["recorded_by"].notna()]
    held_items = held_items[held_items["recorded_by"].isin(tables["officials"]["official_id"])]
    holding_counts = held_items.groupby("recorded_by").size()
    holding = holding_counts[holding_counts >= holding_min].index
    flagged = set(never) | set(rarely) | set(under) | set(holding)
    result["officials_flagged"] = len(flagged)
    return result


def overview_kpis(tables: dict[str, pd.DataFrame], params: dict) -> dict:
    """Both periods, as overview_kpis.sql returns them (prev_ prefix for the previous one)."""
    params = {**params, **params["settings"]}
    settings = {"reply_working_days": params["reply_working_days"], "held_after_days": params["held_after_days"],
                "never_min": params["never_present_min_listed"], "rarely_min": params["rarely_present_min_listed"],
                "rarely_max_rate": params["rarely_present_max_rate"],
                "under_min_months": params["under_quota_min_months"], "holding_min": params["holding_min_items"]}
    current = headline(tables, start=params["start"], ref_date=params["ref_date"], as_of=params["as_of"], **settings)
    if params["prev_start"] > params["prev_ref_date"]:
        # The previous period ends before the data start: no figures (docs/metrics.md, "Data start").
        previous = {key: None for key in current}
    else:
        previous = headline(tables, start=params["prev_start"], ref_date=params["prev_ref_date"],
                            as_of=params["as_of"], **settings)
    return {**current, **{f"prev_{key}": value for key, value in previous.items()}}
