"""A seeded demo export of a fictional province (Tỉnh Sông Mây) with planted patterns.

`generate(out_dir)` writes one CSV per contract table, `boundaries.geojson` and
`ground_truth.json`. The same seed gives the same bytes in every file.

Attendance is built from each official's obligations, not drawn at random: every month an
official has "slots" (required visits of the assignments active the whole month, plus a few
extra ones), and slots are packed into visits. Ordinary officials are present at every
required slot, so they meet their quota in every counted month, and their attendance rate is
kept at 0.7 or more, so no flag fires by chance. Ordinary feedback is answered on the spot,
forwarded within 5 days or replied within 7, so only planted items are held information.
Accidental overlaps are removed by changing topics. ground_truth.json lists what the
METRICS.md rules find (sections 4-6 and 8, default period, as_of = the last day of end_month);
tests/test_demo.py checks it with an independent implementation.

Choices the brief left open: hotline, letter and other items (and half the online ones) are
recorded by the commune's own UBND officials where it has an agency in the export, otherwise
by the provincial desk (Văn phòng UBND tỉnh; Thanh tra tỉnh for letters).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import holidays
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Polygon

from outreach.ingest import contract
from outreach import demo_names as names
from outreach.query.periods import add_months, month_end, parse_month

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


@dataclass(frozen=True)
class DemoSummary:
    out_dir: Path
    row_counts: dict[str, int]
    ground_truth: Path
    boundaries: Path
    as_of: dt.date

    @property
    def ground_truth_path(self) -> Path:
        return self.ground_truth


# ---------------------------------------------------------------------------------------------
# records


@dataclass
class _Commune:
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
class _Agency:
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
class _Assignment:
    commune: int
    hamlet_id: str
    required: int
    start: dt.date
    end: dt.date | None


@dataclass
class _Official:
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
    assignments: list[_Assignment] = field(default_factory=list)


@dataclass
class _Visit:
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
class _Slots:
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


class _Calendar:
    """Vietnamese working days (METRICS 2) between two dates, from the `holidays` library."""

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
        """The n-th working day strictly after day (METRICS 8.10)."""
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
    """Topic key for overlaps (METRICS 8.6): NFC, trimmed, inner spaces folded, no accents, case-folded."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _strip_accents(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def _topic_variant(topic: str, kind: int) -> str:
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


def _weighted(rnd: random.Random, pairs: tuple[tuple[str, float], ...] | list[tuple[object, float]]):
    return rnd.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _person_name(rnd: random.Random, *, female: bool | None = None) -> str:
    if female is None:
        female = rnd.random() < 0.45
    family = _weighted(rnd, names.FAMILY_NAMES)
    middle = _weighted(rnd, names.FEMALE_MIDDLE if female else names.MALE_MIDDLE)
    given = rnd.choice(names.FEMALE_GIVEN if female else names.MALE_GIVEN)
    return f"{family} {middle} {given}"


def _phone(rnd: random.Random) -> str:
    prefix = rnd.choices(("09", "03", "08", "07"), weights=(70, 15, 10, 5))[0]
    return prefix + "".join(str(rnd.randrange(10)) for _ in range(8))


def _random_day(rnd: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rnd.randint(0, (high - low).days))


def _report(progress: ProgressCallback | None, message: str, fraction: float) -> None:
    if progress is not None:
        progress(message, fraction)


# ---------------------------------------------------------------------------------------------
# geography


def _province_outline(rnd: random.Random) -> Polygon:
    """An irregular star-shaped outline around (106.85 E, 11.25 N), inside Vietnam's land."""
    center_x, center_y = 106.85, 11.25
    harmonics = [(2, 0.10), (3, 0.07), (5, 0.05), (7, 0.03), (11, 0.015)]
    phases = [rnd.uniform(0, 2 * math.pi) for _ in harmonics]
    points = []
    count = 96
    for i in range(count):
        angle = 2 * math.pi * i / count
        radius = 1 + sum(amplitude * math.sin(frequency * angle + phase)
                         for (frequency, amplitude), phase in zip(harmonics, phases))
        points.append((center_x + 0.36 * radius * math.cos(angle), center_y + 0.30 * radius * math.sin(angle)))
    return Polygon(points)


