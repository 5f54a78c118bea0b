"""The dashboard's own SVG charts (outreach/views/svg_charts.py) and the overview's trend drawn with them."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from outreach.views import charts, svg_charts


def points(svg: str) -> list[tuple[float, float, str]]:
    return [(float(x), float(y), tip) for x, y, tip in
            re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*><title>([^<]*)</title>', svg)]


def test_nice_ticks_are_round_and_reach_the_top():
    assert svg_charts.nice_ticks(3_550) == [0, 1000, 2000, 3000, 4000]
    assert svg_charts.nice_ticks(7) == [0, 2, 4, 6, 8]
    assert svg_charts.nice_ticks(1) == [0, 0.25, 0.5, 0.75, 1]
    assert svg_charts.nice_ticks(0) == [0.0, 1.0] and svg_charts.nice_ticks(float("nan")) == [0.0, 1.0]


def test_values_map_to_their_height_and_gaps_break_the_line():
    chart = svg_charts.Chart(x=["a", "b", "c", "d"], y_ticks=[0, 5, 10], y_max=10, height=300, width=500,
                             series=[svg_charts.Series(name="S", values=[0, 5, None, 10], colour="#123456",
                                                       tips=["a0", "b5", "c", "d10"])])
    svg = svg_charts.draw(chart)
    drawn = points(svg)
    assert [tip for *_, tip in drawn] == ["a0", "b5", "d10"]  # no point where there is no value
    (xa, ya, _), (xb, yb, _), (xd, yd, _) = drawn
    assert xa < xb < xd and ya > yb > yd
    assert (ya - yb) == pytest.approx(yb - yd)  # 0 → 5 → 10: equal steps up
    lines = re.findall(r'<path d="(M[^"]*)" fill="none" stroke="#123456"', svg)
    assert len(lines) == 2  # the gap at "c" splits the line in two
    assert '<span><i style="background:#123456"></i>S</span>' in svg


def test_text_is_escaped():
    chart = svg_charts.Chart(x=["<b>"], label='"x"', series=[svg_charts.Series(name="<i>", values=[1], colour="#000000",
                                                                             tips=["<script>"])])
    svg = svg_charts.draw(chart)
    assert "<b>" not in svg and "<script>" not in svg and "<i>" not in svg.replace("<i style", "")
    assert "&lt;script&gt;" in svg and "&lt;b&gt;" in svg and 'aria-label="&quot;x&quot;"' in svg


def test_overview_trend_in_vi_vn_with_the_unfinished_month_open():
    frame = pd.DataFrame({"month": [dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)],
                          "held_visits": [1_875, 1_900, 1_234], "feedback_received": [3_500, 3_400, 2_100],
                          "replied": [3_200, 3_300, 1_000]})
    svg = charts.monthly_trend(frame, "vi", last_partial=True)
    tips = [tip for *_, tip in points(svg)]
    assert "08/2026\nBuổi xuống cơ sở: 1.875" in tips
    assert "10/2026\nBuổi xuống cơ sở: 1.234\ntháng chưa hết" in tips
    # The last month's markers are open (white inside), the others filled.
    fills = re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="4.5" fill="(#[0-9a-f]{6})"', svg)
    assert fills.count("#ffffff") == 3 and len(fills) == 9
    assert ">4.000</text>" in svg and ">Tháng</text>" in svg
    assert not re.search(r"(https?:)?//|<script|href", svg)
    english = charts.monthly_trend(frame, "en")
    assert "08/2026\nVisits held: 1,875" in [tip for *_, tip in points(english)] and "#ffffff" not in english
