"""The meeting report: one printable HTML page of the period (A4), with no Streamlit and no network.

In the body, for the meeting: KPIs with their change; the coverage map drawn as inline SVG with the
coverage page's honest scale (report_map); the blind-spot communes and the officials flagged, by name,
with agency and reason (report_lists); the agency scorecard. Query names, formulas and definitions
are in the annex at the end ("Phụ lục: định nghĩa và nguồn số liệu"), never in the body. Every query
runs through db.run_query with the scope's restriction; no citizen's data is read.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import duckdb
import pandas as pd

from outreach.views import agencies, coverage, flags, report_lists, report_map
from outreach.query import db
from outreach.config import Settings
from outreach.i18n import definition, fmt_date, fmt_int, fmt_number, fmt_percent, is_missing, t
from outreach.views.overview import kpi_cards

# The queries behind each section (the annex lists them; the body never names them).
SECTION_QUERIES = (
    ("rp_kpis", ("overview_kpis",)),
    ("rp_map", ("commune_map", "commune_shapes")),
    ("rp_blind", ("blind_spots",)),
    ("rp_scorecard", ("agency_scorecard",)),
    ("rp_flags", ("official_flags", "official_participation", "official_profile")),
)
QUERIES = tuple(name for _, names in SECTION_QUERIES for name in names)
MAP_METRIC = "days_since_last_visit"  # the blind-spot story: where we have not been, and for how long
# Kept for callers of the former names.
colour_at = report_map.colour_at
svg_map = report_map.svg_map


def _run(con: duckdb.DuckDBPyConnection, name: str, scope: db.Scope, settings: Settings, **extra) -> pd.DataFrame:
    return db.run_query(con, name, scope.params_for(name, settings, extra), scope.restriction)


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


def _annex(cards, thresholds: flags.Thresholds, days: int, section_titles: dict[str, str], lang: str) -> str:
    """Definitions (KPIs, change, scorecard, blind spot, map), the flag rules, and each section's
    queries with the settings used."""
    esc = html.escape
    items = [(card.label, _plain(definition(card.key, lang))) for card in cards]
    change = t("vs_previous_short", lang)
    items += [(change[:1].upper() + change[1:], _plain(definition("change", lang))),
              (t("rp_blind_definition", lang), esc(t("rp_blind_rule", lang, days=fmt_int(days, lang)))),
              (t("rp_map_title", lang), _plain(definition("rp_map", lang))),
              (t("people_scorecard_title", lang), _plain(definition("people_scorecard", lang))),
              (t("people_col_score", lang), _plain(definition("people_score", lang)))]
    definitions = "".join(f"<dt>{esc(label)}</dt><dd>{text}</dd>" for label, text in items)
    rules = "".join(f"<dt>{esc(label)}</dt><dd>{esc(rule)}</dd>" for label, rule in flags.rule_lines(thresholds, lang))
    sources = "".join(f"<tr><td>{esc(section_titles[key])}</td><td>"
                      + ", ".join(f"<code>{esc(name)}.sql</code>" for name in names) + "</td></tr>"
                      for key, names in SECTION_QUERIES)
    return (f'<section class="annex break"><h2>{esc(t("rp_annex", lang))}</h2>'
            f'<h3>{esc(t("rp_annex_definitions", lang))}</h3><dl>{definitions}</dl>'
            f'<h3>{esc(t("rp_annex_flags", lang))}</h3><dl>{rules}</dl>'
            f'<h3>{esc(t("rp_annex_sources", lang))}</h3>'
            f'<table><thead><tr><th>{esc(t("rp_annex_section", lang))}</th><th>{esc(t("rp_annex_queries", lang))}</th>'
            f'</tr></thead><tbody>{sources}</tbody></table>'
            f'<p class="note">{esc(t("rp_annex_settings", lang, days=fmt_int(days, lang)))}</p></section>')


def _map_section(figures: pd.DataFrame, shapes: pd.DataFrame, days: int, lang: str) -> str:
    spec = coverage.MAP_METRICS[MAP_METRIC]
    if shapes.empty:
        return f"<p>{html.escape(t('rp_map_none', lang))}</p>"
    scale = report_map.scale_of(figures, MAP_METRIC, lang, days)
    colours = report_map.commune_colours(figures, MAP_METRIC, scale)
    note = t(f"rp_map_note_{'days' if spec.kind == 'days' else 'rate' if spec.kind == 'rate' else 'count'}", lang,
             days=fmt_int(days, lang))
    return (report_map.svg_map(shapes, colours, report_map.commune_titles(figures, MAP_METRIC, lang),
                               label=t(spec.label_key, lang))
            + report_map.legend(scale, t(spec.label_key, lang), figures, MAP_METRIC, lang)
            + f"<p class='note'>{html.escape(note)}</p>")


def build_report(con: duckdb.DuckDBPyConnection, scope: db.Scope, settings: Settings, *, lang: str = "vi",
                 commune_name: str | None = None, agency_name: str | None = None,
                 now: dt.datetime | None = None, blind_spot_days: int | None = None) -> str:
    """The report's HTML. blind_spot_days: the blind-spot threshold (default: [coverage] blind_spot_days)."""
    period = scope.period
    days = int(blind_spot_days or settings.get("coverage", "blind_spot_days"))
    thresholds = flags.Thresholds.from_settings(settings.query_settings())
    kpis = _run(con, "overview_kpis", scope, settings).iloc[0]
    cards = kpi_cards(kpis, lang=lang, previous_label=period.previous().label(),
                      previous_has_data=period.previous().has_data)
    figures = _run(con, "commune_map", scope, settings)
    shapes = _run(con, "commune_shapes", scope, settings)
    blind = _run(con, "blind_spots", scope, settings, blind_spot_days=days)
    scorecard = _run(con, "agency_scorecard", scope, settings)
    participation = _run(con, "official_participation", scope, settings)
    flagged = flags.flagged_officials(_run(con, "official_flags", scope, settings), participation,
                                      _run(con, "official_profile", scope, settings), thresholds, lang)

    scope_label = " · ".join(name for name in (commune_name, agency_name) if name) or t("rp_scope_all", lang)
    esc = html.escape
    kpi_rows = "".join(f"<tr><td>{esc(card.label)}</td><td class='num'>{esc(card.value)}</td>"
                       f"<td class='num'>{esc(card.delta or '—')}</td></tr>" for card in cards)
    if scorecard.empty:
        scorecard_html = f"<p>{esc(t('rp_no_rows', lang))}</p>"
    else:
        rows, headers = scorecard_rows(scorecard, lang)
        scorecard_html = f'<div class="wide">{_table(rows, headers)}</div>'
    titles = {key: t(key, lang, metric=t(coverage.MAP_METRICS[MAP_METRIC].label_key, lang), days=fmt_int(days, lang))
              for key, _ in SECTION_QUERIES}
    made = (now or dt.datetime.now()).strftime("%d/%m/%Y %H:%M")
    subtitle = t("rp_subtitle", lang, period=period.label(), as_of=fmt_date(period.as_of, lang), scope=scope_label)
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
<section><h2>{esc(titles['rp_kpis'])}</h2>
<table class="kpis"><thead><tr><th></th><th>{esc(t('rp_kpi_value', lang))}</th>
<th>{esc(t('rp_kpi_change', lang, period=period.previous().label()))}</th></tr></thead><tbody>{kpi_rows}</tbody></table></section>
<section class="map-section"><h2>{esc(titles['rp_map'])}</h2>{_map_section(figures, shapes, days, lang)}</section>
<section class="blind-section"><h2>{esc(titles['rp_blind'])}</h2>{report_lists.blind_spots_html(blind, days, period.ref_date, lang)}</section>
<section class="break"><h2>{esc(titles['rp_scorecard'])}</h2>{scorecard_html}</section>
<section class="flags-section"><h2>{esc(titles['rp_flags'])}</h2>{report_lists.flagged_html(flagged, lang)}</section>
{_annex(cards, thresholds, days, titles, lang)}
<footer>{esc(t('rp_generated', lang, when=made))}</footer>
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
.map { max-height: 120mm; width: 100%; display: block; margin: 0 auto; }
.map path { stroke: #ffffff; stroke-width: 0.8; fill-rule: evenodd; }
.map-section { page-break-inside: avoid; }
.legend { font-size: 9pt; margin-top: 2mm; display: flex; flex-wrap: wrap; gap: 3mm 10mm; align-items: flex-start; }
.legend-title { font-weight: bold; margin-bottom: 1.5mm; }
.bar-row { display: flex; gap: 2mm; height: 30mm; margin: 2mm 0; }
.bar { display: block; width: 5mm; height: 100%; border: 1px solid #999; }
.ticks { position: relative; display: block; width: 40mm; height: 100%; }
.tick { position: absolute; left: 0; transform: translateY(50%); white-space: nowrap; line-height: 1; }
.tick::before { content: ""; display: inline-block; width: 1.5mm; border-top: 1px solid #555; margin-right: 1mm;
                vertical-align: middle; }
.swatches div { margin: 1mm 0; }
.swatch { display: inline-block; width: 5mm; height: 3mm; vertical-align: middle; border: 1px solid #999; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
.also { color: #555; font-size: 9pt; }
tr.more td { font-style: italic; color: #444; }
.flagged td:first-child, .blind td:first-child { white-space: nowrap; }
th.num { text-align: right; }
code { font-size: 9pt; }
.annex dd { margin-bottom: 1mm; }
.note { font-size: 9pt; color: #555; }
dt { font-weight: bold; margin-top: 1.5mm; }
dd { margin: 0 0 0 4mm; }
footer { margin-top: 6mm; font-size: 8.5pt; color: #666; }
.break { page-break-before: always; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
@media screen and (max-width: 640px) {
  body { font-size: 10pt; padding: 4mm; } th, td { padding: 1mm; }
  table { font-size: 8.5pt; } td.num, .flagged td:first-child, .blind td:first-child { white-space: normal; }
  .wide { overflow-x: auto; } .wide table { min-width: 600px; }
}
.flagged { table-layout: fixed; }
.flagged th:nth-child(1) { width: 24%; } .flagged th:nth-child(2) { width: 26%; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
"""