def _seed_points(rnd: random.Random, outline: Polygon, count: int) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """Commune centres: a dense town (future phường) and sparser countryside."""
    shapely.prepare(outline)
    min_x, min_y, max_x, max_y = outline.bounds
    town = (outline.centroid.x + 0.06, outline.centroid.y - 0.07)
    urban = max(1, round(count * 0.25))
    spacing = 0.62 * math.sqrt(outline.area / count)
    points: list[tuple[float, float]] = []

    def far_enough(x: float, y: float, distance: float) -> bool:
        return all((x - px) ** 2 + (y - py) ** 2 >= distance * distance for px, py in points)

    tries = 0
    while len(points) < urban:
        x, y = rnd.gauss(town[0], 0.07), rnd.gauss(town[1], 0.06)
        tries += 1
        distance = spacing * 0.45 * (0.97 ** (tries // 400))
        if shapely.contains_xy(outline, x, y) and far_enough(x, y, distance):
            points.append((x, y))
    tries = 0
    while len(points) < count:
        x, y = rnd.uniform(min_x, max_x), rnd.uniform(min_y, max_y)
        tries += 1
        distance = spacing * (0.97 ** (tries // 400))
        if shapely.contains_xy(outline, x, y) and far_enough(x, y, distance):
            points.append((x, y))
    return points, town


def _commune_shapes(outline: Polygon, points: list[tuple[float, float]]) -> list[object]:
    """Voronoi cells clipped to the outline, noded once on a 1e-6 degree grid so neighbours
    share their edges vertex for vertex."""
    cells = list(shapely.get_parts(shapely.voronoi_polygons(
        MultiPoint(points), extend_to=outline.buffer(0.3), ordered=True)))
    lines = [cell.boundary for cell in cells] + [outline.boundary]
    noded = shapely.union_all(lines, grid_size=1e-6)
    faces = list(shapely.get_parts(shapely.polygonize(list(shapely.get_parts(noded)))))
    snapped_outline = shapely.set_precision(outline, 1e-6)
    pieces: list[list[object]] = [[] for _ in points]
    tree = shapely.STRtree(cells)
    for face in faces:
        inside = face.point_on_surface()
        if not snapped_outline.contains(inside):
            continue
        near = [int(i) for i in tree.query(inside, predicate="intersects")] or list(range(len(cells)))
        owner = next((i for i in near if cells[i].contains(inside)), None)
        if owner is None:
            owner = min(near, key=lambda i: cells[i].distance(inside))
        pieces[owner].append(face)
    shapes = []
    for parts in pieces:
        shape = parts[0] if len(parts) == 1 else shapely.union_all(parts, grid_size=1e-6)
        if not shape.is_valid:
            shape = shapely.make_valid(shape)
        shapes.append(shapely.orient_polygons(shape))
    return shapes


def _area_km2(shape: object, latitude: float) -> float:
    return shape.area * 111.32 * math.cos(math.radians(latitude)) * 110.57


def _geojson_coordinates(shape: object) -> dict:
    def ring(coords) -> list[list[float]]:
        return [[round(x, 6), round(y, 6)] for x, y in coords]

    def polygon(poly) -> list[list[list[float]]]:
        return [ring(poly.exterior.coords)] + [ring(inner.coords) for inner in poly.interiors]

    if shape.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(shape)}
    parts = [part for part in shapely.get_parts(shape) if part.geom_type == "Polygon"]
    return {"type": "MultiPolygon", "coordinates": [polygon(part) for part in parts]}


# ---------------------------------------------------------------------------------------------
# the generator


class _Generator:
    def __init__(self, *, seed: int, end_month: str, months: int, communes: int, scale: float,
                 progress: ProgressCallback | None, real_communes: list[RealCommune] | None = None) -> None:
        self.real_communes = real_communes
        if real_communes:
            communes = len(real_communes)
        if months < DEFAULT_PERIOD_MONTHS:
            raise ValueError(f"months must be at least {DEFAULT_PERIOD_MONTHS} (the default period), got {months}")
        if not 20 <= communes <= (9999 if real_communes else 999):
            raise ValueError(f"communes must be between 20 and 999 (or up to 9,999 from a boundary file), got {communes}")
        if scale <= 0:
            raise ValueError(f"scale must be positive, got {scale}")
        self.seed = seed
        self.rnd = random.Random(seed)
        self.numbers = np.random.default_rng(seed)
        self.scale = scale
        self.commune_count = communes
        self.progress = progress
        last_month = parse_month(end_month)
        self.as_of = month_end(last_month)
        self.month_starts = [add_months(last_month, i - months + 1) for i in range(months)]
        self.month_ends = [month_end(start) for start in self.month_starts]
        self.data_start = self.month_starts[0]
        self.period_first_month = months - DEFAULT_PERIOD_MONTHS
        self.period_start = self.month_starts[self.period_first_month]
        self.next_month = add_months(last_month, 1)
        self.calendar = _Calendar(self.data_start - dt.timedelta(days=400), self.as_of + dt.timedelta(days=400))
        tet = set(self.calendar.tet_months())
        self.tet_month_indices = [i for i, start in enumerate(self.month_starts) if (start.year, start.month) in tet]
        self.communes: list[_Commune] = []
        self.agencies: list[_Agency] = []
        self.officials: list[_Official] = []
        self.slots = _Slots()
        self.visits: list[_Visit] = []
        self.walk_ins: list[tuple[int, int]] = []  # (visit index, official index)
        self.feedback: list[dict[str, object]] = []
        self.planted_pairs: list[tuple[int, int]] = []
        self.held_item_keys: list[int] = []
        self.outline: Polygon | None = None

    def planted(self, key: str) -> int:
        return max(2, round(PLANTED_AT_SCALE_1[key] * self.scale))

    # -- communes ---------------------------------------------------------------------------

    def build_communes(self) -> None:
        if self.real_communes:
            self._build_real_communes()
            return
        rnd = self.rnd
        count = self.commune_count
        self.outline = _province_outline(rnd)
        points, town = _seed_points(rnd, self.outline, count)
        shapes = _commune_shapes(self.outline, points)
        latitude = self.outline.centroid.y
        urban = max(1, round(count * 0.25))
        records = []
        for i, ((x, y), shape) in enumerate(zip(points, shapes)):
            angle = math.atan2(y - town[1], x - town[0])
            records.append((i < urban, math.hypot(x - town[0], y - town[1]), angle, shape))
        # Codes run town first, then the countryside counter-clockwise, like a real code list.
        records.sort(key=lambda r: (not r[0], round(r[2], 9) if not r[0] else round(r[1], 9), r[1]))
        step = 3 if count <= 333 else 1
        base_names = [f"{a} {b}" for a in names.PLACE_FIRST for b in names.PLACE_SECOND if a != b]
        rnd.shuffle(base_names)
        farthest = max(range(count), key=lambda i: records[i][1])
        for i, (is_urban, distance, _angle, shape) in enumerate(records):
            commune = _Commune(index=i, code=f"{names.PROVINCE_CODE}{1 + step * i:03d}", geometry=shape,
                               distance=distance)
            commune.area_km2 = round(_area_km2(shape, latitude), 2)
            if is_urban:
                commune.kind = "phuong"
                commune.name = f"Phường {base_names[i]}"
                commune.population = rnd.randint(15000, 45000)
            elif i == farthest:
                commune.kind = "dac_khu"
                commune.name = f"Đặc khu {names.SPECIAL_ZONE_NAME}"
                commune.population = rnd.randint(8000, 20000)
            else:
                commune.kind = "xa"
                commune.name = f"Xã {base_names[i]}"
                commune.population = rnd.randint(5000, 30000)
            self.communes.append(commune)
        self._choose_commune_roles()

    def _build_real_communes(self) -> None:
        """Communes of a real boundary file: its codes, names, types and polygons; invented figures."""
        rnd = self.rnd
        centre = shapely.union_all([real.geometry.representative_point() for real in self.real_communes]).centroid
        for i, real in enumerate(self.real_communes):
            point = real.geometry.representative_point()
            commune = _Commune(index=i, code=real.code, name=real.name, kind=real.kind, geometry=real.geometry,
                               distance=math.hypot(point.x - centre.x, point.y - centre.y),
                               province_code=real.province_code, province_name=real.province_name)
            commune.area_km2 = round(_area_km2(real.geometry, point.y), 2)
            low, high = (15000, 45000) if real.kind == "phuong" else (5000, 30000)
            commune.population = rnd.randint(low, high)
            self.communes.append(commune)
        self._choose_commune_roles()

    def _choose_commune_roles(self) -> None:
        rnd = self.rnd
        rural = [c.index for c in self.communes if c.kind == "xa"]
        for index in rnd.sample(rural, rnd.choice((2, 3))):
            self.communes[index].population = None
        by_distance = sorted(rural, key=lambda i: -self.communes[i].distance)
        for index in rnd.sample(by_distance[: max(NEVER_VISITED_COMMUNES * 3, len(by_distance) // 3)], NEVER_VISITED_COMMUNES):
            self.communes[index].role = "never"
        candidates = [i for i in rural if self.communes[i].role == "normal"]
        earliest = self.as_of - dt.timedelta(days=180)
        latest = self.as_of - dt.timedelta(days=120)
        for index in rnd.sample(candidates, STALE_COMMUNES):
            commune = self.communes[index]
            commune.role = "stale"
            commune.last_day = rnd.choice(self.calendar.working_between(earliest, latest))
        for commune in self.communes:
            self._build_hamlets(commune)

    def _build_hamlets(self, commune: _Commune) -> None:
        rnd = self.rnd
        if commune.kind == "phuong":
            count = rnd.randint(8, 18)
            label = rnd.choice(("Khu phố", "Tổ dân phố"))
            hamlet_names = [f"{label} {n}" for n in range(1, count + 1)]
        else:
            count = rnd.randint(7, 17)
            style = rnd.choices(("numbered", "named", "thon"), weights=(45, 40, 15))[0]
            if style == "numbered":
                hamlet_names = [f"Ấp {n}" for n in range(1, count + 1)]
            elif style == "named":
                picked = rnd.sample(names.HAMLET_NAMED, min(count, len(names.HAMLET_NAMED)))
                hamlet_names = [f"Ấp {name}" for name in picked]
            else:
                picked = rnd.sample(names.THON_NAMED, min(count, len(names.THON_NAMED)))
                hamlet_names = [f"Thôn {name}" for name in picked]
        population = commune.population or 12000
        for n, hamlet_name in enumerate(hamlet_names, start=1):
            households = None if rnd.random() < 0.08 else max(60, round(population / len(hamlet_names) / 3.6 * rnd.uniform(0.6, 1.4)))
            commune.hamlets.append((f"{commune.code}-{n:02d}", hamlet_name, households))

    # -- agencies and officials -------------------------------------------------------------

    def build_agencies(self) -> None:
        rnd = self.rnd
        for i, (name, agency_type, kind, weight) in enumerate(names.PROVINCIAL_AGENCIES):
            agency = _Agency(index=i, agency_id=f"DV{i + 1:02d}", name=name, level="tinh",
                             agency_type=agency_type, kind=kind, weight=weight)
            agency.small = name in names.SMALL_AGENCY_SIZES
            self.agencies.append(agency)
        by_name = {agency.name: agency for agency in self.agencies}
        for agency in self.agencies:
            parent = names.PARENT_OF_KIND.get(agency.kind)
            agency.parent = by_name[parent].agency_id if parent else ""
        for name in sorted(rnd.sample(SLOW_AGENCY_CANDIDATES, 3)):
            by_name[name].slow = True
            by_name[name].weak = True
        weak = by_name[rnd.choice(WEAK_AGENCY_CANDIDATES)]
        weak.weak = True
        weak.weight = 0.5
        count = max(2, min(10, round(self.commune_count / 12)))
        eligible = [c.index for c in self.communes if c.role == "normal" and c.kind != "dac_khu"]
        for commune_index in sorted(rnd.sample(eligible, count)):
            commune = self.communes[commune_index]
            agency = _Agency(index=len(self.agencies), agency_id=f"DV{len(self.agencies) + 1:02d}",
                             name=f"UBND {commune.name}", level="xa", agency_type="Chính quyền", kind="ubnd",
                             commune=commune_index)
            commune.agency = agency.index
            self.agencies.append(agency)

    def build_officials(self) -> None:
        rnd = self.rnd
        total = max(len(self.agencies) * 3, round(2000 * self.scale))
        sizes: dict[int, int] = {}
        for agency in self.agencies:
            if agency.small:
                sizes[agency.index] = names.SMALL_AGENCY_SIZES[agency.name]
            elif agency.level == "xa":
                sizes[agency.index] = max(3, round(rnd.randint(8, 13) * self.scale))
        pool = total - sum(sizes.values())
        weights = {a.index: a.weight for a in self.agencies if a.index not in sizes}
        weight_sum = sum(weights.values())
        for index, weight in weights.items():
            sizes[index] = max(4, round(pool * weight / weight_sum * rnd.uniform(0.85, 1.15)))
        for agency in self.agencies:
            head, deputy, others = names.POSITIONS[agency.kind]
            deputies = min(max(0, sizes[agency.index] - 2), rnd.randint(1, 3))
            for n in range(sizes[agency.index]):
                index = len(self.officials)
                if n == 0:
                    position, is_head = head, True
                elif n <= deputies:
                    position, is_head = deputy, False
                else:
                    position, is_head = _weighted(rnd, others), False
                # The import rejects dates before 2000 as impossible.
                first_year = max(2000, self.data_start.year - 22)
                active_from = None if rnd.random() < 0.05 else dt.date(
                    rnd.randint(first_year, self.data_start.year - 1), rnd.randint(1, 12), 1)
                self.officials.append(_Official(
                    index=index, official_id=f"CB{index + 1:05d}", full_name=_person_name(rnd),
                    agency=agency.index, position=position, is_head=is_head, active_from=active_from))
                agency.officials.append(index)

    def choose_roles(self) -> None:
        """Pick the planted officials: a large share in the weak agencies."""
        rnd = self.rnd
        counts = [(NEVER_PRESENT, self.planted("listed_never_present")),
                  (RARELY_PRESENT, self.planted("rarely_present")),
                  (UNDER_QUOTA, self.planted("under_quota"))]
        total = sum(count for _, count in counts)
        weak = [a for a in self.agencies if a.weak]
        # The weak agency that answers no feedback gets the biggest share, so attendance and
        # quota alone pull it down; the slow ones are already low on answering on time.
        shares = [(a, 0.4 if not a.slow else 0.2) for a in weak]
        in_weak = math.ceil(total * 0.55)
        chosen: list[int] = []
        for agency, share in shares:
            members = [o for o in agency.officials if not self.officials[o].is_head]
            take = min(len(members) - 1, max(1, round(in_weak * share)))
            chosen.extend(rnd.sample(members, max(0, take)))
        others = [o.index for o in self.officials
                  if not o.is_head and not self.agencies[o.agency].weak and not self.agencies[o.agency].small]
        taken = set(chosen)
        remaining = [o for o in others if o not in taken]
        chosen.extend(rnd.sample(remaining, total - len(chosen)) if len(chosen) < total else [])
        chosen = chosen[:total]
        rnd.shuffle(chosen)
        position = 0
        for role, count in counts:
            for official_index in chosen[position:position + count]:
                self.officials[official_index].role = role
            position += count

    # -- assignments ------------------------------------------------------------------------

    def _early_start(self) -> dt.date:
        rnd = self.rnd
        day = _random_day(rnd, self.data_start.replace(year=self.data_start.year - 6), self.data_start - DAY)
        return day.replace(day=1) if rnd.random() < 0.7 else day

    def _mid_day(self, low: dt.date, high: dt.date) -> dt.date:
        """A day strictly inside a month (so the month is partial), between low and high."""
        rnd = self.rnd
        while True:
            day = _random_day(rnd, low, high)
            if 3 <= day.day <= 26:
                return day

    def build_assignments(self) -> None:
        rnd = self.rnd
        normal = [c.index for c in self.communes if c.role == "normal"]
        assignable = [c.index for c in self.communes if c.role != "never"]
        weight_of = {c.index: math.sqrt(c.population or 12000) for c in self.communes}
        coverage = list(assignable) + list(assignable)
        rnd.shuffle(coverage)
        provincial_ordinary = [o for o in self.officials if self.agencies[o.agency].level == "tinh"
                               and o.role == ORDINARY]
        rnd.shuffle(provincial_ordinary)
        first_commune = {o.index: coverage[n] for n, o in enumerate(provincial_ordinary[:len(coverage)])}

        def draw(pool: list[int], exclude: tuple[int, ...] = ()) -> int:
            options = [c for c in pool if c not in exclude]
            return rnd.choices(options, weights=[weight_of[c] for c in options])[0]

        def required() -> int:
            return rnd.choices((0, 1, 2, 3), weights=(4, 20, 44, 32))[0]

        switch_day = dt.date(2025, 7, 1)
        for official in self.officials:
            agency = self.agencies[official.agency]
            if official.role != ORDINARY:
                home = agency.commune if agency.commune is not None else draw(normal)
                if official.role == NEVER_PRESENT:
                    official.assignments = [_Assignment(home, "", rnd.choice((1, 2)), self._early_start(), None)]
                elif official.role == RARELY_PRESENT:
                    official.assignments = [_Assignment(home, "", 1, self._early_start(), None)]
                else:
                    first = _Assignment(home, "", rnd.choice((1, 2, 3)), self._early_start(), None)
                    official.assignments = [first]
                    if agency.commune is None and rnd.random() < 0.3:
                        first.required = rnd.choice((1, 2))
                        official.assignments.append(_Assignment(draw(normal, (home,)), "", rnd.choice((1, 2)),
                                                                self._early_start(), None))
                    run = rnd.choice((4, 5))
                    begin = self.period_first_month + rnd.randint(0, DEFAULT_PERIOD_MONTHS - run)
                    official.run_months = tuple(range(begin, begin + run))
                continue
            if agency.commune is not None:
                commune = self.communes[agency.commune]
                hamlet = rnd.choice(commune.hamlets)[0] if rnd.random() < 0.7 else ""
                official.assignments = [_Assignment(agency.commune, hamlet, rnd.choices((1, 2, 3), weights=(3, 4, 3))[0],
                                                    self._early_start(), None)]
                continue
            if rnd.random() < 0.04 and not agency.small:
                continue  # support staff with no area of their own
            home = first_commune.get(official.index)
            if home is None:
                home = draw(assignable)
            chain = self._timeline(home, required(), assignable, draw, switch_day)
            official.assignments = list(chain)
            if rnd.random() < 0.7:
                second = draw(assignable, tuple(a.commune for a in chain))
                # A newcomer gets both areas on the day they join.
                start = chain[0].start if chain[0].start >= self.data_start else self._early_start()
                commune = self.communes[second]
                if commune.role != "stale" or start < commune.last_day:
                    official.assignments.append(self._stale_aware(_Assignment(second, "", required(), start, None)))
            last_end = max((a.end or dt.date.max) for a in official.assignments)
            if last_end != dt.date.max and rnd.random() < 0.5:
                official.active_to = last_end
        for official in self.officials:
            # Nobody is assigned before joining their agency.
            starts = [a.start for a in official.assignments]
            if starts and official.active_from is not None and official.active_from > min(starts):
                official.active_from = min(starts)
            if starts and min(starts) >= self.data_start:
                official.active_from = min(starts)

    def _stale_aware(self, assignment: _Assignment) -> _Assignment:
        """Assignments to a stale commune end on its last day with visits."""
        commune = self.communes[assignment.commune]
        if commune.role == "stale" and (assignment.end is None or assignment.end > commune.last_day):
            assignment.end = commune.last_day
        return assignment

    def _timeline(self, home: int, required: int, assignable: list[int], draw, switch_day: dt.date) -> list[_Assignment]:
        """One assignment, or a chain: mid-period start, mid-period end, reassignment."""
        rnd = self.rnd
        kind = rnd.choices(("steady", "joins", "moves", "leaves", "reform"), weights=(78, 7, 7, 3, 5))[0]
        commune = self.communes[home]
        if commune.role == "stale":
            first = _Assignment(home, "", required, self._early_start(), commune.last_day)
            if rnd.random() < 0.5:
                normal = [c.index for c in self.communes if c.role == "normal"]
                return [first, _Assignment(draw(normal, (home,)), "", required, commune.last_day + DAY, None)]
            return [first]
        if kind == "steady":
            return [_Assignment(home, "", required, self._early_start(), None)]
        if kind == "joins":
            return [_Assignment(home, "", required, self._mid_day(self.data_start + dt.timedelta(days=20),
                                                                  self.as_of - dt.timedelta(days=90)), None)]
        if kind in ("moves", "leaves"):
            end = self._mid_day(self.data_start + dt.timedelta(days=40), self.as_of - dt.timedelta(days=40))
            first = _Assignment(home, "", required, self._early_start(), end)
            if kind == "leaves":
                return [first]
            target = draw(assignable, (home,))
            second = _Assignment(target, "", required, end + DAY, None)
            return [first, self._stale_aware(second)] if not (
                self.communes[target].role == "stale" and end + DAY >= self.communes[target].last_day) else [first]
        if self.data_start < switch_day <= self.as_of:
            target = draw(assignable, (home,))
            if self.communes[target].role == "stale":
                return [_Assignment(home, "", required, self._early_start(), None)]
            return [_Assignment(home, "", required, self._early_start(), switch_day - DAY),
                    _Assignment(target, "", required, switch_day, None)]
        return [_Assignment(home, "", required, self._early_start(), None)]

    # -- slots --------------------------------------------------------------------------------

    def _extra_count(self, month: int) -> int:
        if month in self.tet_month_indices:
            return self.rnd.choices((0, 1), weights=(75, 25))[0]
        return self.rnd.choices((0, 1, 2, 3), weights=(8, 22, 32, 38))[0]

    def _present(self) -> str:
        return "late" if self.rnd.random() < 0.05 else "present"

    def _extra_status(self) -> str:
        draw = self.rnd.random()
        if draw < 0.07:
            return "absent"
        if draw < 0.13:
            return "excused"
        return self._present()

    def build_slots(self) -> None:
        rnd = self.rnd
        slots = self.slots
        for official in self.officials:
            if not official.assignments:
                continue
            for month, (start, end) in enumerate(zip(self.month_starts, self.month_ends)):
                active = [a for a in official.assignments if a.start <= end and (a.end is None or a.end >= start)]
                if not active:
                    continue
                full = [a for a in active if a.start <= start and (a.end is None or a.end >= end)]
                o = official.index
                if official.role == NEVER_PRESENT:
                    (assignment,) = full
                    extra = 1 if rnd.random() < 0.4 and month not in self.tet_month_indices else 0
                    for _ in range(assignment.required + extra):
                        slots.add(o, assignment.commune, month, start, end,
                                  "excused" if rnd.random() < 0.15 else "absent", True)
                    continue
                if official.role == RARELY_PRESENT:
                    (assignment,) = full
                    listed = 4 if rnd.random() < 0.25 else 3
                    present_at = rnd.randrange(listed)
                    for n in range(listed):
                        slots.add(o, assignment.commune, month, start, end,
                                  self._present() if n == present_at else "absent", True)
                    continue
                if official.role == UNDER_QUOTA and month in official.run_months:
                    targets = [a.commune for a in full for _ in range(a.required)]
                    present = set(rnd.sample(range(len(targets)), len(targets) - 1))
                    for n, commune in enumerate(targets):
                        slots.add(o, commune, month, start, end, self._present() if n in present else "absent", True)
                    continue
                for assignment in full:
                    for _ in range(assignment.required):
                        slots.add(o, assignment.commune, month, start, end, self._present(),
                                  official.role == UNDER_QUOTA)
                if full:
                    for _ in range(self._extra_count(month)):
                        assignment = rnd.choice(full)
                        slots.add(o, assignment.commune, month, start, end, self._extra_status(), False)
                for assignment in active:
                    if assignment in full:
                        continue
                    low = max(start, assignment.start)
                    high = min(end, assignment.end or end)
                    share = ((high - low).days + 1) / ((end - start).days + 1)
                    count = int(max(assignment.required, 1) * share + rnd.random())
                    if self.communes[assignment.commune].role == "stale":
                        count = max(1, count)
                    for _ in range(count):
                        slots.add(o, assignment.commune, month, low, high, self._extra_status(), False)
        self._ensure_never_present_listed()
        self._lift_ordinary_rates()

    def _ensure_never_present_listed(self) -> None:
        """A never-present official needs at least 3 non-excused listings in the default period."""
        slots = self.slots
        rows: dict[int, list[int]] = {}
        for i in range(len(slots)):
            if slots.month[i] >= self.period_first_month and self.officials[slots.official[i]].role == NEVER_PRESENT:
                rows.setdefault(slots.official[i], []).append(i)
        for official in sorted(rows):
            if sum(slots.status[i] == "absent" for i in rows[official]) < 3:
                for i in rows[official][:3]:
                    slots.status[i] = "absent"

    def _lift_ordinary_rates(self) -> None:
        """Ordinary officials keep an attendance rate of at least 0.7 in every 12-month block,
        so no one is rarely_present or listed_never_present by chance."""
        slots = self.slots
        months = len(self.month_starts)
        blocks: dict[tuple[int, int], list[int]] = {}
        for i in range(len(slots)):
            official = self.officials[slots.official[i]]
            if official.role in (NEVER_PRESENT, RARELY_PRESENT):
                continue
            block = (months - 1 - slots.month[i]) // DEFAULT_PERIOD_MONTHS
            blocks.setdefault((official.index, block), []).append(i)
        for key in sorted(blocks):
            rows = blocks[key]
            counted = [i for i in rows if slots.status[i] != "excused"]
            present = sum(slots.status[i] in ("present", "late") for i in counted)
            absent = [i for i in counted if slots.status[i] == "absent" and not slots.locked[i]]
            self.rnd.shuffle(absent)
            while counted and present < 0.7 * len(counted) and absent:
                slots.status[absent.pop()] = "present"
                present += 1

    # -- visits -------------------------------------------------------------------------------

    def _visit_days(self, low: dt.date, high: dt.date, count: int) -> list[dt.date]:
        rnd = self.rnd
        working = self.calendar.working_between(low, high)
        weekend = self.calendar.weekend_between(low, high)
        days = []
        for _ in range(count):
            if working and (not weekend or rnd.random() < 0.96):
                days.append(rnd.choice(working))
            elif weekend:
                days.append(rnd.choice(weekend))
            else:
                days.append(_random_day(rnd, low, high))
        return sorted(days)

    def pack_visits(self) -> None:
        """Pack each commune-month's slots into visits of 3-8 listed officials."""
        rnd = self.rnd
        slots = self.slots
        groups: dict[tuple[int, int], list[int]] = {}
        for i in range(len(slots)):
            groups.setdefault((slots.commune[i], slots.month[i]), []).append(i)
        for commune_index, month in sorted(groups):
            rows = groups[(commune_index, month)]
            commune = self.communes[commune_index]
            start, end = self.month_starts[month], self.month_ends[month]
            high = end
            if commune.role == "stale" and commune.last_day <= end:
                high = commune.last_day
            tet = month in self.tet_month_indices
            by_official: dict[int, list[int]] = {}
            for i in rows:
                by_official.setdefault(slots.official[i], []).append(i)
            capacities = []
            while sum(capacities) < len(rows) or len(capacities) < max(len(v) for v in by_official.values()):
                capacities.append(rnd.randint(4, 8) if tet else rnd.randint(3, 8))
            days = self._visit_days(start, high, len(capacities))
            if high != end:
                days[-1] = high
            visits = [_Visit(commune=commune_index, day=day, status="held", capacity=capacity, tiebreak=rnd.random())
                      for day, capacity in zip(days, capacities)]
            for official in sorted(by_official, key=lambda o: (-len(by_official[o]), o)):
                own = by_official[official]
                low = max(slots.low[i] for i in own)
                top = min(min(slots.high[i] for i in own), high)
                candidates = [v for v in visits if low <= v.day <= top]
                candidates.sort(key=lambda v: (len(v.members) / v.capacity, v.tiebreak))
                chosen = candidates[:len(own)]
                while len(chosen) < len(own):
                    extra = _Visit(commune=commune_index, day=self._visit_days(low, top, 1)[0], status="held",
                                   capacity=rnd.randint(3, 8), tiebreak=rnd.random())
                    visits.append(extra)
                    chosen.append(extra)
                for slot, visit in zip(own, chosen):
                    visit.members.append(slot)
            for visit in visits:
                if visit.members:
                    self.visits.append(visit)

    def describe_visits(self) -> None:
        rnd = self.rnd
        slots = self.slots
        coordinating = [a.index for a in self.agencies if a.name in COORDINATING_AGENCIES]
        general_topics = [topic for topic, _ in names.TOPICS]
        for visit in self.visits:
            commune = self.communes[visit.commune]
            member_agencies = [self.officials[slots.official[i]].agency for i in visit.members]
            draw = rnd.random()
            if draw < 0.7 or not coordinating:
                visit.lead = rnd.choice(member_agencies)
            elif draw < 0.9 or commune.agency is None:
                visit.lead = rnd.choice(coordinating)
            else:
                visit.lead = commune.agency
            self._describe(visit, general_topics)
            low, high = CITIZENS_RANGE[visit.visit_type]
            visit.citizens = rnd.randint(low, high)

    def _describe(self, visit: _Visit, general_topics: list[str]) -> None:
        rnd = self.rnd
        visit.visit_type = _weighted(rnd, VISIT_TYPE_WEIGHTS)
        commune = self.communes[visit.commune]
        visit.hamlet_id = rnd.choice(commune.hamlets)[0] if rnd.random() < 0.85 else ""
        if rnd.random() < 0.2:
            topic = ""
        elif visit.visit_type == "sinh_hoat" and rnd.random() < 0.6:
            topic = rnd.choice(names.VISIT_ONLY_TOPICS)
        else:
            topic = rnd.choice(general_topics)
        visit.topic = visit.canonical_topic = topic

    def add_unheld_visits(self) -> None:
        """Cancelled visits inside the data, planned ones in the month after it (no attendance)."""
        rnd = self.rnd
        general_topics = [topic for topic, _ in names.TOPICS]
        assigned: dict[int, list[int]] = {}
        for official in self.officials:
            for assignment in official.assignments:
                assigned.setdefault(assignment.commune, []).append(official.agency)
        held_per_month: dict[tuple[int, int], int] = {}
        for visit in self.visits:
            key = (visit.commune, visit.day.year * 12 + visit.day.month)
            held_per_month[key] = held_per_month.get(key, 0) + 1
        unheld = []
        next_start = self.next_month
        next_end = month_end(next_start)
        for (commune_index, month_key) in sorted(held_per_month):
            commune = self.communes[commune_index]
            held = held_per_month[(commune_index, month_key)]
            cancelled = sum(rnd.random() < 0.066 for _ in range(held))
            year, month = divmod(month_key - 1, 12)
            start = dt.date(year, month + 1, 1)
            high = min(month_end(start), commune.last_day or self.as_of)
            for day in self._visit_days(start, high, cancelled):
                unheld.append(_Visit(commune=commune_index, day=day, status="cancelled"))
        last_key = self.as_of.year * 12 + self.as_of.month
        for commune in self.communes:
            if commune.role != "normal":
                continue
            recent = [held_per_month.get((commune.index, last_key - k), 0) for k in range(3)]
            planned = round(sum(recent) / 3 * rnd.uniform(0.8, 1.05))
            for day in self._visit_days(next_start, next_end, planned):
                unheld.append(_Visit(commune=commune.index, day=day, status="planned"))
        for visit in unheld:
            agencies = assigned.get(visit.commune) or [a.index for a in self.agencies if a.name in COORDINATING_AGENCIES]
            visit.lead = rnd.choice(agencies)
            self._describe(visit, general_topics)
        self.visits.extend(unheld)

    def plant_overlaps(self) -> None:
        rnd = self.rnd
        slots = self.slots
        coordinating = [a.index for a in self.agencies if a.name in COORDINATING_AGENCIES]
        by_commune: dict[int, list[_Visit]] = {}
        for visit in self.visits:
            if visit.status == "held" and self.period_start <= visit.day <= self.as_of:
                by_commune.setdefault(visit.commune, []).append(visit)
        communes = [c.index for c in self.communes if c.role == "normal" and c.index in by_commune]
        rnd.shuffle(communes)
        wanted = min(self.planted("overlap_pairs"), len(communes))
        topics = [topic for topic, _ in names.TOPICS]
        index_of = {id(v): i for i, v in enumerate(self.visits)}
        for commune_index in communes:
            if len(self.planted_pairs) >= wanted:
                break
            visits = sorted(by_commune[commune_index], key=lambda v: (v.day, index_of[id(v)]))
            first = rnd.choice(visits)
            partners = [v for v in visits if v is not first and 0 <= (v.day - first.day).days <= OVERLAP_MAX_DAYS]
            if not partners:
                continue
            second = rnd.choice(partners)
            topic = rnd.choice(topics)
            kind = len(self.planted_pairs) % 5
            first.topic = first.canonical_topic = topic
            second.topic, second.canonical_topic = _topic_variant(topic, kind), topic
            if second.lead == first.lead:
                options = sorted({self.officials[slots.official[i]].agency for i in second.members} - {first.lead})
                options = options or [a for a in coordinating if a != first.lead]
                second.lead = rnd.choice(options)
            self.planted_pairs.append((index_of[id(first)], index_of[id(second)]))

    def remove_accidental_overlaps(self) -> None:
        """Change topics until the only overlaps (METRICS 3, 8.6) left are the planted pairs."""
        rnd = self.rnd
        planted = {i for pair in self.planted_pairs for i in pair}
        topics = [topic for topic, _ in names.TOPICS] + list(names.VISIT_ONLY_TOPICS)
        keys = [normalize_topic(v.topic) for v in self.visits]
        by_commune: dict[int, list[int]] = {}
        for i, visit in enumerate(self.visits):
            if visit.status == "held":
                by_commune.setdefault(visit.commune, []).append(i)
        for commune_index in sorted(by_commune):
            indices = by_commune[commune_index]
            done: dict[int, list[int]] = {}  # day ordinal -> visit indices already settled

            def settle(i: int) -> None:
                done.setdefault(self.visits[i].day.toordinal(), []).append(i)

            def clashes(i: int, key: str) -> bool:
                visit = self.visits[i]
                ordinal = visit.day.toordinal()
                for day in range(ordinal - OVERLAP_MAX_DAYS, ordinal + OVERLAP_MAX_DAYS + 1):
                    for j in done.get(day, ()):
                        if keys[j] == key and self.visits[j].lead != visit.lead:
                            return True
                return False

            for i in indices:
                if i in planted:
                    settle(i)
            for i in sorted((i for i in indices if i not in planted), key=lambda i: (self.visits[i].day, i)):
                if keys[i] and clashes(i, keys[i]):
                    options = list(topics)
                    rnd.shuffle(options)
                    replacement = next((t for t in options if not clashes(i, normalize_topic(t))), "")
                    self.visits[i].topic = self.visits[i].canonical_topic = replacement
                    keys[i] = normalize_topic(replacement)
                settle(i)

    def add_walk_ins(self) -> None:
        rnd = self.rnd
        slots = self.slots
        held = [i for i, v in enumerate(self.visits) if v.status == "held"]
        by_commune: dict[int, list[tuple[int, _Assignment]]] = {}
        for official in self.officials:
            if official.role != ORDINARY:
                continue
            for assignment in official.assignments:
                by_commune.setdefault(assignment.commune, []).append((official.index, assignment))
        wanted = round(0.02 * len(slots))
        seen: set[tuple[int, int]] = set()
        for _ in range(wanted):
            visit_index = rnd.choice(held)
            visit = self.visits[visit_index]
            roster = {slots.official[i] for i in visit.members}
            candidates = [o for o, a in by_commune.get(visit.commune, [])
                          if o not in roster and a.start <= visit.day and (a.end is None or visit.day <= a.end)]
            if not candidates:
                continue
            official = rnd.choice(candidates)
            if (visit_index, official) in seen:
                continue
            seen.add((visit_index, official))
            self.walk_ins.append((visit_index, official))

    def number_visits(self) -> None:
        order = sorted(range(len(self.visits)), key=lambda i: (self.visits[i].day, self.communes[self.visits[i].commune].code, i))
        for n, i in enumerate(order, start=1):
            self.visits[i].visit_id = f"BX{n:06d}"
        for i, visit in enumerate(self.visits):
            for slot in visit.members:
                self.slots.visit[slot] = i

    # -- feedback -----------------------------------------------------------------------------

    def build_feedback(self) -> None:
        rnd = self.rnd
        slots = self.slots
        as_of = self.as_of
        by_name = {a.name: a.index for a in self.agencies}
        self.route = {topic: [by_name[name] for name in targets] for topic, targets in names.TOPICS}
        topic_names = [topic for topic, _ in names.TOPICS]
        topic_weights = [5 if t in ("Đất đai", "Giải phóng mặt bằng", "Môi trường", "Giao thông nông thôn") else 2
                         for t in topic_names]
        total = round(80000 * self.scale)
        present_at: dict[int, list[int]] = {}
        for i in range(len(slots)):
            if slots.status[i] in ("present", "late"):
                present_at.setdefault(slots.visit[i], []).append(slots.official[i])
        for visit_index, official in self.walk_ins:
            present_at.setdefault(visit_index, []).append(official)
        held = [i for i, v in enumerate(self.visits) if v.status == "held"]
        weights = np.asarray([self.visits[i].citizens for i in held], dtype=float)
        counts = self.numbers.poisson(total * 0.7 * weights / weights.sum())
        for visit_index, count in zip(held, counts.tolist()):
            visit = self.visits[visit_index]
            recorders = present_at.get(visit_index)
            if not recorders or count == 0:
                continue
            for _ in range(count):
                if visit.canonical_topic in self.route and rnd.random() < 0.6:
                    topic = visit.canonical_topic
                else:
                    topic = rnd.choices(topic_names, weights=topic_weights)[0]
                item = self._item(visit.day, visit.commune, visit_index,
                                  "dialogue" if visit.visit_type == "doi_thoai" else "visit", topic,
                                  self.officials[rnd.choice(recorders)].official_id)
                self._handle(item)
                self.feedback.append(item)
        self._add_direct_items(round(total * 0.3), topic_names, topic_weights, by_name)
        self._plant_held_items(present_at, topic_names, topic_weights)
        last = self._item(as_of, self._population_commune(), None, "online",
                          rnd.choices(topic_names, weights=topic_weights)[0], "")
        self.feedback.append(last)  # received on the last day: the data's as_of
        for item in self.feedback:
            self._cap(item)

    def _population_commune(self) -> int:
        weights = [c.population or 12000 for c in self.communes]
        return self.rnd.choices(range(len(self.communes)), weights=weights)[0]

    def _item(self, received: dt.date, commune: int, visit: int | None, channel: str, topic: str,
              recorded_by: str) -> dict[str, object]:
        rnd = self.rnd
        summary = rnd.choice(names.SUMMARIES.get(topic, names.GENERAL_SUMMARIES))
        return {
            "received_date": received, "commune": commune, "visit": visit, "channel": channel,
            "topic": topic if rnd.random() > 0.04 else "", "recorded_by": recorded_by,
            "handled_on_spot": False, "forwarded_to": None, "forwarded_date": None, "due_date": None,
            "replied_date": None, "resolved_date": None, "summary": summary if rnd.random() > 0.03 else "",
            "citizen_name": _person_name(rnd) if rnd.random() < 0.85 else "",
            "citizen_phone": _phone(rnd) if rnd.random() < 0.8 else "", "held": False,
        }

    def _target_agency(self, topic: str, commune: int) -> int:
        rnd = self.rnd
        own = self.communes[commune].agency
        if own is not None and (topic in names.LOCAL_TOPICS or not topic) and rnd.random() < 0.5:
            return own
        if not topic:
            return rnd.choice([a.index for a in self.agencies if a.name == "Văn phòng UBND tỉnh"])
        return rnd.choice(self.route[topic])

    def _handle(self, item: dict[str, object]) -> None:
        """How an ordinary item is handled: never held (forwarded within 5 days, answered on the
        spot or replied within 7 days)."""
        rnd = self.rnd
        calendar_ = self.calendar
        received: dt.date = item["received_date"]
        draw = rnd.random()
        if draw < 0.35:
            item["handled_on_spot"] = True
            item["replied_date"] = received if rnd.random() < 0.7 else None
            if rnd.random() < 0.45:
                item["resolved_date"] = received
            return
        if draw < 0.40:
            replied = received + dt.timedelta(days=rnd.randint(1, HELD_AFTER_DAYS))
            item["replied_date"] = replied
            if rnd.random() < 0.5:
                item["resolved_date"] = replied + dt.timedelta(days=rnd.randint(0, 20))
            return
        agency = self.agencies[self._target_agency(item["topic"], item["commune"])]
        item["forwarded_to"] = agency.index
        days = calendar_.working_between(received, received + dt.timedelta(days=5))
        forwarded = rnd.choice(days) if days else received
        item["forwarded_date"] = forwarded
        due = received + dt.timedelta(days=rnd.randint(10, 30)) if rnd.random() < 0.3 else None
        item["due_date"] = due
        effective = due or calendar_.nth_working_after(received, REPLY_WORKING_DAYS)
        draw = rnd.random()
        if agency.slow and draw < 0.85:
            # Slow agencies: a reply takes 25-90 days, and one item in five gets none.
            replied = None if draw < 0.17 else received + dt.timedelta(days=rnd.randint(25, 90))
        elif draw < 0.03 and not agency.slow:
            replied = None
        elif draw < 0.13 and not agency.slow:
            replied = effective + dt.timedelta(days=rnd.randint(1, 30))
        else:
            low = max(forwarded, received + DAY)
            options = calendar_.working_between(low, effective) or [effective]
            replied = rnd.choice(options)
        if replied is not None:
            replied = max(replied, forwarded)
            item["replied_date"] = replied
            if rnd.random() < 0.55:
                item["resolved_date"] = replied + dt.timedelta(days=rnd.randint(0, 45))

    def _add_direct_items(self, count: int, topic_names, topic_weights, by_name: dict[str, int]) -> None:
        """Hotline, online, letter and other items: no visit."""
        rnd = self.rnd
        channels = (("online", 40), ("hotline", 33), ("letter", 20), ("other", 7))
        provincial_desk = {
            "letter": self.agencies[by_name["Thanh tra tỉnh"]].officials,
            "other": self.agencies[by_name["Văn phòng UBND tỉnh"]].officials,
            "hotline": self.agencies[by_name["Văn phòng UBND tỉnh"]].officials,
            "online": self.agencies[by_name["Văn phòng UBND tỉnh"]].officials,
        }
        all_days = [self.data_start + dt.timedelta(days=d) for d in range((self.as_of - self.data_start).days + 1)]
        working_days = self.calendar.working_between(self.data_start, self.as_of)
        for _ in range(count):
            channel = _weighted(rnd, channels)
            received = rnd.choice(all_days if channel == "online" else working_days)
            commune = self._population_commune()
            if channel == "online" and rnd.random() < 0.5:
                recorded_by = ""
            else:
                own = self.communes[commune].agency
                desk = self.agencies[own].officials if own is not None else provincial_desk[channel]
                recorded_by = self.officials[rnd.choice(desk)].official_id
            item = self._item(received, commune, None, channel, rnd.choices(topic_names, weights=topic_weights)[0],
                              recorded_by)
            self._handle(item)
            self.feedback.append(item)

    def _plant_held_items(self, present_at: dict[int, list[int]], topic_names, topic_weights) -> None:
        """Items neither forwarded nor replied within 7 days (METRICS 5, 8.14)."""
        rnd = self.rnd
        latest = self.as_of - dt.timedelta(days=10)
        visits_of: dict[int, list[int]] = {}
        for visit_index in sorted(present_at):
            visit = self.visits[visit_index]
            if visit.status == "held" and self.period_start <= visit.day <= latest:
                for official in dict.fromkeys(present_at[visit_index]):
                    visits_of.setdefault(official, []).append(visit_index)
        candidates = [o.index for o in self.officials if o.role == ORDINARY and not self.agencies[o.agency].small
                      and len(visits_of.get(o.index, ())) >= 6]
        for official_index in rnd.sample(candidates, min(self.planted("holding_information"), len(candidates))):
            official = self.officials[official_index]
            official.holds_information = True
            for visit_index in rnd.sample(visits_of[official_index], rnd.randint(2, 5)):
                visit = self.visits[visit_index]
                topic = visit.canonical_topic if visit.canonical_topic in self.route else rnd.choices(
                    topic_names, weights=topic_weights)[0]
                item = self._item(visit.day, visit.commune, visit_index,
                                  "dialogue" if visit.visit_type == "doi_thoai" else "visit", topic,
                                  official.official_id)
                self._hold(item)
                self.feedback.append(item)
        for _ in range(self.planted("unrecorded_held_items")):
            received = _random_day(rnd, self.period_start, latest)
            item = self._item(received, self._population_commune(), None, "online",
                              rnd.choices(topic_names, weights=topic_weights)[0], "")
            self._hold(item)
            self.feedback.append(item)

    def _hold(self, item: dict[str, object]) -> None:
        rnd = self.rnd
        received: dt.date = item["received_date"]
        item["held"] = True
        pattern = rnd.choices(("late_forward", "sitting", "late_reply"), weights=(5, 3, 2))[0]
        if pattern == "late_forward":
            forwarded = received + dt.timedelta(days=rnd.randint(HELD_AFTER_DAYS + 1, 40))
            item["forwarded_to"] = self._target_agency(item["topic"], item["commune"])
            item["forwarded_date"] = forwarded
            if rnd.random() < 0.7:
                item["replied_date"] = forwarded + dt.timedelta(days=rnd.randint(3, 30))
        elif pattern == "late_reply":
            item["replied_date"] = received + dt.timedelta(days=rnd.randint(HELD_AFTER_DAYS + 2, 45))

    def _cap(self, item: dict[str, object]) -> None:
        """Nothing is dated after the data's end: a later forward or reply has not happened yet."""
        for key in ("forwarded_date", "replied_date", "resolved_date"):
            if item[key] is not None and item[key] > self.as_of:
                item[key] = None
        if item["forwarded_date"] is None:
            item["forwarded_to"] = None
        if item["replied_date"] is None and not item["handled_on_spot"]:
            item["resolved_date"] = None
        if item["resolved_date"] is not None and item["replied_date"] is not None and item["resolved_date"] < item["replied_date"]:
            item["resolved_date"] = item["replied_date"]

    # -- output -------------------------------------------------------------------------------

    def frames(self) -> dict[str, pd.DataFrame]:
        slots = self.slots
        agency_id = [a.agency_id for a in self.agencies]
        rows: dict[str, list[dict[str, str]]] = {name: [] for name in contract.TABLE_ORDER}
        for c in self.communes:
            rows["communes"].append({
                "commune_code": c.code, "commune_name": c.name, "province_code": c.province_code,
                "province_name": c.province_name, "commune_type": c.kind,
                "population": "" if c.population is None else str(c.population), "area_km2": f"{c.area_km2:.2f}"})
            for hamlet_id, hamlet_name, households in c.hamlets:
                rows["hamlets"].append({"hamlet_id": hamlet_id, "hamlet_name": hamlet_name, "commune_code": c.code,
                                        "households": "" if households is None else str(households)})
        for a in self.agencies:
            rows["agencies"].append({"agency_id": a.agency_id, "agency_name": a.name, "level": a.level,
                                     "agency_type": a.agency_type, "parent_agency_id": a.parent})
        for o in self.officials:
            rows["officials"].append({
                "official_id": o.official_id, "full_name": o.full_name, "agency_id": agency_id[o.agency],
                "position": o.position, "is_head": "true" if o.is_head else "false",
                "active_from": _iso(o.active_from), "active_to": _iso(o.active_to)})
            for a in sorted(o.assignments, key=lambda a: (a.start, self.communes[a.commune].code)):
                rows["assignments"].append({
                    "official_id": o.official_id, "commune_code": self.communes[a.commune].code,
                    "hamlet_id": a.hamlet_id, "required_visits_per_month": str(a.required),
                    "assigned_from": _iso(a.start), "assigned_to": _iso(a.end)})
        for v in sorted(self.visits, key=lambda v: v.visit_id):
            rows["visits"].append({
                "visit_id": v.visit_id, "visit_date": _iso(v.day), "commune_code": self.communes[v.commune].code,
                "hamlet_id": v.hamlet_id, "visit_type": v.visit_type, "lead_agency_id": agency_id[v.lead],
                "topic": v.topic, "status": v.status,
                "citizens_attending": "" if v.citizens is None else str(v.citizens)})
        attendance = []
        for i in range(len(slots)):
            attendance.append((self.visits[slots.visit[i]].visit_id, self.officials[slots.official[i]].official_id,
                               "true", slots.status[i]))
        for visit_index, official in self.walk_ins:
            attendance.append((self.visits[visit_index].visit_id, self.officials[official].official_id, "false", "present"))
        attendance.sort()
        frames = {name: pd.DataFrame(rows[name], columns=contract.table(name).column_names, dtype=str)
                  for name in contract.TABLE_ORDER if name not in ("attendance", "feedback")}
        frames["attendance"] = pd.DataFrame(attendance, columns=contract.table("attendance").column_names, dtype=str)
        frames["feedback"] = self.feedback_frame()
        return {name: frames[name] for name in contract.TABLE_ORDER}

    def number_feedback(self) -> None:
        order = sorted(range(len(self.feedback)), key=lambda i: (
            self.feedback[i]["received_date"], self.communes[self.feedback[i]["commune"]].code, i))
        for n, i in enumerate(order, start=1):
            self.feedback[i]["feedback_id"] = f"YK{n:07d}"
        self.feedback.sort(key=lambda item: item["feedback_id"])

    def feedback_frame(self) -> pd.DataFrame:
        rows = []
        for item in self.feedback:
            rows.append({
                "feedback_id": item["feedback_id"], "received_date": _iso(item["received_date"]),
                "commune_code": self.communes[item["commune"]].code,
                "visit_id": "" if item["visit"] is None else self.visits[item["visit"]].visit_id,
                "channel": item["channel"], "topic": item["topic"], "recorded_by": item["recorded_by"],
                "handled_on_spot": "true" if item["handled_on_spot"] else "false",
                "forwarded_to": "" if item["forwarded_to"] is None else self.agencies[item["forwarded_to"]].agency_id,
                "forwarded_date": _iso(item["forwarded_date"]), "due_date": _iso(item["due_date"]),
                "replied_date": _iso(item["replied_date"]), "resolved_date": _iso(item["resolved_date"]),
                "summary": item["summary"], "citizen_name": item["citizen_name"], "citizen_phone": item["citizen_phone"],
            })
        return pd.DataFrame(rows, columns=contract.table("feedback").column_names, dtype=str)

    def boundaries(self) -> dict:
        features = []
        for c in self.communes:
            features.append({
                "type": "Feature",
                "properties": {"commune_code": c.code, "commune_name": c.name, "province_code": c.province_code},
                "geometry": _geojson_coordinates(c.geometry),
            })
        return {"type": "FeatureCollection", "features": features}

    def ground_truth(self) -> dict:
        officials = self.officials
        never = sorted(o.official_id for o in officials if o.role == NEVER_PRESENT)
        rarely = sorted(o.official_id for o in officials if o.role == RARELY_PRESENT)
        under = sorted(o.official_id for o in officials if o.role in (UNDER_QUOTA, NEVER_PRESENT))
        holding = sorted(o.official_id for o in officials if o.holds_information)
        held_items = sorted(item["feedback_id"] for item in self.feedback if item["held"])
        last_held: dict[int, dt.date] = {}
        for visit in self.visits:
            if visit.status == "held":
                last_held[visit.commune] = max(last_held.get(visit.commune, visit.day), visit.day)
        pairs = sorted(sorted((self.visits[a].visit_id, self.visits[b].visit_id)) for a, b in self.planted_pairs)
        return {
            "seed": self.seed,
            "as_of": self.as_of.isoformat(),
            "default_period": {"start": f"{self.period_start:%Y-%m}", "end": f"{self.as_of:%Y-%m}"},
            "flags": {"listed_never_present": never, "rarely_present": rarely, "under_quota": under,
                      "holding_information": holding},
            "held_items": held_items,
            "never_visited_communes": sorted(c.code for c in self.communes if c.role == "never"),
            "stale_communes": [{"commune_code": c.code, "last_visit_date": last_held[c.index].isoformat()}
                               for c in self.communes if c.role == "stale"],
            "slow_agencies": sorted(a.agency_id for a in self.agencies if a.slow),
            "weak_agencies": sorted(a.agency_id for a in self.agencies if a.weak),
            "small_agencies": sorted(a.agency_id for a in self.agencies if a.small),
            "overlap_pairs": [list(pair) for pair in pairs],
            "tet_months": [f"{self.month_starts[i]:%Y-%m}" for i in self.tet_month_indices],
        }


@dataclass(frozen=True)
class RealCommune:
    code: str
    name: str
    kind: str
    province_code: str
    province_name: str
    geometry: object


def read_real_communes(path: Path) -> list[RealCommune]:
    """Communes of a real boundary file, in code order (read like any user's file)."""
    from outreach.ingest.geo import detect_code_column, normalise_code, read_boundaries

    frame = read_boundaries(path)
    code_column = detect_code_column(frame, set(), None)
    name_column = next((c for c in ("fullName", "commune_name", "full_name", "name", "ten_xa") if c in frame.columns), None)
    province_column = next((c for c in ("province_code", "ma_tinh") if c in frame.columns), None)
    if code_column is None or name_column is None:
        raise ValueError(f"{path.name}: cannot find the commune code and name columns (have: {', '.join(map(str, frame.columns))})")
    communes: dict[str, RealCommune] = {}
    for _, row in frame.iterrows():
        code = normalise_code(row[code_column])
        if not code or code in communes:
            continue
        name = " ".join(unicodedata.normalize("NFC", str(row[name_column])).split())
        lowered = name.casefold()
        kind = "phuong" if lowered.startswith("phường") else "dac_khu" if lowered.startswith("đặc khu") else "xa"
        if kind == "xa" and not lowered.startswith("xã"):
            name = f"Xã {name}"
        province = normalise_code(row[province_column], width=2) if province_column else names.PROVINCE_CODE
        communes[code] = RealCommune(code=code, name=name, kind=kind, province_code=province,
                                     province_name=_province_name(province), geometry=row.geometry)
    return [communes[code] for code in sorted(communes)]


def _province_name(code: str) -> str:
    try:
        from vietnam_provinces import Province, ProvinceCode

        province = Province.from_code(ProvinceCode(int(code)))
        if province.name.startswith(("Thành phố", "Tỉnh")):
            return province.name
        prefix = "Thành phố" if "THANH_PHO" in str(province.division_type).upper() else "Tỉnh"
        return f"{prefix} {province.name}"
    except (ImportError, ValueError, KeyError):
        return f"Tỉnh {code}"


def generate(
    out_dir: Path,
    *,
    seed: int = 2026,
    end_month: str = "2026-10",
    months: int = 24,
    communes: int = 120,
    scale: float | None = None,
    progress: ProgressCallback | None = None,
    boundaries: Path | None = None,
) -> DemoSummary:
    """Write the demo export (8 CSVs), boundaries.geojson and ground_truth.json into out_dir.

    With `boundaries` (a real boundary file), the communes are that file's communes (codes,
    names, types, polygons) and the volume grows with their number (up to 3x the default)."""
    out_dir = Path(out_dir)
    real = read_real_communes(Path(boundaries)) if boundaries else None
    if scale is None:
        scale = min(3.0, max(1.0, len(real) / 120)) if real else 1.0
    generator = _Generator(seed=seed, end_month=end_month, months=months, communes=communes, scale=scale,
                           progress=progress, real_communes=real)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("Dữ liệu mẫu: xã, ranh giới và thôn", generator.build_communes),
        ("Dữ liệu mẫu: đơn vị và cán bộ", lambda: (generator.build_agencies(), generator.build_officials(),
                                            generator.choose_roles())),
        ("Dữ liệu mẫu: phân công địa bàn", generator.build_assignments),
        ("Dữ liệu mẫu: định mức hằng tháng", generator.build_slots),
        ("Dữ liệu mẫu: buổi xuống cơ sở", lambda: (generator.pack_visits(), generator.describe_visits(), generator.add_unheld_visits())),
        ("Dữ liệu mẫu: nội dung và trùng lặp", lambda: (generator.plant_overlaps(), generator.remove_accidental_overlaps())),
        ("Dữ liệu mẫu: điểm danh", lambda: (generator.add_walk_ins(), generator.number_visits())),
        ("Dữ liệu mẫu: ý kiến người dân", lambda: (generator.build_feedback(), generator.number_feedback())),
    ]
    for n, (message, step) in enumerate(steps):
        _report(progress, message, n / (len(steps) + 1))
        step()
    _report(progress, "Dữ liệu mẫu: ghi tệp", len(steps) / (len(steps) + 1))
    out_dir.mkdir(parents=True, exist_ok=True)
    row_counts: dict[str, int] = {}
    for name, frame in generator.frames().items():
        frame.to_csv(out_dir / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")
        row_counts[name] = len(frame)
    boundaries = out_dir / "boundaries.geojson"
    boundaries.write_text(json.dumps(generator.boundaries(), ensure_ascii=False, separators=(",", ":")) + "\n",
                          encoding="utf-8")
    truth_path = out_dir / "ground_truth.json"
    truth_path.write_text(json.dumps(generator.ground_truth(), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                          encoding="utf-8")
    _report(progress, "Dữ liệu mẫu: xong", 1.0)
    return DemoSummary(out_dir=out_dir, row_counts=row_counts, ground_truth=truth_path, boundaries=boundaries,
                       as_of=generator.as_of)


if __name__ == "__main__":  # pragma: no cover - manual use: python -m outreach.demo OUT_DIR
    import sys
    import time

    started = time.perf_counter()
    result = generate(Path(sys.argv[1] if len(sys.argv) > 1 else "data/demo"))
    for table_name, rows in result.row_counts.items():
        print(f"{table_name:<12} {rows:>9,}")
    print(f"{time.perf_counter() - started:.1f} s")
