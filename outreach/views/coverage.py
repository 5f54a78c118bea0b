"""The coverage map and the coverage page's figures (no Streamlit here)."""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from outreach.ingest import contract
from outreach.views.charts import SEPARATORS, base_layout
from outreach.i18n import fmt_date, fmt_int, fmt_month, fmt_number, fmt_percent, t

NOT_COVERED_COLOUR = "#5b4a6b"  # muted purple-grey: clearly not part of the colour scale
NO_POLYGON_NOTE = "—"


@dataclass(frozen=True)
class MapMetric:
    key: str             # column of commune_map
    label_key: str       # translation key
    higher_is_better: bool
    kind: str            # count | rate | number | days


MAP_METRICS: dict[str, MapMetric] = {
    metric.key: metric
    for metric in (
        MapMetric("visits_held", "cov_metric_visits_held", True, "count"),
        MapMetric("visits_per_1000", "cov_metric_visits_per_1000", True, "number"),
        MapMetric("days_since_last_visit", "cov_metric_days_since_last_visit", False, "days"),
        MapMetric("hamlets_visited_share", "cov_metric_hamlets_visited_share", True, "rate"),
        MapMetric("officials_present_share", "cov_metric_officials_present_share", True, "rate"),
        MapMetric("heard_elsewhere_first", "cov_metric_heard_elsewhere_first", False, "count"),
    )
}

# Enum codes shown with the contract's Vietnamese labels.
ENUM_LABELS = {"status": contract.VISIT_STATUSES, "visit_type": contract.VISIT_TYPES, "channel": contract.CHANNELS}

# Worse = warmer: red for the worst end, blue for the best (rates, which have a natural middle).
WARM_TO_COOL = [[0.0, "#b2182b"], [0.25, "#ef8a62"], [0.5, "#fddbc7"], [0.75, "#67a9cf"], [1.0, "#2166ac"]]
# Counts run one way (more is better): one hue, light to dark, with no grey that could read "no data".
FEW_TO_MANY = [[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]]
# Days since the last visit (fewer is better): light yellow to dark red at the blind-spot threshold.
RECENT_TO_STALE = [[0.0, "#ffffb2"], [0.5, "#fd8d3c"], [1.0, "#800026"]]


@dataclass(frozen=True)
class MapScale:
    """The colour scale of one map measure: its range, whether values beyond it were capped (then
    the end tick reads "≥ …"), the colours and the ticks with their labels."""

    low: float
    high: float
    capped_high: bool
    colours: list
    tick_values: list[float]
    tick_labels: list[str]


def map_scale(values: pd.Series, spec: MapMetric, lang: str, *, blind_spot_days: int | None = None) -> MapScale:
    """Rates keep 0-100%. Counts run from 0 to their 95th percentile (so one very busy commune does
    not wash the map out), the top tick saying "≥" when communes lie beyond it. Days since the last
    visit run from 0 to the blind-spot threshold: a commune unvisited for 145 days is as dark as one at
    the threshold and the top tick says "≥ 60 · điểm trắng" (whether or not a commune lies beyond),
    never the colour of a recent visit."""
    if spec.kind == "rate":
        ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
        return MapScale(0.0, 1.0, False, WARM_TO_COOL, ticks, [fmt_percent(v, lang, digits=0) for v in ticks])
    values = values.dropna().astype(float)
    if spec.kind == "days" and blind_spot_days:
        high = float(blind_spot_days)
    else:
        high = float(values.quantile(0.95)) if len(values) else 1.0
    if high <= 0:
        high = 1.0
    whole = spec.kind in ("count", "days")
    if whole:
        high = float(math.ceil(high))
    capped = bool(len(values) and float(values.max()) > high + 1e-9)
    step = high / 4
    ticks = [round(step * i, 0 if whole else 2) for i in range(5)]
    ticks = sorted(set(ticks))
    labels = [fmt_int(v, lang) if whole else fmt_number(v, lang, digits=2) for v in ticks]
    if spec.kind == "days" and blind_spot_days:
        # The top colour means "the threshold or more" whether or not a commune lies beyond it.
        labels[-1] = f"≥ {labels[-1]} · {t('cov_scale_blind', lang)}"
    elif capped:
        labels[-1] = "≥ " + labels[-1]
    colours = RECENT_TO_STALE if spec.kind == "days" else FEW_TO_MANY
    return MapScale(0.0, high, capped, colours, ticks, labels)


