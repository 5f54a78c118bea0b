"""The coverage map, on the page (coverage_map) and in the meeting report (svg_map): inline SVG from the commune polygons, coloured and labelled with
the coverage page's scale (coverage.map_scale: days since the last visit from 0 to the blind-spot
threshold, "≥ 60 · điểm trắng" at the top; counts from 0 with "≥" when capped; one-hue palettes;
communes with no held visit in the period in their own colour, outside the scale)."""

from __future__ import annotations

import html
import json

import pandas as pd

from outreach.i18n import fmt_int, is_missing, t
from outreach.views import commune_map, coverage

NO_VALUE_COLOUR = "#bdbdbd"  # as coverage.coverage_map: covered, but the measure cannot be computed
NO_SHAPE_COLOUR = "#eeeeee"


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def colour_at(fraction: float, scale) -> str:
    """The colour of a plotly colour scale ([[0, "#…"], …, [1, "#…"]]) at 0..1, linear between stops
    as plotly draws it; outside 0..1 the end colours (plotly's zmin/zmax clamp)."""
    fraction = min(max(float(fraction), 0.0), 1.0)
    for (low, low_colour), (high, high_colour) in zip(scale, scale[1:]):
        if fraction <= high:
            share = 0.0 if high == low else (fraction - low) / (high - low)
            a, b = _hex(low_colour), _hex(high_colour)
            return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))
    return scale[-1][1]


def scale_of(figures: pd.DataFrame, metric: str, lang: str, blind_spot_days: int | None) -> coverage.MapScale:
    """The coverage page's scale for `metric`: over the communes with a held visit and a value."""
    spec = coverage.MAP_METRICS[metric]
    covered = figures[figures["is_covered"].fillna(False).astype(bool) & figures[metric].notna()]
    return coverage.map_scale(covered[metric], spec, lang, blind_spot_days=blind_spot_days)


def commune_colours(figures: pd.DataFrame, metric: str, scale: coverage.MapScale) -> dict[str, str]:
    """commune_code -> fill, as coverage.coverage_map colours it: NOT_COVERED_COLOUR for communes with
    no held visit in the period, grey for no value, else the scale's colour (clamped at its ends)."""
    colours = {}
    span = (scale.high - scale.low) or 1.0
    for code, is_covered, value in zip(figures["commune_code"], figures["is_covered"], figures[metric]):
        if not is_covered or is_missing(is_covered):
            colours[code] = coverage.NOT_COVERED_COLOUR
        elif is_missing(value):
            colours[code] = NO_VALUE_COLOUR
        else:
            colours[code] = colour_at((float(value) - scale.low) / span, scale.colours)
    return colours


def commune_titles(figures: pd.DataFrame, metric: str, lang: str) -> dict[str, str]:
    """commune_code -> "name: value" (the hover of the page, shortened), as plain text."""
    kind = coverage.MAP_METRICS[metric].kind
    titles = {}
    for code, name, is_covered, value in zip(figures["commune_code"], figures["commune_name"], figures["is_covered"],
                                             figures[metric]):
        if metric == "days_since_last_visit" and is_missing(value):
            shown = t("rp_never_visited", lang)
        else:
            shown = coverage.format_value(value, kind, lang) if not is_missing(value) else "—"
        if not is_covered and metric != "days_since_last_visit":
            shown = t("cov_legend_not_covered", lang)
        titles[code] = f"{name}: {shown}"
    return titles


def svg_map(shapes: pd.DataFrame, colours: dict[str, str], titles: dict[str, str], *, label: str = "") -> str:
    """The page's map drawing (outreach/views/commune_map.py) over the polygons' whole extent."""
    geometries = {code: json.loads(text) for code, text in zip(shapes["commune_code"], shapes["geometry"])}
    points = [point for geometry in geometries.values() for ring in commune_map._rings(geometry) for point in ring]
    if not points:
        return ""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    drawing = commune_map.project(geometries, (min(xs), min(ys), max(xs), max(ys)))
    return commune_map.svg(drawing, colours, titles, label=label, no_shape_fill=NO_SHAPE_COLOUR, css_class="map")


def legend(scale: coverage.MapScale, title: str, figures: pd.DataFrame, metric: str, lang: str) -> str:
    """The page's colour bar (vertical, high at the top, with its tick labels) and the swatches of the
    colours outside the scale with their commune counts, as on the page's legend."""
    esc = html.escape
    stops = ", ".join(f"{colour} {float(at) * 100:.0f}%" for at, colour in scale.colours)
    span = (scale.high - scale.low) or 1.0
    ticks = "".join(
        f'<span class="tick" style="bottom:{(value - scale.low) / span * 100:.1f}%">{esc(label)}</span>'
        for value, label in zip(scale.tick_values, scale.tick_labels))
    uncovered = int((~figures["is_covered"].fillna(False).astype(bool)).sum())
    no_value = int((figures["is_covered"].fillna(False).astype(bool) & figures[metric].isna()).sum())
    swatches = "".join(
        f'<div><span class="swatch" style="background:{colour}"></span> {esc(t(key, lang))} ({fmt_int(count, lang)})</div>'
        for colour, key, count in ((coverage.NOT_COVERED_COLOUR, "cov_legend_not_covered", uncovered),
                                   (NO_VALUE_COLOUR, "cov_legend_no_value", no_value)) if count)
    return (f'<div class="legend"><div class="colourbar"><div class="legend-title">{esc(title)}</div>'
            f'<div class="bar-row"><span class="bar" style="background:linear-gradient(to top, {stops})"></span>'
            f'<span class="ticks">{ticks}</span></div></div>'
            f'<div class="swatches">{swatches}</div></div>')


def coverage_map(frame: pd.DataFrame, assets: coverage.MapAssets, *, metric: str, lang: str, selected: str | None = None,
                 blind_spot_days: int | None = None) -> tuple[str, str]:
    """The coverage map (SVG, outreach/views/commune_map.py) and its legend (HTML), coloured by `metric`
    on the page's scale (map_scale). Communes with no held visit in the period get their own colour and
    legend entry, outside the scale; covered communes whose measure cannot be computed are grey."""
    spec = coverage.MAP_METRICS[metric]
    data = frame[frame["commune_code"].isin(assets.codes)]
    scale = scale_of(data, metric, lang, blind_spot_days)
    fills = commune_colours(data, metric, scale)
    titles = dict(zip(data["commune_code"], coverage.hover_text(data, lang)))
    drawing = commune_map.svg(assets.drawing, fills, titles, label=t(spec.label_key, lang),
                              selected=selected if selected in assets.codes else None)
    return drawing, legend(scale, t(spec.label_key, lang), data, metric, lang)
