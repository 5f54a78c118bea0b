"""Small charts drawn as plain SVG by the dashboard itself: the line charts a page opens with.

A page whose opening view needs no chart library draws in about the time of a page with one small
chart, where a Plotly chart costs its code's loading and drawing on every visit (bench/NOTES.md,
"Page speed against a trivial page"). These charts are the ones leaders look at first (the monthly
trend, the time to reply); the charts in the other sections stay Plotly.

Every point has a <title>: the browser's own tooltip, and on the page the tooltip that also opens on
a tap (outreach/ui/svg_view.py). Numbers and dates come formatted in the reader's language; every
text is escaped here. Nothing is fetched."""

from __future__ import annotations

import html
import itertools
import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

WIDTH = 760.0
# Each chart's clip path needs an id of its own: two charts on one page must not share one.
_CLIP_IDS = itertools.count(1)
FONT = 13


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per x; None = no point (the line breaks)
    colour: str
    width: float = 3.0
    step: bool = False               # a step curve (after each x, the value holds until the next)
    markers: bool = True
    hollow: Sequence[bool] = ()      # per point: drawn open (e.g. a month still settling)
    tips: Sequence[str] = ()         # per point: its tooltip (plain text; "\n" for a new line)
    legend: bool = True


@dataclass(frozen=True)
class Guide:
    """A dashed path in data units ((x, y), ...), with an optional label at its `label_at` point."""
    points: Sequence[tuple[float, float]]
    colour: str
    label: str = ""
    label_at: tuple[float, float] | None = None
    dash: str = "6 4"
    dot: bool = True  # a dot at the label's point