def shapes_geojson(shapes: pd.DataFrame) -> dict:
    """FeatureCollection from the commune_shapes query (geometry stored as GeoJSON text), its rings
    wound the way the map's projection reads them (see drawing_winding)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": code, "properties": {"commune_code": code},
             "geometry": drawing_winding(json.loads(geometry))}
            for code, geometry in zip(shapes["commune_code"], shapes["geometry"])
        ],
    }


def _signed_area(ring: list) -> float:
    """Twice the ring's signed area in longitude-latitude (positive: counter-clockwise)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1]))


def drawing_winding(geometry: dict) -> dict:
    """Outer rings clockwise, holes counter-clockwise. The map is drawn on a sphere (Plotly's geo
    projection, d3-geo), where a ring's winding says which side is inside: an outer ring wound the
    other way (as RFC 7946 writes it) would be read as the whole globe but the commune, and paint
    the map's background. Imported shapes come wound either way; this makes them all one way."""

    def polygon(rings: list) -> list:
        return [ring if (_signed_area(ring) <= 0) == (index == 0) else ring[::-1]
                for index, ring in enumerate(rings)]

    if geometry.get("type") == "Polygon":
        return {**geometry, "coordinates": polygon(geometry["coordinates"])}
    if geometry.get("type") == "MultiPolygon":
        return {**geometry, "coordinates": [polygon(part) for part in geometry["coordinates"]]}
    return geometry


def format_value(value, kind: str, lang: str) -> str:
    if kind == "rate":
        return fmt_percent(value, lang)
    if kind == "number":
        return fmt_number(value, lang, digits=2)
    if kind == "days":
        return "—" if pd.isna(value) else f"{fmt_int(value, lang)} {t('days', lang)}"
    return fmt_int(value, lang)


def hover_text(frame: pd.DataFrame, lang: str) -> list[str]:
    lines = []
    for row in frame.itertuples(index=False):
        lines.append("<br>".join([
            f"<b>{row.commune_name}</b> ({row.commune_code})",
            f"{t('cov_metric_visits_held', lang)}: {fmt_int(row.visits_held, lang)}",
            f"{t('cov_metric_visits_per_1000', lang)}: {fmt_number(row.visits_per_1000, lang, digits=2)}",
            f"{t('cov_last_visit', lang)}: {fmt_date(row.last_visit_date, lang)}"
            + ("" if pd.isna(row.days_since_last_visit) else f" ({fmt_int(row.days_since_last_visit, lang)} {t('days', lang)})"),
            f"{t('cov_hamlets', lang)}: {fmt_int(row.hamlets_visited, lang)}/{fmt_int(row.hamlets_total, lang)}",
            f"{t('cov_officials', lang)}: {fmt_int(row.officials_present, lang)}/{fmt_int(row.officials_assigned, lang)}",
        ]))
    return lines


def kpi_cards(figures: pd.DataFrame, blind: pd.DataFrame, overlaps: pd.DataFrame, *, blind_spot_days: int,
              lang: str = "vi") -> list:
    """The coverage page's four cards: communes visited (of all), not visited, blind spots (no held
    visit for more than N days), overlapping visit pairs (docs/metrics.md, "Coverage")."""
    from outreach.views.columns import Card

    covered = int(figures["is_covered"].sum()) if len(figures) else 0
    return [
        Card(key="covered", label=t("cov_kpi_covered", lang), value=fmt_int(covered, lang),
             note=t("cov_of_total", lang, total=fmt_int(len(figures), lang))),
        Card(key="not_covered", label=t("cov_kpi_not_covered", lang), value=fmt_int(len(figures) - covered, lang)),
        Card(key="blind", label=t("cov_kpi_blind", lang, days=blind_spot_days), value=fmt_int(len(blind), lang)),
        Card(key="overlaps", label=t("cov_kpi_overlaps", lang), value=fmt_int(len(overlaps), lang)),
    ]


MAP_HEIGHT = 620
PHONE_MAP_HEIGHT = 380
# The map's base layers: none. Plotly's geo maps ask for a world topology even when they draw none
# of it; this is an empty one served by the dashboard itself (static/topojson/world_110m.json), so
# nothing is fetched from the internet.
TOPOJSON_URL = "app/static/topojson/"


