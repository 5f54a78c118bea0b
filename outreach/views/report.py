"""The meeting report: one printable HTML page of the period (A4), with no Streamlit and no network.

KPIs with their change, a coverage map drawn as inline SVG from the commune polygons (the coverage
page's colours), the agency scorecard, the officials flagged by flag, the as_of date, period,
filters and definitions. Every query runs through db.run_query with the scope's restriction.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re

import duckdb
import pandas as pd

from outreach.views import coverage, agencies, flags
from outreach.query import db
from outreach.config import Settings
from outreach.i18n import definition, fmt_date, fmt_int, fmt_number, fmt_percent, is_missing, t
from outreach.views.overview import KPIS, kpi_cards

QUERIES = ("overview_kpis", "commune_map", "commune_shapes", "agency_scorecard", "official_participation")
MAP_WIDTH, MAP_HEIGHT = 640, 460


def _run(con: duckdb.DuckDBPyConnection, name: str, scope: db.Scope, settings: Settings) -> pd.DataFrame:
    return db.run_query(con, name, scope.params_for(name, settings), scope.restriction)


# ---------------------------------------------------------------- colours and the SVG map

def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def colour_at(fraction: float, scale=coverage.WARM_TO_COOL) -> str:
    """The colour of the coverage page's scale at 0..1 (linear between stops, as plotly does)."""
    fraction = min(max(float(fraction), 0.0), 1.0)
    for (low, low_colour), (high, high_colour) in zip(scale, scale[1:]):
        if fraction <= high:
            share = 0.0 if high == low else (fraction - low) / (high - low)
            a, b = _hex(low_colour), _hex(high_colour)
            return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))
    return scale[-1][1]


def commune_colours(figures: pd.DataFrame, metric: str = "visits_held") -> dict[str, str]:
    """commune_code -> fill, like coverage.coverage_map: the scale over the 5th-95th percentile of
    the covered communes, NOT_COVERED_COLOUR for communes with no held visit, grey for no value."""
    spec = coverage.MAP_METRICS[metric]
    covered = figures[figures["is_covered"] & figures[metric].notna()]
    low, high = coverage.value_range(covered[metric], spec.kind)
    colours = {}
    for code, is_covered, value in zip(figures["commune_code"], figures["is_covered"], figures[metric]):
        if not is_covered:
            colours[code] = coverage.NOT_COVERED_COLOUR
        elif is_missing(value):
            colours[code] = "#bdbdbd"
        else:
            fraction = (float(value) - low) / (high - low)
            colours[code] = colour_at(fraction if spec.higher_is_better else 1 - fraction)
    return colours


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def svg_map(shapes: pd.DataFrame, colours: dict[str, str], titles: dict[str, str],
            width: int = MAP_WIDTH, height: int = MAP_HEIGHT) -> str:
    """Inline SVG: one <path> per commune, equirectangular projection scaled by cos(latitude)."""
    geometries = {code: json.loads(text) for code, text in zip(shapes["commune_code"], shapes["geometry"])}
    points = [point for geometry in geometries.values() for ring in _rings(geometry) for point in ring]
    if not points:
        return ""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    squeeze = math.cos(math.radians((min(ys) + max(ys)) / 2))
    span_x, span_y = max((max(xs) - min(xs)) * squeeze, 1e-9), max(max(ys) - min(ys), 1e-9)
    scale = min((width - 20) / span_x, (height - 20) / span_y)
    left = (width - span_x * scale) / 2
    top = (height - span_y * scale) / 2

    def project(x: float, y: float) -> str:
        return f"{left + (x - min(xs)) * squeeze * scale:.1f},{top + (max(ys) - y) * scale:.1f}"

    paths = []
    for code, geometry in geometries.items():
        d = " ".join("M" + " L".join(project(x, y) for x, y, *_ in ring) + " Z" for ring in _rings(geometry))
        fill = colours.get(code, "#eeeeee")
        paths.append(f'<path d="{d}" fill="{fill}" stroke="#ffffff" stroke-width="0.8" fill-rule="evenodd">'
                     f"<title>{html.escape(titles.get(code, code))}</title></path>")
    return (f'<svg viewBox="0 0 {width} {height}" width="100%" '
            f'role="img" class="map">{"".join(paths)}</svg>')


