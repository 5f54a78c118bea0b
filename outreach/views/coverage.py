"""The coverage map and the coverage page's figures (no Streamlit here)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from outreach.ingest import contract
from outreach.views import commune_map
from outreach.views.charts import base_layout
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


def format_value(value, kind: str, lang: str) -> str:
    if kind == "rate":
        return fmt_percent(value, lang)
    if kind == "number":
        return fmt_number(value, lang, digits=2)
    if kind == "days":
        return "—" if pd.isna(value) else f"{fmt_int(value, lang)} {t('days', lang)}"
    return fmt_int(value, lang)


def hover_text(frame: pd.DataFrame, lang: str) -> list[str]:
    """Each commune's figures on the map, as plain lines (the map's tooltip; its first line in bold)."""
    lines = []
    for row in frame.itertuples(index=False):
        lines.append("\n".join([
            f"{row.commune_name} ({row.commune_code})",
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
    drawing: commune_map.Drawing  # the communes' SVG paths, projected once per database version
    codes: frozenset[str]
    bounds: tuple[float, float, float, float]  # west, south, east, north: what the map shows

    @property
    def payload_bytes(self) -> int:
        return self.drawing.payload_bytes


def map_assets(shapes: pd.DataFrame) -> MapAssets | None:
    """The communes' drawing and the box to show, from the commune_shapes query; None when there are
    no shapes. Built once per database version (outreach/ui/results.py caches it)."""
    if shapes.empty:
        return None
    import geopandas as gpd

    from outreach.ingest.geo import fit_view

    geometries = {code: json.loads(text) for code, text in zip(shapes["commune_code"], shapes["geometry"])}
    frame = gpd.GeoDataFrame.from_features(
        [{"type": "Feature", "properties": {}, "geometry": geometry} for geometry in geometries.values()], crs=4326)
    bounds = fit_view(frame)
    return MapAssets(drawing=commune_map.project(geometries, bounds), codes=frozenset(geometries), bounds=bounds)
