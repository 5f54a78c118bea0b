"""The officials (Cán bộ) and agencies (Đơn vị) pages in Debian Chromium, desktop and phone, over the
fixture database: drawn in Vietnamese, no page error, no request leaving the machine."""

from __future__ import annotations

import pytest

from conftest import open_page, screenshot

pytestmark = pytest.mark.browser

TALL = 2400  # Streamlit scrolls inside its main block: a tall window shows the whole page in one image.


def _wait_for_page(page, *, metrics: int = 0) -> None:
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
    if metrics:
        page.wait_for_function(f"document.querySelectorAll('.oc-card').length >= {metrics}",
                               timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)


def _check(page) -> None:
    assert not page.errors, page.errors
    assert not page.external_requests, f"requests left the machine: {page.external_requests[:5]}"


def test_officials_page_desktop(streamlit_server, browser):
    page = open_page(browser, streamlit_server + "/can_bo")
    page.set_viewport_size({"width": 1366, "height": TALL})
    _wait_for_page(page, metrics=6)
    text = page.inner_text("body")
    for label in ("Cán bộ", "Cảnh báo trong kỳ", "Có tên nhưng không có mặt", "Danh sách cán bộ",
                  "Tìm theo họ tên hoặc mã cán bộ", "Dòng 1–8 trên 8 cán bộ", "Số liệu đến ngày"):
        assert label in text, label
    screenshot(page, "officials")
    # The quota heatmap: official x month, with its Vietnamese legend.
    page.get_by_role("tab", name="Định mức theo tháng").click()
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=30_000)
    legend = " ".join(page.eval_on_selector_all(".js-plotly-plot .legend", "els => els.map(e => e.textContent)"))
    assert "Đạt định mức" in legend and "Chưa đạt" in legend and "Không tính" in legend
    screenshot(page, "officials_quota")
    # The evidence of a flag: rule in words and the visits.
    page.get_by_role("tab", name="Cảnh báo và căn cứ").click()
    page.wait_for_selector("text=Quy tắc:", timeout=30_000)
    screenshot(page, "officials_flags")
    _check(page)
    page.close()


def test_officials_page_on_a_phone(streamlit_server, browser):
    page = open_page(browser, streamlit_server + "/can_bo", phone=True)
    _wait_for_page(page, metrics=6)
    page.set_viewport_size({"width": 390, "height": TALL})
    page.wait_for_timeout(500)
    # Cards wrap two per row on a phone (ui's CSS): the second card sits right of the first.
    boxes = page.eval_on_selector_all('.oc-card',
                                      "els => els.slice(0, 2).map(e => e.getBoundingClientRect().toJSON())")
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 5 and boxes[1]["x"] > boxes[0]["x"]
    screenshot(page, "officials_phone")
    _check(page)
    page.close()


def test_agencies_page_desktop(demo_streamlit_server, browser):
    # The demo province: 38 ranked agencies, 7 to commend and 7 to correct, with reasons.
    page = open_page(browser, demo_streamlit_server + "/don_vi?from=2025-11&to=2026-10")
    page.set_viewport_size({"width": 1440, "height": TALL})
    _wait_for_page(page)
    text = page.inner_text("body")
    for label in ("Đơn vị", "Nhóm biểu dương và nhóm cần chấn chỉnh", "Bảng điểm đơn vị", "Điểm theo quý",
                  "Trọng số: Bao phủ địa bàn × 1", "Tài liệu cho cuộc họp sơ kết",
                  "Điểm (0–100) là trung bình có trọng số vị thế", "trung vị các đơn vị được xếp hạng",
                  "1. Thanh tra tỉnh", "38. Sở Y tế"):
        assert label in text, label
    # The score by quarter and the workbook are sections of their own, drawn when opened.
    page.get_by_role("tab", name="Điểm theo quý").click()
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=60_000)
    page.get_by_role("tab", name="Tài liệu cho cuộc họp sơ kết").click()
    page.get_by_text("Tải sổ tổng hợp (Excel)").first.wait_for(timeout=30_000)
    # Said once on the page, not once per agency.
    assert text.count("không khen, không chê") <= 2 and "điểm tính trên các tỷ lệ còn lại" not in text
    screenshot(page, "agencies")
    _check(page)
    page.close()


def test_agencies_page_without_a_ranked_agency(streamlit_server, browser):
    # The fixture: agencies of 2 officials, too few to rank; the page says so instead of empty charts.
    page = open_page(browser, streamlit_server + "/don_vi")
    page.set_viewport_size({"width": 1366, "height": TALL})
    _wait_for_page(page)
    text = page.inner_text("body")
    assert "Chưa có đơn vị nào được xếp hạng trong phạm vi này." in text
    page.get_by_role("tab", name="Điểm theo quý").click()
    page.get_by_text("Không quý nào có đơn vị được xếp hạng").first.wait_for(timeout=30_000)
    assert not page.query_selector(".js-plotly-plot .heatmaplayer")
    _check(page)
    page.close()


def test_agencies_page_on_a_phone(demo_streamlit_server, browser):
    page = open_page(browser, demo_streamlit_server + "/don_vi?from=2025-11&to=2026-10", phone=True)
    _wait_for_page(page)
    page.set_viewport_size({"width": 390, "height": 3600})
    assert "Bảng điểm đơn vị" in page.inner_text("body")
    page.get_by_role("tab", name="Điểm theo quý").click()
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=60_000)
    screenshot(page, "agencies_phone")
    _check(page)
    page.close()
