"""A seeded national demo export: the whole country after the 2025 reform, for scale and speed.

`generate_national(out_dir)` writes one file per contract table (Parquet by default, CSV on
request) and `boundaries.geojson`: 34 provinces, 3,321 communes, about 64,000 hamlets, 200,000
officials, 12 months, about 1.2 million visits, 5 million attendance rows and 2 million feedback
items. Nothing is planted; the distributions are meant to look like real data:

- visits follow the seasons: fewer in the Tết month, more in the month before it (visits to
  families in need before the holiday), a little fewer in the summer storm months;
- communes differ (busy wards, remote communes, a few communes nobody visited for months);
- most officials come to most visits they are listed for, a few never come, some rarely;
- feedback is answered on the spot, forwarded within days, or (rarely) held for weeks; each
  province has two slow agencies whose replies take weeks; recent items are still open.

Every province is generated on its own random stream (seed, province number), so a province's
rows are the same whether the whole country or only that province is written (`provinces=`,
`fraction=`), and the same seed gives the same bytes. Rows are written province by province with
pyarrow's ParquetWriter (or CSV writer), so memory stays bounded by one province.

Geography: with `boundaries` (e.g. ../shared/geo/vn2025_communes_national_simplified.geojson) the
communes are that file's communes (codes, names, types, provinces, polygons); otherwise 3,321
synthetic communes are drawn as Voronoi cells inside a rough outline of the country (neighbours
share their edges) and grouped into 34 fictional provinces.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import shapely

from outreach.ingest import contract
from outreach.demo import names
from outreach.demo.common import CITIZENS_RANGE, SLOW_AGENCY_CANDIDATES, VISIT_TYPE_WEIGHTS, Calendar
from outreach.demo.geography import area_km2, commune_shapes, geojson_coordinates, read_real_communes
from outreach.query.periods import add_months, month_end, parse_month

ProgressCallback = Callable[[str, float], None]

FORMATS = ("parquet", "csv")
PROVINCES = 34
COMMUNES = 3_321
# Per commune (national averages): officials of the commune's own UBND and of provincial
# agencies assigned to it; visits a month; feedback items a month that did not come through a visit.
COMMUNE_OFFICIALS = 20
PROVINCIAL_OFFICIALS_PER_COMMUNE = 40
VISITS_PER_COMMUNE_MONTH = 28.7
OTHER_FEEDBACK_PER_COMMUNE_MONTH = 12.5
ROW_GROUP = 1_000_000

# Fictional provinces, north to south; the first two are centrally-run cities.
PROVINCE_NAMES = (
    "Thành phố Vân Phong", "Thành phố Hải Minh", "Tỉnh Mây Ngàn", "Tỉnh Lạc Sơn", "Tỉnh Ngọc Lĩnh",
    "Tỉnh Bích Khê", "Tỉnh Thanh Lâm", "Tỉnh Kim Sơn", "Tỉnh Trường Giang", "Tỉnh An Hà", "Tỉnh Phú Nguyên",
    "Tỉnh Hòa Giang", "Tỉnh Bình Sơn", "Tỉnh Đông Hải", "Tỉnh Tùng Lâm", "Tỉnh Hồng Lĩnh", "Tỉnh Vĩnh Xuyên",
    "Tỉnh Nam Hà", "Tỉnh Thạch Bàn", "Tỉnh Ngân Sơn", "Tỉnh Cẩm Giang", "Tỉnh Trà Lĩnh", "Tỉnh Hương Sơn",
    "Tỉnh Lam Điền", "Tỉnh Cao Nguyên", "Tỉnh Sông Mây", "Tỉnh Phước Hải", "Tỉnh Tân Châu", "Tỉnh Kênh Xáng",
    "Tỉnh Vàm Cỏ", "Tỉnh Hậu Giang Mới", "Tỉnh Mỹ Xuyên", "Tỉnh Rạch Giá Mới", "Tỉnh Mũi Đất",
)
# Codes of the fictional provinces: two digits that are not 2025 province codes, so that the
# commune codes (province code + 3 digits, from 34001) never name a real unit.
PROVINCE_CODES = (
    "34", "35", "36", "39", "41", "43", "45", "47", "49", "50", "53", "54", "55", "57", "58", "59", "60",
    "61", "62", "63", "64", "65", "67", "69", "70", "71", "72", "73", "74", "76", "77", "78", "81", "83",
)
# A rough outline of the mainland (lon, lat), enough to give the synthetic map the country's shape.
OUTLINE = (
    (102.14, 22.40), (103.0, 22.75), (104.0, 22.80), (105.3, 23.25), (106.7, 22.85), (107.95, 21.55),
    (107.3, 21.0), (106.6, 20.25), (105.85, 19.05), (106.05, 18.2), (106.6, 17.45), (107.85, 16.35),
    (108.75, 15.45), (109.1, 14.3), (109.3, 13.0), (109.25, 11.7), (108.7, 11.1), (107.7, 10.6),
    (106.8, 10.35), (106.5, 9.6), (105.6, 8.95), (105.05, 8.6), (104.75, 9.3), (104.85, 10.2),
    (104.55, 10.45), (105.1, 10.95), (106.1, 11.3), (106.45, 11.9), (107.45, 12.3), (107.55, 13.6),
    (107.55, 14.6), (107.35, 15.55), (106.6, 16.5), (105.6, 17.65), (104.95, 18.55), (104.0, 19.2),
    (104.45, 19.75), (103.3, 20.75), (102.7, 21.15), (102.2, 21.45),
)
# Seasonal factor of visits by calendar month offset from the Tết month (0 = the Tết month).
TET_FACTOR = {-1: 1.18, 0: 0.5, 1: 0.92}
STORM_MONTHS = {9: 0.9, 10: 0.92}

ATTENDANCE_STATUS = ("present", "late", "absent", "excused")
CHANNELS_OTHER = ("hotline", "online", "letter", "other")
CHANNEL_OTHER_WEIGHTS = (0.35, 0.4, 0.15, 0.10)


@dataclass(frozen=True)
class NationalSummary:
    out_dir: Path
    row_counts: dict[str, int]
    boundaries: Path
    as_of: dt.date
    provinces: list[str]
    file_format: str


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    kind: str
    province_code: str
    province_name: str
    geometry: object
    area_km2: float


# ---------------------------------------------------------------------------------------------
# geography


def _jittered_seeds(rng: np.random.Generator, outline, count: int) -> np.ndarray:
    """`count` points inside the outline on a jittered grid (evenly spread, no clumps)."""
    min_x, min_y, max_x, max_y = outline.bounds
    spacing = math.sqrt(outline.area / count) * 0.97
    while True:
        xs = np.arange(min_x + spacing / 2, max_x, spacing)
        ys = np.arange(min_y + spacing / 2, max_y, spacing)
        grid_x, grid_y = np.meshgrid(xs, ys)
        inside = shapely.contains_xy(outline, grid_x.ravel(), grid_y.ravel())
        if inside.sum() >= count:
            break
        spacing *= 0.97
    points = np.column_stack([grid_x.ravel()[inside], grid_y.ravel()[inside]])
    points = points[np.sort(rng.choice(len(points), size=count, replace=False))]
    jittered = points + rng.uniform(-0.3, 0.3, size=points.shape) * spacing
    keep = shapely.contains_xy(outline, jittered[:, 0], jittered[:, 1])
    return np.where(keep[:, None], jittered, points)


def _province_groups(rng: np.random.Generator, points: np.ndarray, count: int) -> np.ndarray:
    """Province number of every seed: k-means on the seeds, numbered north to south."""
    centres = points[np.sort(rng.choice(len(points), size=count, replace=False))]
    labels = np.zeros(len(points), dtype=np.int64)
    for _ in range(25):
        distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        labels = distances.argmin(axis=1)
        for k in range(count):
            members = points[labels == k]
            if len(members):
                centres[k] = members.mean(axis=0)
    order = np.argsort(-centres[:, 1], kind="stable")  # north first
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count)
    return rank[labels]


def synthetic_communes(seed: int, *, communes: int = COMMUNES, provinces: int = PROVINCES) -> list[Commune]:
    """Synthetic communes in code order: Voronoi cells sharing edges, grouped into provinces."""
    from shapely.geometry import Polygon

    rng = np.random.default_rng([seed, 0xC0DE])
    outline = Polygon(OUTLINE)
    shapely.prepare(outline)
    points = _jittered_seeds(rng, outline, communes)
    groups = _province_groups(rng, points, provinces)
    shapes = commune_shapes(outline, [tuple(point) for point in points])
    first, second = names.PLACE_FIRST, names.PLACE_SECOND
    result: list[Commune] = []
    for k in range(provinces):
        members = np.flatnonzero(groups == k)
        # Communes numbered from the province centre outwards; the inner quarter are wards.
        centre = points[members].mean(axis=0)
        distance = ((points[members] - centre) ** 2).sum(axis=1)
        members = members[np.argsort(distance, kind="stable")]
        province_code = PROVINCE_CODES[k]
        province_name = PROVINCE_NAMES[k % len(PROVINCE_NAMES)]
        pairs = [(a, b) for a in first for b in second if a != b]
        picks = rng.choice(len(pairs), size=len(members), replace=False)
        wards = max(1, round(len(members) * 0.25))
        for j, (index, pick) in enumerate(zip(members, picks)):
            kind = "phuong" if j < wards else "xa"
            place = " ".join(pairs[pick])
            shape = shapes[index]
            result.append(Commune(
                code=f"{province_code}{j + 1:03d}", name=f"{'Phường' if kind == 'phuong' else 'Xã'} {place}",
                kind=kind, province_code=province_code, province_name=province_name, geometry=shape,
                area_km2=area_km2(shape, shape.centroid.y)))
    return sorted(result, key=lambda c: c.code)


def real_communes(path: Path) -> list[Commune]:
    return [Commune(code=c.code, name=c.name, kind=c.kind, province_code=c.province_code,
                    province_name=c.province_name, geometry=c.geometry,
                    area_km2=area_km2(c.geometry, c.geometry.centroid.y))
            for c in read_real_communes(path)]


def choose_provinces(communes: list[Commune], *, fraction: float = 1.0, provinces: list[str] | None = None) -> list[str]:
    """Province codes to write: the given ones, else the first provinces (code order) holding
    `fraction` of the communes (at least one province)."""
    codes = sorted({c.province_code for c in communes})
    if provinces:
        unknown = sorted(set(provinces) - set(codes))
        if unknown:
            raise ValueError(f"unknown province codes: {', '.join(unknown)} (have {', '.join(codes)})")
        return sorted(set(provinces))
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    sizes = {code: 0 for code in codes}
    for commune in communes:
        sizes[commune.province_code] += 1
    target, chosen, total = fraction * len(communes), [], 0
    for code in codes:
        if chosen and total >= target - 0.5 * sizes[code]:
            break
        chosen.append(code)
        total += sizes[code]
    return chosen


# ---------------------------------------------------------------------------------------------
# small vectorised helpers (pyarrow strings)


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    text = pc.utf8_lpad(pc.cast(pa.array(numbers, type=pa.int64()), pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(pa.scalar(prefix), text, "")


def _pick(values: list[str] | tuple[str, ...], codes: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """values[codes] as a string array; null where mask is False."""
    array = pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int32()), pa.array(list(values), type=pa.string()))
    result = array.cast(pa.string())
    if mask is not None:
        result = pc.if_else(pa.array(mask), result, pa.scalar(None, pa.string()))
    return result


def _dates(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """ISO text of numpy datetime64[D] values; null where mask is False."""
    result = pc.strftime(pa.array(days.astype("datetime64[D]"), type=pa.date32()), format="%Y-%m-%d")
    if mask is not None:
        result = pc.if_else(pa.array(mask), result, pa.scalar(None, pa.string()))
    return result


def _ints(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    result = pc.cast(pa.array(values, type=pa.int64()), pa.string())
    if mask is not None:
        result = pc.if_else(pa.array(mask), result, pa.scalar(None, pa.string()))
    return result


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*[pa.scalar(p) if isinstance(p, str) else p for p in parts], " ")


def _bools(values: np.ndarray) -> pa.Array:
    return _pick(("false", "true"), values.astype(np.int32))


def _weights(pairs) -> tuple[list, np.ndarray]:
    values = [value for value, _ in pairs]
    weights = np.asarray([weight for _, weight in pairs], dtype=float)
    return values, weights / weights.sum()


def _full_names(rng: np.random.Generator, count: int) -> pa.Array:
    female = rng.random(count) < 0.45
    family, family_p = _weights(names.FAMILY_NAMES)
    male_mid, male_p = _weights(names.MALE_MIDDLE)
    female_mid, female_p = _weights(names.FEMALE_MIDDLE)
    family_codes = rng.choice(len(family), size=count, p=family_p)
    middles = list(male_mid) + list(female_mid)
    middle_codes = np.where(female, len(male_mid) + rng.choice(len(female_mid), size=count, p=female_p),
                            rng.choice(len(male_mid), size=count, p=male_p))
    givens = list(names.MALE_GIVEN) + list(names.FEMALE_GIVEN)
    given_codes = np.where(female, len(names.MALE_GIVEN) + rng.integers(0, len(names.FEMALE_GIVEN), count),
                           rng.integers(0, len(names.MALE_GIVEN), count))
    return _join(_pick(family, family_codes), _pick(middles, middle_codes), _pick(givens, given_codes))


def _phones(rng: np.random.Generator, count: int, mask: np.ndarray) -> pa.Array:
    prefix = _pick(("09", "03", "08", "07"), rng.choice(4, size=count, p=(0.7, 0.15, 0.1, 0.05)))
    digits = pc.utf8_lpad(pc.cast(pa.array(rng.integers(0, 100_000_000, count)), pa.string()), width=8, padding="0")
    return pc.if_else(pa.array(mask), pc.binary_join_element_wise(prefix, digits, ""), pa.scalar(None, pa.string()))


# ---------------------------------------------------------------------------------------------
# one province


@dataclass
class _Months:
    starts: np.ndarray        # datetime64[D] first day of each month
    ends: np.ndarray          # last day
    factors: np.ndarray       # seasonal factor of visits
    working: list[np.ndarray]  # working days of each month (datetime64[D])
    days: list[np.ndarray]     # all days of each month


def _months(end_month: str, count: int) -> _Months:
    last = parse_month(end_month)
    firsts = [add_months(last, offset) for offset in range(-(count - 1), 1)]
    calendar = Calendar(firsts[0], month_end(last))
    tet = set(calendar.tet_months())
    tet_index = {i for i, first in enumerate(firsts) if (first.year, first.month) in tet}
    factors = []
    for i, first in enumerate(firsts):
        factor = STORM_MONTHS.get(first.month, 1.0)
        for t in tet_index:
            factor = TET_FACTOR.get(i - t, factor) if abs(i - t) <= 1 else factor
        factors.append(factor)
    factors = np.asarray(factors)
    factors = factors / factors.mean()
    working = [np.asarray(calendar.working_between(first, month_end(first)), dtype="datetime64[D]") for first in firsts]
    days = [np.arange(np.datetime64(first), np.datetime64(month_end(first)) + 1) for first in firsts]
    return _Months(starts=np.asarray(firsts, dtype="datetime64[D]"),
                   ends=np.asarray([month_end(f) for f in firsts], dtype="datetime64[D]"),
                   factors=factors, working=working, days=days)


def _agency_label(name: str, province_name: str) -> str:
    short = province_name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    if name.endswith(("tỉnh", "Tỉnh ủy")):
        return f"{name} {short}"
    return f"{name} {province_name[0].lower()}{province_name[1:]}"


class _Province:
    """All rows of one province, as pyarrow tables in contract column order."""

    def __init__(self, *, seed: int, number: int, communes: list[Commune], months: _Months, as_of: dt.date,
                 volume: float) -> None:
        self.rng = np.random.default_rng([seed, number])
        self.communes = communes
        self.code = communes[0].province_code
        self.months = months
        self.as_of = np.datetime64(as_of)
        self.volume = volume
        self.tables: dict[str, pa.Table] = {}

    def build(self) -> dict[str, pa.Table]:
        self._communes_and_hamlets()
        self._agencies()
        self._officials_and_assignments()
        self._visits_and_attendance()
        self._feedback()
        return self.tables

    def _table(self, name: str, columns: dict[str, pa.Array]) -> None:
        order = contract.table(name).column_names
        self.tables[name] = pa.table({column: columns[column] for column in order},
                                     schema=pa.schema([(column, pa.string()) for column in order]))

    # -- places ---------------------------------------------------------------------------------

    def _communes_and_hamlets(self) -> None:
        rng, communes = self.rng, self.communes
        n = len(communes)
        ward = np.asarray([c.kind == "phuong" for c in communes])
        population = np.round(rng.lognormal(np.log(np.where(ward, 38_000, 24_000)), 0.45)).astype(np.int64)
        known = rng.random(n) > 0.03
        self.population = population
        # Busy or quiet: how often officials come, relative to the province's average.
        self.activity = rng.lognormal(0, 0.3, n) * np.where(ward, 1.1, 1.0)
        self._table("communes", {
            "commune_code": pa.array([c.code for c in communes]), "commune_name": pa.array([c.name for c in communes]),
            "province_code": pa.array([c.province_code for c in communes]),
            "province_name": pa.array([c.province_name for c in communes]),
            "commune_type": pa.array([c.kind for c in communes]),
            "population": _ints(population, known),
            "area_km2": pa.array([f"{c.area_km2:.2f}" for c in communes]),
        })
        hamlet_counts = np.where(ward, rng.integers(8, 29, n), rng.integers(10, 31, n))
        self.hamlet_counts = hamlet_counts
        self.hamlet_offsets = np.concatenate([[0], np.cumsum(hamlet_counts)])
        commune_of = np.repeat(np.arange(n), hamlet_counts)
        number = np.arange(len(commune_of)) - self.hamlet_offsets[commune_of] + 1
        codes = pa.array([c.code for c in communes])
        hamlet_commune = pc.take(codes, pa.array(commune_of))
        self.hamlet_ids = pc.binary_join_element_wise(
            hamlet_commune, pc.utf8_lpad(pc.cast(pa.array(number), pa.string()), width=2, padding="0"), "-")
        north = float(np.mean([c.geometry.centroid.y for c in communes])) > 16.0
        prefix = np.where(ward[commune_of], 0, 1 if north else 2)
        label = _pick(("Tổ dân phố", "Thôn", "Ấp"), prefix)
        households = rng.integers(80, 900, len(commune_of))
        self._table("hamlets", {
            "hamlet_id": self.hamlet_ids, "hamlet_name": _join(label, _ints(number)),
            "commune_code": hamlet_commune, "households": _ints(households, rng.random(len(commune_of)) > 0.1),
        })

    def _agencies(self) -> None:
        rng, code = self.rng, self.code
        province_name = self.communes[0].province_name
        provincial = names.PROVINCIAL_AGENCIES
        ids = [f"DV{code}{i + 1:03d}" for i in range(len(provincial))]
        by_name = {name: ids[i] for i, (name, *_rest) in enumerate(provincial)}
        rows = {"agency_id": [], "agency_name": [], "level": [], "agency_type": [], "parent_agency_id": []}
        for agency_id, (name, agency_type, kind, _weight) in zip(ids, provincial):
            rows["agency_id"].append(agency_id)
            rows["agency_name"].append(_agency_label(name, province_name))
            rows["level"].append("tinh")
            rows["agency_type"].append(agency_type)
            parent = names.PARENT_OF_KIND.get(kind)
            rows["parent_agency_id"].append(by_name[parent] if parent else None)
        commune_ids = [f"DV{code}{i + 1:04d}" for i in range(len(self.communes))]
        for agency_id, commune in zip(commune_ids, self.communes):
            rows["agency_id"].append(agency_id)
            rows["agency_name"].append(f"UBND {commune.name}")
            rows["level"].append("xa")
            rows["agency_type"].append("Chính quyền")
            rows["parent_agency_id"].append(None)
        self._table("agencies", {key: pa.array(values, type=pa.string()) for key, values in rows.items()})
        self.provincial_ids = ids
        self.provincial_weights = np.asarray([w for *_rest, w in provincial])
        self.provincial_by_name = by_name
        self.commune_agency_ids = commune_ids
        self.agency_ids = pa.array(ids + commune_ids)
        # Reply speed (median days from forwarding to reply): two slow provincial agencies.
        speed = np.exp(rng.normal(np.log(8), 0.25, len(ids) + len(commune_ids)))
        speed[len(ids):] = np.exp(rng.normal(np.log(6), 0.3, len(commune_ids)))
        for pick in rng.choice(len(SLOW_AGENCY_CANDIDATES), size=2, replace=False):
            speed[ids.index(by_name[SLOW_AGENCY_CANDIDATES[pick]])] = rng.uniform(22, 32)
        self.reply_speed = speed
        topic_count = len(names.TOPICS) + len(names.VISIT_ONLY_TOPICS)
        self.home_topics = np.stack([rng.choice(topic_count, size=3, replace=False)
                                     for _ in range(len(ids) + len(commune_ids))])

    def _officials_and_assignments(self) -> None:
        rng, n_communes, code = self.rng, len(self.communes), self.code
        months = self.months
        volume = self.volume
        # Commune officials (UBND of each commune) and provincial officials spread over the communes.
        per_commune = np.maximum(3, rng.poisson(COMMUNE_OFFICIALS * volume, n_communes))
        own_commune = np.repeat(np.arange(n_communes), per_commune)
        n_local = len(own_commune)
        n_provincial = max(len(self.provincial_ids), int(round(PROVINCIAL_OFFICIALS_PER_COMMUNE * volume * n_communes)))
        weights = self.provincial_weights.copy()
        weights[weights == 0] = 0.02
        provincial_agency = np.sort(rng.choice(len(self.provincial_ids), size=n_provincial, p=weights / weights.sum()))
        n = n_local + n_provincial
        self.local_count = per_commune
        self.local_first = np.concatenate([[0], np.cumsum(per_commune)[:-1]])
        agency = np.concatenate([len(self.provincial_ids) + own_commune, provincial_agency])
        self.official_agency = agency
        self.n_officials = n
        self.official_ids = _ids(f"CB{code}", np.arange(1, n + 1), 6)
        # Position: the first official of each agency is its head.
        first_of_agency = np.r_[True, agency[1:] != agency[:-1]]
        kinds = [kind for _n, _t, kind, _w in names.PROVINCIAL_AGENCIES] + ["ubnd"] * n_communes
        position = []
        kind_of = [kinds[a] for a in agency]
        other = rng.random(n)
        for i in range(n):
            head, deputy, others = names.POSITIONS[kind_of[i]]
            if first_of_agency[i]:
                position.append(head)
            elif other[i] < 0.12:
                position.append(deputy)
            else:
                total = sum(w for _p, w in others)
                pick, acc = other[i] * total, 0.0
                chosen = others[-1][0]
                for title, weight in others:
                    acc += weight
                    if pick < acc:
                        chosen = title
                        break
                position.append(chosen)
        reform = np.datetime64("2025-07-01")
        start_index = np.full(n, -1)
        newcomer = rng.random(n) < 0.06
        start_index[newcomer] = rng.integers(1, len(months.starts) - 1, newcomer.sum())
        leaver = (rng.random(n) < 0.04) & ~newcomer
        end_index = np.full(n, -1)
        end_index[leaver] = rng.integers(1, len(months.starts) - 1, leaver.sum())
        active_from = np.where(start_index >= 0, months.starts[np.maximum(start_index, 0)],
                               np.where(rng.random(n) < 0.7, reform,
                                        reform - rng.integers(200, 4000, n).astype("timedelta64[D]")))
        active_to = months.ends[np.maximum(end_index, 0)]
        self._table("officials", {
            "official_id": self.official_ids, "full_name": _full_names(rng, n),
            "agency_id": pc.take(self.agency_ids, pa.array(agency)),
            "position": pa.array(position), "is_head": _bools(first_of_agency),
            "active_from": _dates(active_from), "active_to": _dates(active_to, leaver),
        })
        # Assignments: commune officials to their own commune (usually a hamlet), provincial
        # officials to a commune of the province; 8% have a second commune.
        commune = np.concatenate([own_commune, rng.integers(0, n_communes, n_provincial)])
        quota = np.where(np.arange(n) < n_local, rng.choice([0, 1, 2], size=n, p=(0.1, 0.6, 0.3)),
                         rng.choice([0, 1, 2], size=n, p=(0.2, 0.7, 0.1)))
        quota[first_of_agency] = 0
        second = rng.random(n) < 0.08
        person = np.concatenate([np.arange(n), np.flatnonzero(second)])
        commune = np.concatenate([commune, (commune[second] + rng.integers(1, max(2, n_communes), second.sum())) % n_communes])
        quota = np.concatenate([quota, np.ones(second.sum(), dtype=np.int64)])
        start = np.concatenate([active_from, active_from[second]])
        start = np.maximum(start, reform)
        end_mask = np.concatenate([leaver, leaver[second]])
        end = np.concatenate([active_to, active_to[second]])
        order = np.lexsort((commune, person))
        person, commune, quota, start, end, end_mask = (a[order] for a in (person, commune, quota, start, end, end_mask))
        with_hamlet = rng.random(len(person)) < 0.55
        hamlet = self.hamlet_offsets[commune] + (rng.random(len(person)) * self.hamlet_counts[commune]).astype(np.int64)
        codes = pa.array([c.code for c in self.communes])
        self._table("assignments", {
            "official_id": pc.take(self.official_ids, pa.array(person)),
            "commune_code": pc.take(codes, pa.array(commune)),
            "hamlet_id": pc.if_else(pa.array(with_hamlet), pc.take(self.hamlet_ids, pa.array(hamlet)),
                                    pa.scalar(None, pa.string())),
            "required_visits_per_month": _ints(quota), "assigned_from": _dates(start), "assigned_to": _dates(end, end_mask),
        })
        self.assignment = (person, commune, start, np.where(end_mask, end, np.datetime64("2100-01-01")), quota)
        # How reliably each official comes when listed: a few never, some rarely.
        reliability = rng.beta(18, 2, n)
        kind = rng.random(n)
        reliability[kind < 0.02] = rng.uniform(0.15, 0.45, (kind < 0.02).sum())
        reliability[kind < 0.004] = 0.0
        self.reliability = reliability
        # A few recorders sit on what citizens tell them (forward late).
        self.late_forwarder = rng.random(n) < 0.01

    # -- visits and attendance -----------------------------------------------------------------

    def _visits_and_attendance(self) -> None:
        rng, months, communes = self.rng, self.months, self.communes
        n_communes = len(communes)
        person, commune_of, start, end, quota = self.assignment
        n_months = len(months.starts)
        # A few communes nobody visits in the last months (blind spots), fewer never at all.
        last_visit_month = np.full(n_communes, n_months - 1)
        quiet = rng.random(n_communes)
        last_visit_month[quiet < 0.012] = n_months - 1 - rng.integers(3, 7, (quiet < 0.012).sum())
        last_visit_month[quiet < 0.003] = -1
        visit_parts, attendance_parts = [], []
        visit_number = 0
        for m in range(n_months):
            rate = VISITS_PER_COMMUNE_MONTH * self.volume * months.factors[m] * self.activity
            counts = rng.poisson(rate)
            counts[last_visit_month < m] = 0
            commune = np.repeat(np.arange(n_communes), counts)
            total = len(commune)
            working, days = months.working[m], months.days[m]
            on_working = rng.random(total) < 0.9
            day = np.where(on_working, working[rng.integers(0, len(working), total)],
                           days[rng.integers(0, len(days), total)])
            order = np.lexsort((day, commune))
            commune, day = commune[order], day[order]
            # Status (0 planned, 1 held, 2 cancelled): 5% cancelled, 2% never updated from planned,
            # and more still planned in the last ten days of the data.
            roll = rng.random(total)
            recent = day > self.as_of - np.timedelta64(10, "D")
            planned = (roll >= 0.05) & ((roll < 0.07) | (recent & (roll < 0.2)))
            status = np.where(roll < 0.05, 2, np.where(planned, 0, 1))
            visit_ids = np.arange(visit_number + 1, visit_number + total + 1)
            visit_number += total
            # Roster of the month per commune: officials with an assignment active that month, shuffled.
            active = (start <= months.ends[m]) & (end >= months.starts[m])
            # Officials with a quota come round more often: the roster of a commune is a shuffled
            # pass over everyone, then one over those with a quota, then two over those with 2+.
            passes = [active, active & (quota >= 1), active & (quota >= 2), active & (quota >= 2)]
            roster_person = np.concatenate([person[mask] for mask in passes])
            roster_commune = np.concatenate([commune_of[mask] for mask in passes])
            roster_pass = np.concatenate([np.full(mask.sum(), i) for i, mask in enumerate(passes)])
            order = np.lexsort((rng.random(len(roster_person)), roster_pass, roster_commune))
            roster_person, roster_commune = roster_person[order], roster_commune[order]
            roster_size = np.bincount(roster_commune, minlength=n_communes)
            roster_offset = np.concatenate([[0], np.cumsum(roster_size)])
            # Who led it: the commune's UBND or a provincial agency of someone on its roster.
            lead = np.where(rng.random(total) < 0.45, len(self.provincial_ids) + commune, -1)
            visit_types, type_p = _weights(VISIT_TYPE_WEIGHTS)
            visit_type = rng.choice(len(visit_types), size=total, p=type_p)
            held = status == 1
            # Listed officials: consecutive windows of the shuffled roster, cycling, so everyone
            # on the roster is listed about equally often.
            size = roster_size[commune]
            k = np.minimum(2 + rng.poisson(2.5, total), size) * held
            cumulative = np.cumsum(k) - k
            first_in_commune = np.r_[0, np.flatnonzero(commune[1:] != commune[:-1]) + 1]
            commune_start = np.zeros(total, dtype=np.int64)
            commune_start[first_in_commune] = cumulative[first_in_commune]
            commune_start = np.maximum.accumulate(commune_start)
            window_start = np.where(size > 0, (cumulative - commune_start) % np.maximum(size, 1), 0)
            row_visit = np.repeat(np.arange(total), k)
            row_rank = np.arange(len(row_visit)) - np.repeat(np.cumsum(k) - k, k)
            position = (window_start[row_visit] + row_rank) % np.maximum(size[row_visit], 1)
            official = roster_person[roster_offset[commune[row_visit]] + position]
            # A window across two passes can meet the same official twice: keep one row.
            _unique, first_rows = np.unique(row_visit * self.n_officials + official, return_index=True)
            keep = np.zeros(len(official), dtype=bool)
            keep[first_rows] = True
            row_visit, official = row_visit[keep], official[keep]
            k = np.bincount(row_visit, minlength=total)
            present = rng.random(len(official)) < self.reliability[official]
            late = rng.random(len(official)) < 0.08
            excused = rng.random(len(official)) < 0.35
            status_code = np.where(present, np.where(late, 1, 0), np.where(excused, 3, 2))
            listed = np.ones(len(official), dtype=bool)
            # The lead agency of provincially-led visits: the first listed official's agency.
            first_official = np.full(total, -1)
            visits_with_rows, first_row_of_visit = np.unique(row_visit, return_index=True)
            first_official[visits_with_rows] = official[first_row_of_visit]
            provincial_lead = rng.choice(len(self.provincial_ids), size=total,
                                         p=np.maximum(self.provincial_weights, 0.05) / np.maximum(self.provincial_weights, 0.05).sum())
            from_first = (lead < 0) & (first_official >= 0) & (self.official_agency[np.maximum(first_official, 0)] < len(self.provincial_ids))
            lead = np.where(lead >= 0, lead, np.where(from_first, self.official_agency[np.maximum(first_official, 0)], provincial_lead))
            # Walk-ins: 4% of held visits get the next official of the roster, present but not listed.
            walk_in = held & (rng.random(total) < 0.04) & (size > k)
            walk_visit = np.flatnonzero(walk_in)
            walk_position = (window_start[walk_visit] + k[walk_visit]) % np.maximum(size[walk_visit], 1)
            walk_official = roster_person[roster_offset[commune[walk_visit]] + walk_position]
            fresh = ~np.isin(visit_ids[walk_visit] * self.n_officials + walk_official,
                             visit_ids[row_visit] * self.n_officials + official)
            walk_visit, walk_official = walk_visit[fresh], walk_official[fresh]
            # Who recorded feedback at the visit: its first present listed official.
            recorder = np.full(total, -1)
            present_rows = np.flatnonzero(present)
            if len(present_rows):
                visits_with_present, first_row = np.unique(row_visit[present_rows], return_index=True)
                recorder[visits_with_present] = official[present_rows[first_row]]
            hamlet_in = rng.random(total) < 0.85
            hamlet = self.hamlet_offsets[commune] + (rng.random(total) * self.hamlet_counts[commune]).astype(np.int64)
            topic_names = [t for t, _agencies in names.TOPICS] + list(names.VISIT_ONLY_TOPICS)
            # Each agency has its own few topics; most visits are on one of the lead's topics.
            home = self.home_topics[lead, rng.integers(0, self.home_topics.shape[1], total)]
            topic = np.where(rng.random(total) < 0.95, home, rng.integers(0, len(topic_names), total))
            low = np.asarray([CITIZENS_RANGE[v][0] for v in visit_types])[visit_type]
            high = np.asarray([CITIZENS_RANGE[v][1] for v in visit_types])[visit_type]
            citizens = low + (rng.random(total) * (high - low + 1)).astype(np.int64)
            visit_part = {
                "number": visit_ids, "commune": commune, "day": day, "status": status, "type": visit_type,
                "lead": lead, "topic": topic, "hamlet": hamlet, "hamlet_in": hamlet_in, "citizens": citizens,
                "citizens_known": held & (rng.random(total) < 0.95), "recorder": recorder,
            }
            visit_parts.append(visit_part)
            attendance_parts.append({
                "visit": np.concatenate([visit_ids[row_visit], visit_ids[walk_visit]]),
                "official": np.concatenate([official, walk_official]),
                "listed": np.concatenate([listed, np.zeros(len(walk_visit), dtype=bool)]),
                "status": np.concatenate([status_code, np.zeros(len(walk_visit), dtype=np.int64)]),
            })
        v = {key: np.concatenate([part[key] for part in visit_parts]) for key in visit_parts[0]}
        self.visit_data = v
        codes = pa.array([c.code for c in communes])
        visit_types = [t for t, _w in VISIT_TYPE_WEIGHTS]
        topic_names = [t for t, _agencies in names.TOPICS] + list(names.VISIT_ONLY_TOPICS)
        self.visit_ids = _ids(f"BX{self.code}", v["number"], 7)
        self._table("visits", {
            "visit_id": self.visit_ids, "visit_date": _dates(v["day"]),
            "commune_code": pc.take(codes, pa.array(v["commune"])),
            "hamlet_id": pc.if_else(pa.array(v["hamlet_in"]), pc.take(self.hamlet_ids, pa.array(v["hamlet"])),
                                    pa.scalar(None, pa.string())),
            "visit_type": _pick(visit_types, v["type"]),
            "lead_agency_id": pc.take(self.agency_ids, pa.array(v["lead"])),
            "topic": _pick(topic_names, v["topic"]),
            "status": _pick(("planned", "held", "cancelled"), v["status"]),
            "citizens_attending": _ints(v["citizens"], v["citizens_known"]),
        })
        a = {key: np.concatenate([part[key] for part in attendance_parts]) for key in attendance_parts[0]}
        order = np.lexsort((a["official"], a["visit"]))
        self._table("attendance", {
            "visit_id": _ids(f"BX{self.code}", a["visit"][order], 7),
            "official_id": pc.take(self.official_ids, pa.array(a["official"][order])),
            "listed": _bools(a["listed"][order]),
            "status": _pick(ATTENDANCE_STATUS, a["status"][order]),
        })

    # -- feedback -------------------------------------------------------------------------------

    def _feedback(self) -> None:
        rng, v, months = self.rng, self.visit_data, self.months
        n_communes = len(self.communes)
        held = np.flatnonzero(v["status"] == 1)
        per_visit = np.where(np.isin(v["type"][held], [0, 1]), 1.75, 0.6)
        count = rng.poisson(per_visit)
        from_visit = np.repeat(held, count)
        n_visit = len(from_visit)
        # Items that came by hotline, online, letter: more right after Tết and in the storm months.
        other_parts = []
        for m in range(len(months.starts)):
            rate = OTHER_FEEDBACK_PER_COMMUNE_MONTH * self.volume * (0.7 + 0.3 * months.factors[m])
            counts = rng.poisson(np.full(n_communes, rate))
            commune = np.repeat(np.arange(n_communes), counts)
            day = months.days[m][rng.integers(0, len(months.days[m]), len(commune))]
            other_parts.append((commune, day))
        other_commune = np.concatenate([p[0] for p in other_parts])
        other_day = np.concatenate([p[1] for p in other_parts])
        n_other = len(other_commune)
        n = n_visit + n_other
        commune = np.concatenate([v["commune"][from_visit], other_commune])
        received = np.concatenate([v["day"][from_visit], other_day])
        visit_index = np.concatenate([from_visit, np.full(n_other, -1)])
        channel_names = ["visit", "dialogue", *CHANNELS_OTHER]
        channel = np.concatenate([np.where(v["type"][from_visit] == 1, 1, 0),
                                  2 + rng.choice(len(CHANNELS_OTHER), size=n_other, p=CHANNEL_OTHER_WEIGHTS)])
        topic_list = [t for t, _agencies in names.TOPICS]
        topic = rng.integers(0, len(topic_list), n)
        # Visit topics carry over to the items raised there half of the time.
        carry = (visit_index >= 0) & (rng.random(n) < 0.5)
        visit_topic = v["topic"][np.maximum(visit_index, 0)]
        topic = np.where(carry & (visit_topic < len(topic_list)), visit_topic, topic)
        recorder = np.concatenate([v["recorder"][from_visit], np.full(n_other, -1)])
        # Other channels: half recorded by an official of the commune's UBND.
        local_pick = rng.random(n) < 0.5
        n_provincial_agencies = len(self.provincial_ids)
        local_count = self.local_count
        local_official = self.local_first[commune] + (rng.random(n) * local_count[commune]).astype(np.int64)
        recorder = np.where((visit_index < 0) & local_pick & (local_count[commune] > 0), local_official, recorder)
        on_spot = rng.random(n) < np.where(channel <= 1, 0.4, np.where(channel == 2, 0.3, 0.08))
        # Forwarding: local topics mostly to the commune's UBND, the rest to the topic's agency.
        forwarded = ~on_spot & (rng.random(n) < 0.88)
        topic_agency = np.asarray([self.provincial_ids.index(self.provincial_by_name[agencies[0]])
                                   if agencies[0] in self.provincial_by_name else 0
                                   for _t, agencies in names.TOPICS])
        topic_second = np.asarray([self.provincial_ids.index(self.provincial_by_name[agencies[-1]])
                                   if agencies[-1] in self.provincial_by_name else 0
                                   for _t, agencies in names.TOPICS])
        local_topic = np.isin(topic, [topic_list.index(t) for t in names.LOCAL_TOPICS])
        target = np.where(rng.random(n) < 0.5, topic_agency[topic], topic_second[topic])
        target = np.where(local_topic & (rng.random(n) < 0.6), n_provincial_agencies + commune, target)
        forward_delay = rng.choice([0, 1, 2, 3, 4, 5], size=n, p=(0.3, 0.3, 0.15, 0.1, 0.08, 0.07))
        holder = recorder >= 0
        holder_late = np.zeros(n, dtype=bool)
        holder_late[holder] = self.late_forwarder[recorder[holder]]
        late_forward = (rng.random(n) < 0.004) | (holder_late & (rng.random(n) < 0.7))
        forward_delay = np.where(late_forward, rng.integers(8, 45, n), forward_delay)
        forwarded_date = received + forward_delay.astype("timedelta64[D]")
        # Replies: by the agency forwarded to, at its own pace; some never.
        speed = self.reply_speed[target]
        reply_days = np.round(rng.lognormal(np.log(speed), 0.6)).astype(np.int64)
        never = rng.random(n) < np.where(forwarded, 0.06, 0.01)
        replied_date = np.where(forwarded, forwarded_date, received) + np.maximum(reply_days, 1).astype("timedelta64[D]")
        replied = ~never & ~on_spot
        direct = ~on_spot & ~forwarded
        replied_date = np.where(direct, received + rng.integers(1, 8, n).astype("timedelta64[D]"), replied_date)
        # On the spot: the reply is the day itself.
        replied_date = np.where(on_spot, received, replied_date)
        replied = replied | on_spot
        resolved = replied & (rng.random(n) < 0.6)
        resolved_date = replied_date + rng.integers(0, 30, n).astype("timedelta64[D]")
        due_set = ~on_spot & (rng.random(n) < 0.2)
        due_date = received + rng.integers(15, 31, n).astype("timedelta64[D]")
        # Nothing is dated after the data's end.
        as_of = self.as_of
        keep = received <= as_of
        forwarded_shown = forwarded & (forwarded_date <= as_of)
        replied_shown = replied & (replied_date <= as_of)
        resolved_shown = resolved & replied_shown & (resolved_date <= as_of)
        order = np.lexsort((commune, received))
        order = order[keep[order]]
        n_kept = len(order)
        codes = pa.array([c.code for c in self.communes])
        summaries = [s for t in topic_list for s in names.SUMMARIES.get(t, (t,))]
        summary_offset = np.cumsum([0] + [len(names.SUMMARIES.get(t, (t,))) for t in topic_list])
        summary_count = np.diff(summary_offset)
        summary = summary_offset[topic] + (rng.random(n) * summary_count[topic]).astype(np.int64)
        named = rng.random(n) < 0.6
        phone = named & (rng.random(n) < 0.8)
        citizen = _full_names(rng, n)
        o = pa.array(order)
        self._table("feedback", {
            "feedback_id": _ids(f"YK{self.code}", np.arange(1, n_kept + 1), 7),
            "received_date": _dates(received[order]),
            "commune_code": pc.take(codes, pa.array(commune[order])),
            "visit_id": pc.if_else(pa.array(visit_index[order] >= 0),
                                   pc.take(self.visit_ids, pa.array(np.maximum(visit_index[order], 0))),
                                   pa.scalar(None, pa.string())),
            "channel": _pick(channel_names, channel[order]),
            "topic": _pick(topic_list, topic[order]),
            "recorded_by": pc.if_else(pa.array(recorder[order] >= 0),
                                      pc.take(self.official_ids, pa.array(np.maximum(recorder[order], 0))),
                                      pa.scalar(None, pa.string())),
            "handled_on_spot": _bools(on_spot[order]),
            "forwarded_to": pc.if_else(pa.array(forwarded_shown[order]),
                                       pc.take(self.agency_ids, pa.array(target[order])), pa.scalar(None, pa.string())),
            "forwarded_date": _dates(forwarded_date[order], forwarded_shown[order]),
            "due_date": _dates(due_date[order], due_set[order]),
            "replied_date": _dates(replied_date[order], replied_shown[order]),
            "resolved_date": _dates(resolved_date[order], resolved_shown[order]),
            "summary": _pick(summaries, summary[order]),
            "citizen_name": pc.if_else(pa.array(named[order]), pc.take(citizen, o), pa.scalar(None, pa.string())),
            "citizen_phone": pc.take(_phones(rng, n, phone), o),
        })


# ---------------------------------------------------------------------------------------------
# writing


class _Writers:
    """One streaming writer per table (Parquet row groups or CSV batches)."""

    def __init__(self, out_dir: Path, file_format: str) -> None:
        self.out_dir = out_dir
        self.file_format = file_format
        self.writers: dict[str, object] = {}
        self.rows: dict[str, int] = {name: 0 for name in contract.TABLE_ORDER}

    def write(self, name: str, table: pa.Table) -> None:
        writer = self.writers.get(name)
        path = self.out_dir / f"{name}.{self.file_format}"
        if writer is None:
            if self.file_format == "parquet":
                writer = pq.ParquetWriter(path, table.schema, compression="zstd", write_statistics=True)
            else:
                writer = pacsv.CSVWriter(path, table.schema, write_options=pacsv.WriteOptions(quoting_style="needed"))
            self.writers[name] = writer
        if self.file_format == "parquet":
            writer.write_table(table, row_group_size=ROW_GROUP)
        else:
            writer.write_table(table)
        self.rows[name] += table.num_rows

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


def generate_national(
    out_dir: Path,
    *,
    seed: int = 2026,
    end_month: str = "2026-10",
    months: int = 12,
    fraction: float = 1.0,
    provinces: list[str] | None = None,
    boundaries: Path | None = None,
    file_format: str = "parquet",
    volume: float = 1.0,
    progress: ProgressCallback | None = None,
) -> NationalSummary:
    """Write the national export into out_dir (one file per table, plus boundaries.geojson).

    fraction: write only the first provinces (code order) holding that share of the communes;
    provinces: write only these province codes; volume: scale the per-commune counts (officials,
    visits, feedback) for quick tests."""
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    report = progress or (lambda message, value: None)
    report("Dữ liệu toàn quốc: ranh giới xã", 0.0)
    communes = real_communes(Path(boundaries)) if boundaries else synthetic_communes(seed)
    chosen = choose_provinces(communes, fraction=fraction, provinces=provinces)
    all_codes = sorted({c.province_code for c in communes})
    month_info = _months(end_month, months)
    as_of = month_end(parse_month(end_month))
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.iterdir():
        if stale.stem in contract.TABLES_BY_NAME and stale.suffix in (".csv", ".parquet", ".xlsx"):
            stale.unlink()
    writers = _Writers(out_dir, file_format)
    try:
        for step, code in enumerate(chosen):
            report(f"Dữ liệu toàn quốc: tỉnh {code} ({step + 1}/{len(chosen)})", (step + 1) / (len(chosen) + 1))
            members = [c for c in communes if c.province_code == code]
            tables = _Province(seed=seed, number=all_codes.index(code) + 1, communes=members, months=month_info,
                               as_of=as_of, volume=volume).build()
            for name in contract.TABLE_ORDER:
                writers.write(name, tables[name])
    finally:
        writers.close()
    features = [{"type": "Feature",
                 "properties": {"commune_code": c.code, "commune_name": c.name, "province_code": c.province_code},
                 "geometry": geojson_coordinates(c.geometry)}
                for c in communes if c.province_code in set(chosen)]
    boundary_path = out_dir / "boundaries.geojson"
    boundary_path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                                        separators=(",", ":")) + "\n", encoding="utf-8")
    report("Dữ liệu toàn quốc: xong", 1.0)
    return NationalSummary(out_dir=out_dir, row_counts=dict(writers.rows), boundaries=boundary_path, as_of=as_of,
                           provinces=chosen, file_format=file_format)


if __name__ == "__main__":  # pragma: no cover - manual use: python -m outreach.demo.national OUT_DIR
    import sys
    import time

    started = time.perf_counter()
    result = generate_national(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/national"))
    for table_name, rows in result.row_counts.items():
        print(f"{table_name:<12} {rows:>10,}")
    print(f"{time.perf_counter() - started:.1f} s")
