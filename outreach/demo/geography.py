"""Geography of the demo province: its outline, the commune shapes (Voronoi cells sharing their
edges), communes and hamlets; also the communes of a real boundary file (shared with the
national generator)."""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, Polygon

from outreach.demo import names
from outreach.demo.common import Commune


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


def commune_shapes(outline: Polygon, points: list[tuple[float, float]]) -> list[object]:
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


def area_km2(shape: object, latitude: float) -> float:
    return shape.area * 111.32 * math.cos(math.radians(latitude)) * 110.57


def geojson_coordinates(shape: object) -> dict:
    def ring(coords) -> list[list[float]]:
        return [[round(x, 6), round(y, 6)] for x, y in coords]

    def polygon(poly) -> list[list[list[float]]]:
        return [ring(poly.exterior.coords)] + [ring(inner.coords) for inner in poly.interiors]

    if shape.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(shape)}
    parts = [part for part in shapely.get_parts(shape) if part.geom_type == "Polygon"]
    return {"type": "MultiPolygon", "coordinates": [polygon(part) for part in parts]}


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


class GeographyMixin:
    """Communes and hamlets of the province generator: fills self.communes (and self.outline for
    the synthetic province); the planted commune roles come from PlantedMixin."""

    def build_communes(self) -> None:
        if self.real_communes:
            self._build_real_communes()
        else:
            self._build_synthetic_communes()
        self._choose_commune_roles()
        for commune in self.communes:
            self._build_hamlets(commune)

    def _build_synthetic_communes(self) -> None:
        rnd = self.rnd
        count = self.commune_count
        self.outline = _province_outline(rnd)
        points, town = _seed_points(rnd, self.outline, count)
        shapes = commune_shapes(self.outline, points)
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
            commune = Commune(index=i, code=f"{names.PROVINCE_CODE}{1 + step * i:03d}", geometry=shape,
                              distance=distance)
            commune.area_km2 = round(area_km2(shape, latitude), 2)
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

    def _build_real_communes(self) -> None:
        """Communes of a real boundary file: its codes, names, types and polygons; invented figures."""
        rnd = self.rnd
        centre = shapely.union_all([real.geometry.representative_point() for real in self.real_communes]).centroid
        for i, real in enumerate(self.real_communes):
            point = real.geometry.representative_point()
            commune = Commune(index=i, code=real.code, name=real.name, kind=real.kind, geometry=real.geometry,
                              distance=math.hypot(point.x - centre.x, point.y - centre.y),
                              province_code=real.province_code, province_name=real.province_name)
            commune.area_km2 = round(area_km2(real.geometry, point.y), 2)
            low, high = (15000, 45000) if real.kind == "phuong" else (5000, 30000)
            commune.population = rnd.randint(low, high)
            self.communes.append(commune)

    def _build_hamlets(self, commune: Commune) -> None:
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
