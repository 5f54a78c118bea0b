"""The commune map as plain SVG: one <path> per commune, projected once per database version.

Both the coverage page (outreach/ui/commune_map.py draws it, with hover, click and zoom) and the
meeting report (outreach/views/report.py) use this one drawing. There are no tiles, no base layers
and no chart library: the browser draws a few hundred paths, and nothing is fetched from anywhere.

Projection: Web Mercator fitted to the box the map shows (`bounds`, the bulk of the polygons:
outreach.ingest.geo.fit_view), in a view box `VIEW_WIDTH` units wide; coordinates are rounded to
0.1 unit (0.14 px at 1,440 px) and repeated points after rounding dropped. Parts outside the box
(far-offshore islands in a national layer) are still drawn, outside the view until one zooms out
or pans."""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass

VIEW_WIDTH = 1000.0
PADDING = 0.02  # share of the box left around the polygons on each side


@dataclass(frozen=True)
class Drawing:
    """commune_code -> the SVG path data of its polygons, in a view box width × height."""
    paths: dict[str, str]
    width: float
    height: float

    @property
    def payload_bytes(self) -> int:
        return sum(len(code) + len(d) for code, d in self.paths.items())


def _mercator_y(latitude: float) -> float:
    latitude = max(min(latitude, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def _rings(geometry: dict) -> list[list]:
    if geometry.get("type") == "Polygon":
        return geometry["coordinates"]
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def project(geometries: dict[str, dict], bounds: tuple[float, float, float, float]) -> Drawing:
    """SVG path data for each commune's GeoJSON geometry, the box (west, south, east, north) filling
    the view box but for a small margin. A ring keeps at least its first three points."""
    west, south, east, north = bounds
    x_span = max(math.radians(east - west), 1e-9)
    top, bottom = _mercator_y(north), _mercator_y(south)
    y_span = max(top - bottom, 1e-9)
    inner = VIEW_WIDTH * (1 - 2 * PADDING)
    scale = inner / x_span
    height = y_span * scale / (1 - 2 * PADDING)
    margin_x, margin_y = VIEW_WIDTH * PADDING, height * PADDING

    def point(lon: float, lat: float) -> tuple[int, int]:
        # Tenths of a unit as integers: exact to write, and equal when they would print equal.
        x = margin_x + math.radians(lon - west) * scale
        y = margin_y + (top - _mercator_y(lat)) * scale
        return round(x * 10), round(y * 10)

    paths = {}
    for code, geometry in geometries.items():
        parts = []
        for ring in _rings(geometry):
            points = [point(x, y) for x, y, *_ in ring]
            kept = [p for index, p in enumerate(points) if index == 0 or p != points[index - 1]]
            if len(kept) > 1 and kept[-1] == kept[0]:
                kept.pop()
            if len(kept) < 3:
                kept = (points[:3] if len(points) >= 3 else points)
            if len(kept) < 3:
                continue
            parts.append("M" + "L".join(f"{x / 10:g} {y / 10:g}" for x, y in kept) + "Z")
        if parts:
            paths[code] = "".join(parts)
    return Drawing(paths=paths, width=VIEW_WIDTH, height=round(height, 1))


def project_shapes(shapes, bounds: tuple[float, float, float, float]) -> Drawing:
    """project() over the commune_shapes query's rows (commune_code, geometry as GeoJSON text)."""
    return project({code: json.loads(text) for code, text in zip(shapes["commune_code"], shapes["geometry"])},
                   bounds)


def svg(drawing: Drawing, fills: dict[str, str], titles: dict[str, str], *, label: str,
        selected: str | None = None, no_shape_fill: str = "#eeeeee", css_class: str = "oc-map-svg") -> str:
    """The map: each commune's path with its fill and a <title> (its hover text, plain lines; the
    browser's own tooltip and the accessible name), then the selected commune's outline on top."""
    esc = html.escape
    parts = [f'<svg viewBox="0 0 {drawing.width:g} {drawing.height:g}" class="{css_class}" role="img" '
             f'aria-label="{esc(label)}"><g class="oc-communes">']
    for code, d in drawing.paths.items():
        parts.append(f'<path d="{d}" fill="{fills.get(code, no_shape_fill)}" data-code="{esc(code)}">'
                     f"<title>{esc(titles.get(code, code))}</title></path>")
    parts.append("</g>")
    if selected and selected in drawing.paths:
        parts.append(f'<path class="oc-selected" d="{drawing.paths[selected]}" fill="none"/>')
    parts.append("</svg>")
    return "".join(parts)