def coverage_map(
    frame: pd.DataFrame,
    geojson: dict | str,
    *,
    shape_codes: frozenset[str] | None = None,
    metric: str,
    bounds: tuple[float, float, float, float],
    lang: str,
    selected: str | None = None,
    height: int = MAP_HEIGHT,
    blind_spot_days: int | None = None,
) -> go.Figure:
    """Choropleth drawn as SVG on a blank background (no tiles, no base layers: works offline, and
    needs no WebGL, which a browser without a graphics card draws slowly). Communes with no held
    visit in the period get their own colour and legend entry, outside the colour scale. The view is
    `bounds` (west, south, east, north; MapAssets.bounds) fitted to the chart's box, whatever its width.

    `geojson` is the FeatureCollection or the URL of it on this server (then pass shape_codes);
    a URL keeps a national layer out of the figure sent on every rerun."""
    spec = MAP_METRICS[metric]
    with_shape = shape_codes if shape_codes is not None else {feature["id"] for feature in geojson["features"]}
    data = frame[frame["commune_code"].isin(with_shape)].copy()
    data["hover"] = hover_text(data, lang)
    covered = data[data["is_covered"] & data[metric].notna()]
    uncovered = data[~data["is_covered"]]
    no_value = data[data["is_covered"] & data[metric].isna()]
    scale_spec = map_scale(covered[metric], spec, lang, blind_spot_days=blind_spot_days)
    scale = scale_spec.colours
    colourbar = dict(title=dict(text=t(spec.label_key, lang), side="right"), thickness=14, len=0.75,
                     tickmode="array", tickvals=scale_spec.tick_values, ticktext=scale_spec.tick_labels)
    colour_range = (scale_spec.low, scale_spec.high)

    def own(codes) -> dict | str:
        # Each layer carries only its own communes' outlines (a URL stays a URL): the province's
        # outlines go to the browser once, not once per layer.
        if isinstance(geojson, str):
            return geojson
        wanted = set(codes)
        return {"type": "FeatureCollection", "features": [f for f in geojson["features"] if f["id"] in wanted]}

    figure = go.Figure()
    if len(covered):
        figure.add_trace(go.Choropleth(
            geojson=own(covered["commune_code"]), locations=covered["commune_code"], z=covered[metric], featureidkey="id",
            colorscale=scale, marker=dict(line=dict(width=0.6, color="white"), opacity=0.92),
            zmin=colour_range[0], zmax=colour_range[1],
            colorbar=colourbar, text=covered["hover"], customdata=covered["commune_code"],
            hovertemplate="%{text}<extra></extra>", name=t(spec.label_key, lang),
        ))
    for part, colour, label_key in ((uncovered, NOT_COVERED_COLOUR, "cov_legend_not_covered"),
                                    (no_value, "#bdbdbd", "cov_legend_no_value")):
        if len(part):
            figure.add_trace(go.Choropleth(
                geojson=own(part["commune_code"]), locations=part["commune_code"], z=[1] * len(part), featureidkey="id",
                colorscale=[[0, colour], [1, colour]], showscale=False, showlegend=True,
                marker=dict(line=dict(width=0.6, color="white"), opacity=0.95),
                text=part["hover"], customdata=part["commune_code"], hovertemplate="%{text}<extra></extra>",
                name=f"{t(label_key, lang)} ({fmt_int(len(part), lang)})",
            ))
    if selected and selected in with_shape:
        figure.add_trace(go.Choropleth(
            geojson=own([selected]), locations=[selected], z=[1], featureidkey="id", showscale=False,
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], marker=dict(line=dict(width=3, color="#111111")),
            hoverinfo="skip", name=t("cov_legend_selected", lang), showlegend=True,
        ))
    west, south, east, north = bounds
    figure.update_layout(
        geo=dict(visible=False, projection=dict(type="mercator"), bgcolor="rgba(0,0,0,0)",
                 lonaxis=dict(range=[west, east]), lataxis=dict(range=[south, north]),
                 domain=dict(x=[0, 1], y=[0, 1])),
        height=height, margin=dict(l=0, r=0, t=0, b=0), separators=SEPARATORS[lang],
        legend=dict(orientation="h", yanchor="bottom", y=0.01, xanchor="left", x=0.01,
                    bgcolor="rgba(255,255,255,0.85)"),
        clickmode="event+select", dragmode="pan",
    )
    return figure


def value_range(values: pd.Series, kind: str) -> tuple[float, float]:
    """Colour range from the 5th to the 95th percentile so a few outliers do not wash the map out;
    rates keep their natural 0-100% range."""
    if kind == "rate":
        return 0.0, 1.0
    if values.empty:
        return 0.0, 1.0
    low, high = float(values.quantile(0.05)), float(values.quantile(0.95))
    if high <= low:
        high = low + 1
    return low, high


