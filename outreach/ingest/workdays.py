"""Vietnamese working days from the maintained `holidays` library.

A working day is Monday to Friday or an official weekend make-up day, and not a public
holiday (Tết included). The import writes one calendar row per day so SQL can count
working days with a running index instead of a hand-typed list.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pandas as pd


def vietnam_holidays(years: range) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=years, language="vi")


def calendar_frame(first: dt.date, last: dt.date) -> pd.DataFrame:
    """One row per day in [first, last]: is_working_day, working_day_index, holiday_name.

    working_day_index counts working days up to and including the day, so the working
    days d with a < d <= b number index(b) - index(a).
    """
    calendar_holidays = vietnam_holidays(range(first.year, last.year + 1))
    make_up = set(calendar_holidays.weekend_workdays)
    days = pd.date_range(first, last, freq="D")
    rows = []
    index = 0
    for timestamp in days:
        day = timestamp.date()
        name = calendar_holidays.get(day)
        working = (day.weekday() < 5 or day in make_up) and name is None
        index += int(working)
        rows.append((day, working, index, name or ("Ngày làm việc bù" if day in make_up else None)))
    return pd.DataFrame(rows, columns=["day", "is_working_day", "working_day_index", "holiday_name"])