def _legend(lang: str, low: str, high: str) -> str:
    stops = "".join(f'<span style="background:{colour_at(i / 8)}"></span>' for i in range(9))
    return (f'<div class="legend"><span class="ramp">{stops}</span> {html.escape(t("rp_map_legend_low", lang))} '
            f"({low}) → {html.escape(t('rp_map_legend_high', lang))} ({high}) &nbsp; "
            f'<span class="swatch" style="background:{coverage.NOT_COVERED_COLOUR}"></span> '
            f"{html.escape(t('rp_map_legend_none', lang))}</div>")


# ---------------------------------------------------------------- the report

def _plain(text: str) -> str:
    """Escaped text with the definitions' *emphasis* as <em>."""
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", html.escape(text))


def _table(frame: pd.DataFrame, headers: list[str]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _score_cell(value, kind: str, lang: str) -> str:
    if is_missing(value):
        return "—"
    if kind == "rate":
        return fmt_percent(value, lang)
    if kind == "score":
        return fmt_number(value, lang, digits=1)
    return fmt_int(value, lang)


def scorecard_rows(scorecard: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    columns = [("rank", "rp_col_rank", "int"), ("agency_name", "rp_col_agency", "text"),
               ("score", "rp_col_score", "score"), ("coverage_rate", "rp_col_coverage", "rate"),
               ("attendance_rate", "rp_col_attendance", "rate"), ("quota_rate", "rp_col_quota", "rate"),
               ("on_time_rate", "rp_col_on_time", "rate"), ("review_group", "rp_col_group", "group")]
    shown = pd.DataFrame({
        key: [agencies.group_label(v, lang) if kind == "group" else (v if kind == "text" else _score_cell(v, kind, lang))
              for v in scorecard[key]]
        for key, _, kind in columns if key in scorecard.columns
    })
    return shown, [t(label, lang) for key, label, _ in columns if key in scorecard.columns]


def build_report(con: duckdb.DuckDBPyConnection, scope: db.Scope, settings: Settings, *, lang: str = "vi",
                 commune_name: str | None = None, agency_name: str | None = None,
                 now: dt.datetime | None = None) -> str:
    period = scope.period
    kpis = _run(con, "overview_kpis", scope, settings).iloc[0]
    cards = kpi_cards(kpis, lang=lang, previous_label=period.previous().label(),
                      previous_has_data=period.previous().has_data)
    figures = _run(con, "commune_map", scope, settings)
    shapes = _run(con, "commune_shapes", scope, settings)
    scorecard = _run(con, "agency_scorecard", scope, settings)
    participation = _run(con, "official_participation", scope, settings)
    counts = flags.flag_counts(participation)

    scope_label = " · ".join(name for name in (commune_name, agency_name) if name) or t("rp_scope_all", lang)
    esc = html.escape
    kpi_rows = "".join(f"<tr><td>{esc(card.label)}</td><td class='num'>{esc(card.value)}</td>"
                       f"<td class='num'>{esc(card.delta or '—')}</td></tr>" for card in cards)
    names = dict(zip(figures["commune_code"], figures["commune_name"]))
    titles = {code: f"{names.get(code, code)}: {fmt_int(value, lang)}"
              for code, value in zip(figures["commune_code"], figures["visits_held"])}
    if shapes.empty:
        map_html = f"<p>{esc(t('rp_map_none', lang))}</p>"
    else:
        covered = figures[figures["is_covered"] & figures["visits_held"].notna()]
        low, high = coverage.value_range(covered["visits_held"], "count")
        map_html = (svg_map(shapes, commune_colours(figures), titles)
                    + _legend(lang, fmt_int(low, lang), fmt_int(high, lang))
                    + f"<p class='note'>{esc(definition('rp_map', lang))}</p>")
    if scorecard.empty:
        scorecard_html = f"<p>{esc(t('rp_no_rows', lang))}</p>"
    else:
        rows, headers = scorecard_rows(scorecard, lang)
        scorecard_html = _table(rows, headers)
    flag_frame = pd.DataFrame({"flag": [flags.flag_label(code, lang) for code in flags.FLAGS],
                               "n": [fmt_int(counts[code], lang) for code in flags.FLAGS]})
    flags_html = (_table(flag_frame, [t("rp_flag", lang), t("rp_officials", lang)])
                  + f"<p><strong>{esc(t('rp_flags_total', lang))}: {fmt_int(counts['any'], lang)}</strong></p>")
    definitions = "".join(f"<dt>{esc(card.label)}</dt><dd>{_plain(definition(card.key, lang))}</dd>" for card in cards)
    definitions += f"<dt>{esc(t('vs_previous_short', lang))}</dt><dd>{_plain(definition('change', lang))}</dd>"
    definitions += f"<dt>{esc(t('people_scorecard_title', lang))}</dt><dd>{_plain(definition('people_scorecard', lang))}</dd>"
    definitions += f"<dt>{esc(t('people_col_score', lang))}</dt><dd>{_plain(definition('people_score', lang))}</dd>"
    made = (now or dt.datetime.now()).strftime("%d/%m/%Y %H:%M")
    subtitle = t("rp_subtitle", lang, period=period.label(), as_of=fmt_date(period.as_of), scope=scope_label)
    # The data start (docs/metrics.md, "Data start"), said as on the pages.
    if period.visits_from is not None and not period.has_data:
        subtitle += " · " + t("data_start_none", lang, since=f"{period.visits_from:%m/%Y}", period=period.label())
    elif period.begins_before_data:
        subtitle += " · " + t("data_start_from", lang, since=f"{period.visits_from:%m/%Y}")
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(t('rp_title', lang))} · {esc(period.label())}</title>
<style>{_CSS}</style></head>
<body>
<header><h1>{esc(t('rp_title', lang))}</h1><p class="subtitle">{esc(subtitle)}</p></header>
<section><h2>{esc(t('rp_kpis', lang))}</h2>
<table class="kpis"><thead><tr><th></th><th>{esc(t('rp_kpi_value', lang))}</th>
<th>{esc(t('rp_kpi_change', lang, period=period.previous().label()))}</th></tr></thead><tbody>{kpi_rows}</tbody></table></section>
<section class="map-section"><h2>{esc(t('rp_map', lang))}</h2>{map_html}</section>
<section class="break"><h2>{esc(t('rp_scorecard', lang))}</h2>{scorecard_html}</section>
<section><h2>{esc(t('rp_flags', lang))}</h2>{flags_html}</section>
<section class="break"><h2>{esc(t('rp_definitions', lang))}</h2><dl>{definitions}</dl></section>
<footer>{esc(t('rp_generated', lang, when=made, queries=', '.join(QUERIES)))}</footer>
</body></html>"""


_CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1b1b1b; margin: 0 auto; max-width: 190mm;
       padding: 8mm 4mm; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 2mm; color: #1f5f8b; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; color: #1f5f8b; border-bottom: 1px solid #c9d6e2; padding-bottom: 1mm; }
.subtitle { margin: 0; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; page-break-inside: auto; }
tr { page-break-inside: avoid; }
thead { display: table-header-group; }
th, td { border: 1px solid #d5dde5; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
th { background: #e8eef4; }
td.num, .kpis td:nth-child(n+2) { text-align: right; white-space: nowrap; }
.map { max-height: 120mm; display: block; margin: 0 auto; }
.map-section { page-break-inside: avoid; }
.legend { font-size: 9pt; margin-top: 1mm; }
.legend .ramp span, .legend .swatch { display: inline-block; width: 5mm; height: 3mm; vertical-align: middle; }
.note { font-size: 9pt; color: #555; }
dt { font-weight: bold; margin-top: 1.5mm; }
dd { margin: 0 0 0 4mm; }
footer { margin-top: 6mm; font-size: 8.5pt; color: #666; }
.break { page-break-before: always; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
@media screen and (max-width: 640px) { body { font-size: 10pt; padding: 4mm; } th, td { padding: 1mm; } }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
"""
