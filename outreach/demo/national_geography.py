"""Places of the national demo: the synthetic country (Voronoi communes inside a rough outline of
the mainland, grouped into 34 fictional provinces) or a real boundary file's communes, the choice
of provinces to write, and each province's communes and hamlets rows (NationalGeographyMixin)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from outreach.demo import names
from outreach.demo.geography import area_km2, commune_shapes, read_real_communes
from outreach.demo.national_common import int_text, join_text, pick_text

PROVINCES = 34
COMMUNES = 3_321

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


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    kind: str
    province_code: str
    province_name: str
    geometry: object
    area_km2: float


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


class NationalGeographyMixin:
    """Communes and hamlets of the national province generator: writes the communes and hamlets
    tables and keeps each commune's population, activity and hamlet numbering for the later steps."""

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
            "population": int_text(population, known),
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
        label = pick_text(("Tổ dân phố", "Thôn", "Ấp"), prefix)
        households = rng.integers(80, 900, len(commune_of))
        self._table("hamlets", {
            "hamlet_id": self.hamlet_ids, "hamlet_name": join_text(label, int_text(number)),
            "commune_code": hamlet_commune, "households": int_text(households, rng.random(len(commune_of)) > 0.1),
        })
