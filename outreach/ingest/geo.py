"""Commune boundaries: read a user's file, match it to the communes table, simplify, serve.

Matching goes code first, then name within the province, and reports how each commune was
matched; nothing is dropped silently. Geometry is simplified once at import with shared edges
kept (coverage simplification) and stored in the database, so the map never re-simplifies.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

BOUNDARY_STEMS = ("boundaries", "ranh_gioi", "ranh-gioi", "ranhgioi", "communes_geo")
BOUNDARY_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".shp")
CODE_CANDIDATES = ("commune_code", "code", "ma_xa", "maxa", "ma", "ward_code", "wardcode", "id")
NAME_CANDIDATES = ("commune_name", "name", "ten_xa", "tenxa", "ten", "fullname", "full_name", "ward_name")
PROVINCE_CANDIDATES = ("province_code", "ma_tinh", "matinh", "province", "provincecode")
PREFIXES = ("đặc khu", "thị trấn", "thị xã", "phường", "xã", "dac khu", "thi tran", "phuong", "xa")
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# Payload budgets (bytes of GeoJSON) that drive the simplification tolerance.
BUDGET_PROVINCE = 900_000
BUDGET_NATIONAL = 6_000_000


class BoundaryError(Exception):
    """The boundary file cannot be read or matched at all."""


@dataclass(frozen=True)
class MatchResult:
    shapes: gpd.GeoDataFrame          # commune_code, match_method, geometry (simplified, lon/lat)
    features: pd.DataFrame             # one row per feature of the file and what it matched
    code_column: str | None
    name_column: str | None
    tolerance: float
    payload_bytes: int
    vertices: int


# ---------------------------------------------------------------- reading

def find_boundary_file(directory: Path) -> Path | None:
    for path in sorted(directory.iterdir()):
        if path.stem.lower() in BOUNDARY_STEMS and path.suffix.lower() in BOUNDARY_SUFFIXES:
            return path
    return None


def read_boundaries(path: Path) -> gpd.GeoDataFrame:
    """GeoJSON, GeoPackage, Shapefile (or a zip holding one), in any CRS, returned in lon/lat."""
    path = Path(path)
    if not path.exists():
        raise BoundaryError(f"Không tìm thấy tệp ranh giới: {path}")
    target = str(path)
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            inner = [name for name in archive.namelist() if name.lower().endswith((".shp", ".geojson", ".gpkg"))]
        if not inner:
            raise BoundaryError(f"{path.name}: tệp zip không chứa .shp, .geojson hay .gpkg")
        target = f"zip://{path}!{inner[0]}"
    try:
        frame = gpd.read_file(target)
    except Exception as error:  # pyogrio raises several types; the message is what the user needs
        raise BoundaryError(f"{path.name}: không đọc được ranh giới ({error})") from error
    if frame.empty:
        raise BoundaryError(f"{path.name}: không có đối tượng nào")
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= 180 and -90 <= miny <= 90 and -180 <= maxx <= 180 and -90 <= maxy <= 90):
            raise BoundaryError(f"{path.name}: không có hệ tọa độ và tọa độ không phải kinh độ/vĩ độ")
        frame = frame.set_crs(4326)
    elif frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty].copy()
    frame["geometry"] = frame.geometry.make_valid()
    frame = frame[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon", "GeometryCollection"])]
    frame["geometry"] = [_polygonal(geometry) for geometry in frame.geometry]
    frame = frame[~frame.geometry.is_empty]
    return frame.reset_index(drop=True)


def _polygonal(geometry):
    if geometry.geom_type == "GeometryCollection":
        parts = [part for part in geometry.geoms if part.geom_type in ("Polygon", "MultiPolygon")]
        return shapely.union_all(parts) if parts else shapely.Polygon()
    return geometry


# ---------------------------------------------------------------- normalising

def normalise_code(value: object, *, width: int = 5) -> str | None:
    """12 -> '00012', '25195.0' -> '25195', ' 00004 ' -> '00004'; other text kept, trimmed."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (int, np.integer)):
        return str(int(value)).zfill(width)
    if isinstance(value, (float, np.floating)):
        return str(int(value)).zfill(width) if float(value).is_integer() else str(value)
    text = unicodedata.normalize("NFC", str(value)).strip()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if text.isdigit():
        return text.zfill(width)
    return text or None


