"""Shared pieces of the demo generators: constants, the province generator's records, the
Vietnamese working-day calendar and small helpers (names, phones, dates, topic spellings)."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Callable

import holidays

from outreach.demo import names

ProgressCallback = Callable[[str, float], None]

DAY = dt.timedelta(days=1)
HELD_AFTER_DAYS = 7
REPLY_WORKING_DAYS = 15
OVERLAP_MAX_DAYS = 7
DEFAULT_PERIOD_MONTHS = 12
# Planted counts at scale 1 (each at least 2 at small scales).
PLANTED_AT_SCALE_1 = {
    "listed_never_present": 12,
    "rarely_present": 12,
    "under_quota": 20,
    "holding_information": 15,
    "unrecorded_held_items": 5,
    "overlap_pairs": 15,
}
NEVER_VISITED_COMMUNES = 3
STALE_COMMUNES = 4
SLOW_AGENCY_CANDIDATES = (
    "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Y tế", "Sở Nội vụ", "Sở Tài chính",
    "Sở Công Thương", "Sở Tư pháp",
)
WEAK_AGENCY_CANDIDATES = (
    "Hội Nông dân tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn", "Hội Cựu chiến binh tỉnh",
    "Liên đoàn Lao động tỉnh",
)
COORDINATING_AGENCIES = ("Ủy ban MTTQ Việt Nam tỉnh", "Ban Tuyên giáo và Dân vận Tỉnh ủy")
VISIT_TYPE_WEIGHTS = (("tiep_xuc", 42), ("doi_thoai", 20), ("sinh_hoat", 26), ("kiem_tra", 7), ("khac", 5))
CITIZENS_RANGE = {"tiep_xuc": (30, 150), "doi_thoai": (20, 120), "sinh_hoat": (10, 40),
                  "kiem_tra": (10, 30), "khac": (10, 60)}

ORDINARY = "ordinary"
NEVER_PRESENT = "listed_never_present"
RARELY_PRESENT = "rarely_present"
UNDER_QUOTA = "under_quota"


# ---------------------------------------------------------------------------------------------
# records


@dataclass
class Commune:
    index: int
    code: str = ""
    name: str = ""
    kind: str = "xa"
    population: int | None = None
    area_km2: float = 0.0
    geometry: object = None
    distance: float = 0.0
    role: str = "normal"  # normal, never, stale
    last_day: dt.date | None = None  # stale communes: the last day with visits
    hamlets: list[tuple[str, str, int | None]] = field(default_factory=list)
    agency: int | None = None  # its own commune-level agency
    province_code: str = names.PROVINCE_CODE
    province_name: str = names.PROVINCE_NAME


@dataclass
class Agency:
    index: int
    agency_id: str
    name: str
    level: str
    agency_type: str
    kind: str
    parent: str = ""
    weight: float = 1.0
    slow: bool = False
    weak: bool = False
    small: bool = False
    commune: int | None = None
    officials: list[int] = field(default_factory=list)


@dataclass
class Assignment:
    commune: int
    hamlet_id: str
    required: int
    start: dt.date
    end: dt.date | None


@dataclass
class Official:
    index: int
    official_id: str
    full_name: str
    agency: int
    position: str
    is_head: bool
    active_from: dt.date | None
    active_to: dt.date | None = None
    role: str = ORDINARY
    holds_information: bool = False
    run_months: tuple[int, ...] = ()
    assignments: list[Assignment] = field(default_factory=list)


@dataclass
class Visit:
    commune: int
    day: dt.date
    status: str
    members: list[int] = field(default_factory=list)  # slot indices
    capacity: int = 5
    tiebreak: float = 0.0
    hamlet_id: str = ""
    visit_type: str = "tiep_xuc"
    lead: int = 0
    topic: str = ""
    canonical_topic: str = ""
    citizens: int | None = None
    visit_id: str = ""


@dataclass
class Slots:
    """Parallel lists, one entry per obligation of an official to attend a visit."""

    official: list[int] = field(default_factory=list)
    commune: list[int] = field(default_factory=list)
    month: list[int] = field(default_factory=list)
    low: list[dt.date] = field(default_factory=list)
    high: list[dt.date] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    locked: list[bool] = field(default_factory=list)
    visit: list[int] = field(default_factory=list)

    def add(self, official: int, commune: int, month: int, low: dt.date, high: dt.date, status: str,
            locked: bool) -> None:
        self.official.append(official)
        self.commune.append(commune)
        self.month.append(month)
        self.low.append(low)
        self.high.append(high)
        self.status.append(status)
        self.locked.append(locked)
        self.visit.append(-1)

    def __len__(self) -> int:
        return len(self.official)


# ---------------------------------------------------------------------------------------------
# calendar


class Calendar:
    """Vietnamese working days (docs/metrics.md, "Shared notions") between two dates, from the `holidays` library."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first = first
        self.last = last
        table = holidays.country_holidays("VN", years=range(first.year, last.year + 1))
        self.holiday_days = sorted(day for day in table if first <= day <= last)
        holiday_set = set(self.holiday_days)
        make_up = set(table.weekend_workdays)
        count = (last - first).days + 1
        self.days = [first + dt.timedelta(days=offset) for offset in range(count)]
        self.working = [(day.weekday() < 5 or day in make_up) and day not in holiday_set for day in self.days]
        self.working_days = [day for day, working in zip(self.days, self.working) if working]
        self.is_holiday = [day in holiday_set for day in self.days]

    def is_working(self, day: dt.date) -> bool:
        return self.working[(day - self.first).days]

    def nth_working_after(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after day (docs/metrics.md, edge rule 10)."""
        position = bisect_right(self.working_days, day)
        return self.working_days[position + n - 1]

    def working_between(self, low: dt.date, high: dt.date) -> list[dt.date]:
        return self.working_days[bisect_left(self.working_days, low):bisect_right(self.working_days, high)]

    def weekend_between(self, low: dt.date, high: dt.date) -> list[dt.date]:
        start = (low - self.first).days
        end = (high - self.first).days
        return [self.days[i] for i in range(start, end + 1) if not self.working[i] and not self.is_holiday[i]]

    def tet_months(self) -> list[tuple[int, int]]:
        """The month holding most of each Lunar New Year holiday run (the longest run early in the year)."""
        months: list[tuple[int, int]] = []
        runs: list[list[dt.date]] = []
        for day in self.holiday_days:
            if day.month > 3:
                continue
            if runs and (day - runs[-1][-1]).days <= 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        for run in runs:
            if len(run) < 4:
                continue
            counts: dict[tuple[int, int], int] = {}
            for day in run:
                counts[(day.year, day.month)] = counts.get((day.year, day.month), 0) + 1
            months.append(max(sorted(counts), key=lambda key: counts[key]))
        return months


# ---------------------------------------------------------------------------------------------
# small helpers


def normalize_topic(text: str) -> str:
    """Topic key for overlaps (docs/metrics.md, edge rule 6): NFC, trimmed, inner spaces folded, no accents, case-folded."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _strip_accents(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def topic_variant(topic: str, kind: int) -> str:
    """The same topic written differently (case, accents, spacing, Unicode form)."""
    if kind == 0:
        return "  ".join(_strip_accents(topic).lower().split(" ", 1)) if " " in topic else _strip_accents(topic).lower()
    if kind == 1:
        return topic.upper()
    if kind == 2:
        return f" {topic.lower()}  "
    if kind == 3:
        return unicodedata.normalize("NFD", topic)
    return _strip_accents(topic).title()


def weighted(rnd: random.Random, pairs: tuple[tuple[str, float], ...] | list[tuple[object, float]]):
    return rnd.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def person_name(rnd: random.Random, *, female: bool | None = None) -> str:
    if female is None:
        female = rnd.random() < 0.45
    family = weighted(rnd, names.FAMILY_NAMES)
    middle = weighted(rnd, names.FEMALE_MIDDLE if female else names.MALE_MIDDLE)
    given = rnd.choice(names.FEMALE_GIVEN if female else names.MALE_GIVEN)
    return f"{family} {middle} {given}"


def phone(rnd: random.Random) -> str:
    prefix = rnd.choices(("09", "03", "08", "07"), weights=(70, 15, 10, 5))[0]
    return prefix + "".join(str(rnd.randrange(10)) for _ in range(8))


def random_day(rnd: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rnd.randint(0, (high - low).days))


def report_progress(progress: ProgressCallback | None, message: str, fraction: float) -> None:
    if progress is not None:
        progress(message, fraction)