@dataclass
class Chart:
    x: Sequence  # numbers (a numeric axis) or labels (a category axis)
    series: list[Series]
    y_max: float | None = None
    y_ticks: Sequence[float] | None = None
    y_format: Callable[[float], str] = str
    x_format: Callable[[float], str] = str
    x_max: float | None = None
    x_title: str = ""
    y_title: str = ""
    guides: list[Guide] = field(default_factory=list)
    height: float = 360.0
    width: float = WIDTH  # the view box's width: about the column's width in pixels, so text keeps its size
    label: str = ""


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """0 and round steps (1, 2, 5 × 10^k) up to at least `high`."""
    if not high or high <= 0 or not math.isfinite(high):
        return [0.0, 1.0]
    raw = high / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if step < 1 and high >= 1 and raw >= 0.5:
        step = 1.0
    top = math.ceil(high / step - 1e-9) * step
    return [round(i * step, 10) for i in range(int(round(top / step)) + 1)]


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def draw(chart: Chart) -> str:
    """The chart as an <svg> (its legend as HTML above it, when a series is named)."""
    categorical = bool(chart.x) and not all(isinstance(value, (int, float)) for value in chart.x)
    values = [v for s in chart.series for v in s.values if v is not None and not _nan(v)]
    ticks = list(chart.y_ticks) if chart.y_ticks is not None else nice_ticks(max(values, default=0) or 1)
    y_top = chart.y_max if chart.y_max is not None else ticks[-1]
    tick_labels = [chart.y_format(v) for v in ticks]
    left = 14 + max((len(label) for label in tick_labels), default=1) * FONT * 0.58 + (FONT + 8 if chart.y_title else 0)
    right, top = 16.0, 14.0
    bottom = 34.0 + (FONT + 8 if chart.x_title else 0)
    inner_w, inner_h = chart.width - left - right, chart.height - top - bottom
    n = len(chart.x)
    if categorical:
        slot = inner_w / max(n, 1)
        x_at = lambda i: left + slot * (i + 0.5)  # noqa: E731
        x_low, x_high = 0.0, float(n)
    else:
        x_low = 0.0
        x_high = float(chart.x_max if chart.x_max is not None else max(chart.x, default=1) or 1)
        x_at = lambda value: left + (float(value) - x_low) / ((x_high - x_low) or 1) * inner_w  # noqa: E731
    y_at = lambda value: top + inner_h - float(value) / (y_top or 1) * inner_h  # noqa: E731

    clip_id = f"oc-clip-{next(_CLIP_IDS)}"
    out = [f'<svg viewBox="0 0 {chart.width:g} {chart.height:g}" class="oc-chart" role="img" aria-label="{_esc(chart.label)}" '
           f'font-size="{FONT}">']
    out.append(f'<defs><clipPath id="{clip_id}"><rect x="{left:.1f}" y="{top - 4:.1f}" '
               f'width="{inner_w + 4:.1f}" height="{inner_h + 8:.1f}"/></clipPath></defs>')
    # Grid and the y axis's labels.
    for value, label in zip(ticks, tick_labels):
        y = y_at(value)
        out.append(f'<line x1="{left:.1f}" x2="{left + inner_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" class="oc-grid"/>')
        out.append(f'<text x="{left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end" class="oc-tick">{_esc(label)}</text>')
    # The x axis's labels: every category when they fit, else every k-th; numbers at round steps.
    base = top + inner_h
    out.append(f'<line x1="{left:.1f}" x2="{left + inner_w:.1f}" y1="{base:.1f}" y2="{base:.1f}" class="oc-axis"/>')
    if categorical:
        longest = max((len(str(label)) for label in chart.x), default=1) * FONT * 0.6 + 10
        every = max(1, math.ceil(longest / max(inner_w / max(n, 1), 1)))
        for i, label in enumerate(chart.x):
            if i % every == 0:
                out.append(f'<text x="{x_at(i):.1f}" y="{base + 18:.1f}" text-anchor="middle" class="oc-tick">{_esc(label)}</text>')
    else:
        for value in nice_ticks(x_high, 7):
            if value <= x_high + 1e-9:
                out.append(f'<text x="{x_at(value):.1f}" y="{base + 18:.1f}" text-anchor="middle" class="oc-tick">'
                           f'{_esc(chart.x_format(value))}</text>')
    if chart.x_title:
        out.append(f'<text x="{left + inner_w / 2:.1f}" y="{chart.height - 6:.1f}" text-anchor="middle" class="oc-title">'
                   f'{_esc(chart.x_title)}</text>')
    if chart.y_title:
        out.append(f'<text transform="translate({FONT + 2},{top + inner_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
                   f'class="oc-title">{_esc(chart.y_title)}</text>')
    clip = f'clip-path="url(#{clip_id})"'
    for guide in chart.guides:
        d = "M" + "L".join(f"{x_at(x):.1f} {y_at(y):.1f}" for x, y in guide.points)
        out.append(f'<path d="{d}" fill="none" stroke="{guide.colour}" stroke-width="2" stroke-dasharray="{guide.dash}" {clip}/>')
        if guide.label and guide.label_at:
            x, y = guide.label_at
            if guide.dot:
                out.append(f'<circle cx="{x_at(x):.1f}" cy="{y_at(y):.1f}" r="5" fill="{guide.colour}"/>')
            anchor = "end" if x_at(x) > left + inner_w * 0.7 else "start"
            shift = -8 if anchor == "end" else 8
            out.append(f'<text x="{x_at(x) + shift:.1f}" y="{y_at(y) - 8:.1f}" text-anchor="{anchor}" fill="{guide.colour}" '
                       f'class="oc-label">{_esc(guide.label)}</text>')
    for s in chart.series:
        points = [(i if categorical else chart.x[i], v) for i, v in enumerate(s.values)]
        runs, current = [], []
        for x, v in points:
            if v is None or _nan(v):
                if current:
                    runs.append(current)
                current = []
            else:
                current.append((x, float(v)))
        if current:
            runs.append(current)
        for run in runs:
            parts = [f"M{x_at(run[0][0]):.1f} {y_at(run[0][1]):.1f}"]
            for (x0, y0), (x1, y1) in zip(run, run[1:]):
                if s.step:
                    parts.append(f"H{x_at(x1):.1f}V{y_at(y1):.1f}")
                else:
                    parts.append(f"L{x_at(x1):.1f} {y_at(y1):.1f}")
            if s.step and not categorical and run[-1][0] < x_high:
                parts.append(f"H{x_at(x_high):.1f}")
            out.append(f'<path d="{"".join(parts)}" fill="none" stroke="{s.colour}" stroke-width="{s.width:g}" '
                       f'stroke-linejoin="round" {clip}/>')
        for i, (x, v) in enumerate(points):
            if v is None or _nan(v) or (not categorical and float(x) > x_high):
                continue
            tip = s.tips[i] if i < len(s.tips) else ""
            hollow = i < len(s.hollow) and bool(s.hollow[i])
            cx, cy = x_at(x), y_at(v)
            if s.markers:
                fill = "#ffffff" if hollow else s.colour
                out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" fill="{fill}" stroke="{s.colour}" stroke-width="2">'
                           + (f"<title>{_esc(tip)}</title>" if tip else "") + "</circle>")
            elif tip:
                out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="7" fill="transparent" class="oc-hit">'
                           f"<title>{_esc(tip)}</title></circle>")
    out.append("</svg>")
    named = [s for s in chart.series if s.legend and s.name]
    legend = ""
    if named:
        legend = '<div class="oc-chart-legend">' + "".join(
            f'<span><i style="background:{s.colour}"></i>{_esc(s.name)}</span>' for s in named) + "</div>"
    return legend + "".join(out)


def _nan(value) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True