def _tone_canonical(word: str) -> str:
    """Move a syllable's tone mark to its end, so Hoà and Hòa, Thuỷ and Thủy compare equal."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in TONES]
    base = "".join(ch for ch in decomposed if ch not in TONES)
    return base + "".join(tones)


def normalise_name(text: object, *, strip_prefix: bool = True) -> str:
    """The key names are compared on: NFC, case, dashes, quotes, spaces, tone placement, prefix."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    value = unicodedata.normalize("NFC", str(text)).casefold().strip()
    value = re.sub(r"[\u2010-\u2015\u2212]", "-", value)
    value = re.sub(r"[\u2018\u2019\u02bc`´]", "'", value)
    value = re.sub(r"\s*-\s*", " - ", value)
    value = " ".join(value.split())
    if strip_prefix:
        for prefix in PREFIXES:
            if value.startswith(prefix + " "):
                value = value[len(prefix) + 1:]
                break
    return " ".join(_tone_canonical(word) for word in value.split())


def accent_free(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


# ---------------------------------------------------------------- matching

def _column(frame: pd.DataFrame, wanted: str | None, candidates: tuple[str, ...]) -> str | None:
    if wanted:
        if wanted not in frame.columns:
            raise BoundaryError(f"Không có cột {wanted!r} trong tệp ranh giới (có: {', '.join(map(str, frame.columns))})")
        return wanted
    lowered = {str(column).lower(): column for column in frame.columns if column != "geometry"}
    for candidate in candidates:
        if candidate in lowered:
            return lowered[candidate]
    return None


def detect_code_column(frame: pd.DataFrame, codes: set[str], wanted: str | None = None) -> str | None:
    """The configured column, else the column whose normalised values match the most commune codes."""
    if wanted:
        return _column(frame, wanted, ())
    best, best_hits = None, 0
    for column in frame.columns:
        if column == "geometry":
            continue
        hits = sum(normalise_code(value) in codes for value in frame[column])
        if hits > best_hits:
            best, best_hits = column, hits
    return best if best_hits else _column(frame, None, CODE_CANDIDATES)


def detect_name_column(frame: pd.DataFrame, names: set[str], wanted: str | None = None) -> str | None:
    if wanted:
        return _column(frame, wanted, ())
    best, best_hits = None, 0
    for column in frame.columns:
        if column == "geometry" or not (frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])):
            continue
        hits = sum(normalise_name(value) in names for value in frame[column])
        if hits > best_hits:
            best, best_hits = column, hits
    return best if best_hits else _column(frame, None, NAME_CANDIDATES)


def match_communes(
    boundaries: gpd.GeoDataFrame,
    communes: pd.DataFrame,
    *,
    code_column: str | None = None,
    name_column: str | None = None,
) -> tuple[pd.DataFrame, str | None, str | None]:
    """One row per feature: feature_index, feature_code, feature_name, commune_code, match_method.

    match_method: 'code' (codes equal after normalising), 'name' (normalised name within the
    province), 'name_accent_free' (unique after removing accents too), 'duplicate' (a second
    polygon for an already matched commune), or 'unmatched'.
    """
    codes = set(communes["commune_code"])
    name_keys = {normalise_name(name) for name in communes["commune_name"]}
    code_col = detect_code_column(boundaries, codes, code_column)
    name_col = detect_name_column(boundaries, name_keys, name_column)
    province_col = _column(boundaries, None, PROVINCE_CANDIDATES)
    provinces = set(communes["province_code"].dropna())

    feature_codes = [normalise_code(value) for value in boundaries[code_col]] if code_col else [None] * len(boundaries)
    feature_names = list(boundaries[name_col]) if name_col else [None] * len(boundaries)
    feature_provinces = ([normalise_code(value, width=2) for value in boundaries[province_col]]
                         if province_col else [None] * len(boundaries))

    by_name: dict[tuple[str | None, str], list[str]] = {}
    by_plain: dict[tuple[str | None, str], list[str]] = {}
    for code, name, province in communes[["commune_code", "commune_name", "province_code"]].itertuples(index=False):
        key = normalise_name(name)
        by_name.setdefault((province, key), []).append(code)
        by_name.setdefault((None, key), []).append(code)
        by_plain.setdefault((province, accent_free(key)), []).append(code)
        by_plain.setdefault((None, accent_free(key)), []).append(code)

    rows = []
    taken: set[str] = set()
    for index, (code, name, province) in enumerate(zip(feature_codes, feature_names, feature_provinces)):
        matched, method = None, "unmatched"
        if code in codes:
            matched, method = code, "code"
        elif name:
            # Within the province when the file says which one; across the data otherwise
            # (only when the name is unique there).
            scope = province if province in provinces else None
            if province_col and province is not None and province not in provinces:
                scope = "__other_province__"
            key = normalise_name(name)
            candidates = by_name.get((scope, key), [])
            if len(candidates) == 1:
                matched, method = candidates[0], "name"
            else:
                plain = by_plain.get((scope, accent_free(key)), [])
                if len(plain) == 1:
                    matched, method = plain[0], "name_accent_free"
        if matched is not None and matched in taken:
            method = "duplicate"
        elif matched is not None:
            taken.add(matched)
        rows.append((index, code, None if name is None else str(name), matched, method))
    features = pd.DataFrame(rows, columns=["feature_index", "feature_code", "feature_name", "commune_code", "match_method"])
    return features, code_col, name_col