def covered_share_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    months = [fmt_month(month) for month in frame["month"]]
    figure = go.Figure(go.Bar(
        x=months, y=frame["covered_share"], marker_color="#1f5f8b",
        customdata=list(zip(frame["communes_covered"], frame["communes_total"])),
        hovertemplate="%{y:.1%} (%{customdata[0]:,.0f}/%{customdata[1]:,.0f})<extra></extra>",
    ))
    figure.update_yaxes(tickformat=".0%", range=[0, 1.02], title_text=t("cov_share_axis", lang))
    figure.update_xaxes(type="category", title_text=t("trend_month", lang))
    figure = base_layout(figure, lang, height=300)
    figure.update_layout(showlegend=False, hovermode="closest")
    return figure


def selected_from_event(event) -> str | None:
    """The commune code clicked on the map, from st.plotly_chart's selection event."""
    try:
        points = event.selection.points
    except AttributeError:
        points = (event or {}).get("selection", {}).get("points", [])
    for point in points or []:
        code = point.get("location") or point.get("customdata")
        if isinstance(code, list):
            code = code[0] if code else None
        if code:
            return str(code)
    return None


def column_labels(columns, lang: str) -> dict[str, str]:
    """Vietnamese (or English) headers for the coverage tables."""
    return {column: t("covcol_" + column, lang) for column in columns}


def localise_table(frame: pd.DataFrame, lang: str, *, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """The frame as shown: problem and match codes in words (headers are set by ui.show_table)."""
    shown = frame.drop(columns=[column for column in drop if column in frame.columns]).copy()
    if "problem" in shown.columns:
        shown["problem"] = [t("problem_" + code, lang) for code in shown["problem"]]
    if "match_method" in shown.columns:
        shown["match_method"] = [t("match_" + code, lang) for code in shown["match_method"]]
    for column, labels in ENUM_LABELS.items():
        if column in shown.columns:
            shown[column] = [labels.get(code, code) if isinstance(code, str) else code for code in shown[column]]
    if "citizens_attending" in shown.columns:
        # An empty count reads "—" (an empty visit may have none recorded), never "None".
        shown["citizens_attending"] = [NO_POLYGON_NOTE if pd.isna(value) else fmt_int(value, lang)
                                       for value in shown["citizens_attending"]]
    return shown


def hamlets_never_visited(hamlets: pd.DataFrame) -> list[str]:
    return list(hamlets.loc[hamlets["visits_held"] == 0, "hamlet_name"])


@dataclass(frozen=True)
class MapAssets:
    geojson: dict
    codes: frozenset[str]
    bounds: tuple[float, float, float, float]  # west, south, east, north: what the map shows
    payload_bytes: int
    url: str | None = None


# Map layers up to this size are sent inside the figure; larger ones are served once as a file.
INLINE_MAP_BYTES = 600_000


def map_assets(shapes: pd.DataFrame, *, static_dir: Path | None = None, version: str = "") -> MapAssets | None:
    """GeoJSON and the box to show from the commune_shapes query; None when there are no shapes.

    With static_dir, the GeoJSON is also written there once (static/geo/<hash>.geojson) and
    `url` is the address the browser fetches it from, so figures carry only the figures."""
    if shapes.empty:
        return None
    import hashlib

    import geopandas as gpd

    from outreach.ingest.geo import fit_view

    geojson = shapes_geojson(shapes)
    frame = gpd.GeoDataFrame.from_features(geojson["features"], crs=4326)
    bounds = fit_view(frame)
    payload = json.dumps(geojson, separators=(",", ":")).encode()
    url = None
    # A province's layer is small: it goes in the figure, with no fetch that can fail or be cut off
    # when many sessions load the map at once (20 concurrent sessions gave "Unexpected error while
    # fetching" on the served file). Only a national-size layer is served as a file.
    if static_dir is not None and len(payload) > INLINE_MAP_BYTES:
        name = hashlib.sha256(payload).hexdigest()[:20] + ".geojson"
        target = static_dir / "geo" / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{name}.{os.getpid()}.tmp")
            temporary.write_bytes(payload)
            os.replace(temporary, target)
        url = f"app/static/geo/{name}"
    return MapAssets(geojson=geojson, codes=frozenset(shapes["commune_code"]), bounds=bounds,
                     payload_bytes=len(payload), url=url)
