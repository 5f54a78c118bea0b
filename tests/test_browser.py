"""Open the overview in Debian Chromium (desktop and phone): KPI cards and the trend chart drawn."""

from __future__ import annotations

import pytest

from conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def test_overview_renders_kpi_cards_and_trend_in_vietnamese(streamlit_server, browser):
    page = open_page(browser, streamlit_server + "/")
    page.wait_for_function("document.querySelectorAll('.oc-card').length >= 8", timeout=60_000)
    # The trend: the dashboard's own SVG, three lines of twelve months with a point each.
    page.wait_for_function("document.querySelectorAll('.oc-chart circle').length >= 30", timeout=30_000)
    text = page.inner_text("body")
    for label in ("Tổng quan", "Buổi xuống cơ sở", "Trả lời đúng hạn", "Diễn biến theo tháng", "Số liệu đến ngày"):
        assert label in text
    screenshot(page, "overview")
    assert not page.errors, page.errors
    assert not page.external_requests, f"requests left the machine: {page.external_requests[:5]}"
    page.close()


def test_overview_on_a_phone(streamlit_server, browser):
    page = open_page(browser, streamlit_server + "/?lang=vi", phone=True)
    page.wait_for_function("document.querySelectorAll('.oc-card').length >= 8", timeout=60_000)
    page.wait_for_function("document.querySelectorAll('.oc-chart circle').length >= 30", timeout=30_000)
    # The chart's text keeps a readable size on the phone (its view box is drawn for a phone's column).
    size = page.eval_on_selector(".oc-chart .oc-tick", "e => e.getBoundingClientRect().height")
    assert size >= 10, size
    # Two KPI cards side by side: the second card starts right of the first on the same row.
    boxes = page.eval_on_selector_all('.oc-card', "els => els.slice(0, 2).map(e => e.getBoundingClientRect().toJSON())")
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 5 and boxes[1]["x"] > boxes[0]["x"]
    screenshot(page, "overview_phone")
    assert not page.errors, page.errors
    page.close()


def test_english_switch_in_the_url(streamlit_server, browser):
    page = open_page(browser, streamlit_server + "/?lang=en")
    page.wait_for_function("document.querySelectorAll('.oc-card').length >= 8", timeout=60_000)
    text = page.inner_text("body")
    assert "Overview" in text and "Visits held" in text
    page.close()