# ---------------------------------------------------------------- simplifying

def simplify(geometries: gpd.GeoSeries, tolerance: float) -> gpd.GeoSeries:
    """Coverage simplification (shared edges stay shared), then coordinates rounded to 1e-5°."""
    values = np.asarray(geometries.values)
    simplified = shapely.coverage_simplify(values, tolerance, simplify_boundary=True)
    rounded = shapely.set_precision(simplified, 1e-5, mode="pointwise")
    return gpd.GeoSeries(rounded, index=geometries.index, crs=4326)


def geojson_bytes(shapes: gpd.GeoDataFrame) -> int:
    return len(json.dumps(feature_collection(shapes), separators=(",", ":")).encode())


def feature_collection(shapes: gpd.GeoDataFrame) -> dict:
    features = []
    for code, geometry in zip(shapes["commune_code"], shapes.geometry):
        features.append({"type": "Feature", "id": code, "properties": {"commune_code": code},
                         "geometry": json.loads(shapely.to_geojson(geometry))})
    return {"type": "FeatureCollection", "features": features}


def prepare(
    boundaries: gpd.GeoDataFrame,
    communes: pd.DataFrame,
    *,
    code_column: str | None = None,
    name_column: str | None = None,
) -> MatchResult:
    """Match, simplify to the payload budget, and return what the import stores."""
    features, code_col, name_col = match_communes(boundaries, communes, code_column=code_column, name_column=name_column)
    if not (features["match_method"].isin(["code", "name", "name_accent_free"])).any():
        raise BoundaryError(
            "Không khớp được ranh giới nào với danh sách xã: kiểm tra cột mã xã "
            f"(đã dò: {code_col or 'không thấy'}) và cột tên (đã dò: {name_col or 'không thấy'})"
        )
    kept = features[features["match_method"].isin(["code", "name", "name_accent_free"])]
    shapes = gpd.GeoDataFrame(
        {"commune_code": kept["commune_code"].to_numpy(), "match_method": kept["match_method"].to_numpy()},
        geometry=boundaries.geometry.iloc[kept["feature_index"].to_numpy()].to_numpy(), crs=4326,
    )
    budget = BUDGET_PROVINCE if len(shapes) <= 400 else BUDGET_NATIONAL
    tolerance = 0.0003 if len(shapes) <= 400 else 0.001
    for _ in range(6):
        candidate = shapes.copy()
        candidate["geometry"] = simplify(shapes.geometry, tolerance)
        candidate = candidate[~candidate.geometry.is_empty]
        size = geojson_bytes(candidate)
        if size <= budget:
            break
        tolerance *= 2
    vertices = int(shapely.get_num_coordinates(np.asarray(candidate.geometry.values)).sum())
    return MatchResult(shapes=candidate.reset_index(drop=True), features=features, code_column=code_col,
                       name_column=name_col, tolerance=tolerance, payload_bytes=size, vertices=vertices)


# ---------------------------------------------------------------- map view

def fit_view(shapes: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """The longitude-latitude box (west, south, east, north) a map should show: the bulk of the
    polygons, padded a little.

    Far-offshore parts (Trường Sa, Hoàng Sa) would stretch a national box, so the fit uses the
    1st-99th percentile of polygon centroids, widened to the polygons' own extent around them.
    """
    centroids = shapes.geometry.representative_point()
    xs, ys = centroids.x.to_numpy(), centroids.y.to_numpy()
    if len(xs) >= 50:
        low_x, high_x = np.percentile(xs, [1, 99])
        low_y, high_y = np.percentile(ys, [1, 99])
        bulk = shapes[(xs >= low_x) & (xs <= high_x) & (ys >= low_y) & (ys <= high_y)]
    else:
        bulk = shapes
    minx, miny, maxx, maxy = bulk.total_bounds
    pad_x, pad_y = (maxx - minx) * 0.03 or 0.01, (maxy - miny) * 0.03 or 0.01
    return float(minx - pad_x), float(miny - pad_y), float(maxx + pad_x), float(maxy + pad_y)
