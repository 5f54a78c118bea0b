"""KPI cards: values, change against the previous period, colours that read the right way."""

from __future__ import annotations

import pandas as pd

from outreach.views.overview import kpi_cards


def row(**values):
    base = {key: None for key in ("held_visits", "communes_covered_share", "quota_met_share", "attendance_rate",
                                  "feedback_received", "on_time_rate", "median_days_km", "officials_flagged")}
    base.update({f"prev_{key}": None for key in list(base)})
    base.update(values)
    return pd.Series(base)


def cards(**values):
    return {card.key: card for card in kpi_cards(row(**values), lang="vi", previous_label="11/2024 – 10/2025")}


def test_rates_change_in_percentage_points():
    card = cards(attendance_rate=0.9, prev_attendance_rate=0.8)["attendance_rate"]
    assert (card.value, card.delta, card.delta_color) == ("90,0%", "+10,0 điểm %", "normal")


def test_tiny_changes_do_not_read_as_minus_zero():
    card = cards(communes_covered_share=0.5, prev_communes_covered_share=0.5003)["communes_covered_share"]
    assert card.delta == "-0,03 điểm %"
    same = cards(on_time_rate=0.5, prev_on_time_rate=0.5)["on_time_rate"]
    assert (same.delta, same.delta_color, same.delta_arrow) == ("0,0 điểm %", "off", "off")


def test_fewer_days_and_fewer_flags_are_good_news():
    result = cards(median_days_km=7, prev_median_days_km=9, officials_flagged=2, prev_officials_flagged=1)
    assert (result["median_days_km"].value, result["median_days_km"].delta) == ("7 ngày", "-2 ngày")
    assert result["median_days_km"].delta_color == "inverse"
    assert (result["officials_flagged"].delta, result["officials_flagged"].delta_color) == ("+1", "inverse")


def test_undefined_values_show_a_dash_and_no_change():
    card = cards(quota_met_share=None, prev_quota_met_share=0.2)["quota_met_share"]
    assert (card.value, card.delta) == ("—", None)
    assert "kỳ trước không có số liệu" in card.help


def test_counts_use_vietnamese_thousands():
    card = cards(held_visits=21649, prev_held_visits=21095)["held_visits"]
    assert (card.value, card.delta) == ("21.649", "+554")
