"""as_of, periods and reference dates (docs/metrics.md, "Shared notions", edge rules 1-2)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(text: str) -> dt.date:
    """'2026-03' -> date(2026, 3, 1). Raises ValueError with the text in the message."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"not a month in YYYY-MM form: {text!r}")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start's month to end's month, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass(frozen=True)
class Period:
    """Whole months [start_month, end_month] seen from as_of.

    visits_from is the data start (docs/metrics.md, "Data start"): the first day of the month of the
    earliest held visit on or before as_of, or the user's setting. A period is computed from it on
    (`start`), and a period that ends before it has no figures (`has_data` false: its queries get
    start > ref_date and return empty figures). None: no data start applied (nothing is cut).
    """

    start_month: dt.date
    end_month: dt.date
    as_of: dt.date
    visits_from: dt.date | None = None

    @property
    def start(self) -> dt.date:
        """The first day the period's figures cover: its first month, or visits_from if later."""
        if self.visits_from is not None and self.visits_from > self.start_month:
            return self.visits_from
        return self.start_month

    @property
    def has_data(self) -> bool:
        """False when the whole period lies before the data start: then it has no figures at all."""
        return self.visits_from is None or self.ref_date >= self.visits_from

    @property
    def begins_before_data(self) -> bool:
        """The period starts before the data start but reaches into it (computed from visits_from on)."""
        return self.has_data and self.visits_from is not None and self.start_month < self.visits_from

    @property
    def ref_date(self) -> dt.date:
        return min(self.as_of, month_end(self.end_month))

    @property
    def months(self) -> int:
        return months_between(self.start_month, self.end_month)

    def previous(self) -> "Period":
        """The period of equal length just before this one (same as_of)."""
        return Period(
            start_month=add_months(self.start_month, -self.months),
            end_month=add_months(self.start_month, -1),
            as_of=self.as_of,
            visits_from=self.visits_from,
        )

    def label(self) -> str:
        return f"{self.start_month:%m/%Y} – {self.end_month:%m/%Y}"

    def slug(self) -> str:
        return f"{self.start_month:%Y-%m}_{self.end_month:%Y-%m}_asof-{self.as_of:%Y-%m-%d}"

    def params(self) -> dict[str, dt.date]:
        return {"start": self.start, "ref_date": self.ref_date, "as_of": self.as_of}


def resolve_period(
    *,
    data_as_of: dt.date,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    as_of: dt.date | None = None,
    visits_from: dt.date | None = None,
) -> Period:
    """Apply docs/metrics.md, edge rule 2: default 12 months ending with the as_of month;
    start alone ends at the as_of month; end alone means the 12 months ending there."""
    effective_as_of = as_of or data_as_of
    start_month = parse_month(start) if isinstance(start, str) else start
    end_month = parse_month(end) if isinstance(end, str) else end
    if start_month is not None:
        start_month = start_month.replace(day=1)
    if end_month is not None:
        end_month = end_month.replace(day=1)
    if end_month is None:
        end_month = effective_as_of.replace(day=1)
    if start_month is None:
        start_month = add_months(end_month, -11)
    if start_month > end_month:
        raise ValueError(f"the period starts ({start_month:%Y-%m}) after it ends ({end_month:%Y-%m})")
    if start_month > effective_as_of:
        raise ValueError(f"the period starts ({start_month:%Y-%m}) after the as_of date ({effective_as_of:%Y-%m-%d})")
    return Period(start_month=start_month, end_month=end_month, as_of=effective_as_of, visits_from=visits_from)


def data_start(*, first_held_visit: dt.date | None, as_of: dt.date, setting: str | None = None) -> dt.date | None:
    """visits_from (docs/metrics.md, "Data start"): the user's setting (YYYY-MM) if given, else the first
    day of the month of the earliest held visit on or before as_of."""
    if setting:
        return parse_month(setting)
    if first_held_visit is None or first_held_visit > as_of:
        # No held visit on or before as_of: the data has not started, so no period has figures
        # (no quota month is counted; docs/metrics.md "Data start" says why the rest goes too).
        return add_months(as_of.replace(day=1), 1)
    return first_held_visit.replace(day=1)
