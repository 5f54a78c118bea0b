"""Open the citizen feedback page (/y_kien) in Debian Chromium: its charts are drawn, in Vietnamese,
offline, on a desktop and on a phone."""

from __future__ import annotations

import pytest

from conftest import open_page, screenshot

pytestmark = pytest.mark.browser

PLOTS_DRAWN = """() => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    const drawn = plots.filter(p => p.querySelector('.barlayer path, .scatterlayer path.js-line'));
    const own = document.querySelectorAll('.oc-chart path').length;  // the time to reply: the dashboard's own SVG
    const bars = document.querySelectorAll('[data-testid="flow-bars"] .ob-seg').length;
    return drawn.length + (own ? 1 : 0) >= 1 && bars >= 4;  // a chart, and the flow's HTML bars (one per status and route)
}"""


def _wait_for_page(page) -> None:
    page.wait_for_function("document.querySelectorAll('.oc-card').length >= 11", timeout=60_000)
    page.wait_for_function(PLOTS_DRAWN, timeout=30_000)


def test_sidebar_link_leads_to_y_kien(streamlit_server, browser):
    page = open_page(browser, streamlit_server + "/")
    page.get_by_role("link", name="Ý kiến người dân").first.click()
    page.wait_for_url("**/y_kien**", timeout=30_000)
    _wait_for_page(page)
    assert page.get_by_role("heading", name="Ý kiến người dân").count() >= 1
    page.close()


def test_feedback_page_draws_flow_km_curve_and_trend(streamlit_server, browser):
    page = open_page(browser, streamlit_server + "/y_kien")
    _wait_for_page(page)
    # The Kaplan-Meier step curve: a long step path, its median marker label, its points' tooltips.
    page.wait_for_function("[...document.querySelectorAll('.oc-chart path')]"
                           ".some(e => (e.getAttribute('d') || '').length > 50)", timeout=30_000)
    assert page.locator(".oc-chart text", has_text="Trung vị 24 ngày").count() == 1
    page.locator(".oc-chart circle").nth(1).hover()
    page.wait_for_selector(".oc-svg-tip:not([hidden])", timeout=10_000)
    assert "còn chờ" in page.inner_text(".oc-svg-tip")
    text = page.inner_text("body")
    for label in ("Ý kiến người dân", "Số liệu đến ngày", "Ý kiến đi đến đâu", "Trả lời đúng hạn",
                  "Bao lâu thì người dân nhận được trả lời", "Chỉ tính 7 ý kiến đã trả lời thì trung vị là 17 ngày"):
        assert label in text, label
    assert "chưa có trong phiên bản này" not in text
    # The monthly chart is drawn when its section is opened.
    page.get_by_role("tab", name="Theo tháng").click()
    page.get_by_text("Diễn biến theo tháng tiếp nhận").first.wait_for(timeout=30_000)
    page.wait_for_function(PLOTS_DRAWN, timeout=30_000)
    page.set_viewport_size({"width": 1366, "height": 2300})
    page.wait_for_timeout(500)
    screenshot(page, "feedback")
    assert not page.errors, page.errors
    assert not page.external_requests, f"requests left the machine: {page.external_requests[:5]}"
    page.close()


def test_feedback_page_on_a_phone_with_the_held_information_tab(streamlit_server, browser):
    page = open_page(browser, streamlit_server + "/y_kien?lang=vi", phone=True)
    _wait_for_page(page)
    page.get_by_role("tab", name="Ém thông tin").click()
    page.get_by_text("Quy tắc.").first.wait_for(timeout=30_000)
    # The section draws from the top down: wait for its last parts, not only for its rule.
    page.get_by_text("Theo cán bộ ghi nhận", exact=True).first.wait_for(timeout=30_000)
    page.get_by_text("Danh sách ý kiến bị giữ lại").first.wait_for(timeout=30_000)
    text = page.inner_text("body")
    assert "Theo cán bộ ghi nhận" in text and "Danh sách ý kiến bị giữ lại" in text
    page.set_viewport_size({"width": 390, "height": 2600})
    page.wait_for_timeout(500)
    screenshot(page, "feedback_phone")
    assert not page.errors, page.errors
    assert not page.external_requests, f"requests left the machine: {page.external_requests[:5]}"
    page.close()


def test_a_download_menu_opens_and_gives_the_file_as_on_screen(streamlit_server, browser, tmp_path):
    # A closed menu is one button (its contents are sent when it opens, the page rerunning from the
    # cache); opened, it gives the flow's table with the page's Vietnamese headers.
    page = open_page(browser, streamlit_server + "/y_kien")
    _wait_for_page(page)
    assert page.get_by_role("button", name="Tải CSV").count() == 0
    page.get_by_role("button", name="Tải về").first.click()
    button = page.get_by_role("button", name="Tải CSV")
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=30_000) as download:
        button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("luong-xu-ly-y-kien_") and saved.suffix == ".csv"
    lines = saved.read_text(encoding="utf-8-sig").splitlines()
    # The reader's form: the page's headers and words, no raw codes.
    assert lines[0] == "Hướng xử lý,Tình trạng trả lời,Tiếp nhận,Đã giải quyết xong,Ém thông tin", lines[0]
    assert lines[1].startswith("Giải đáp tại chỗ,Trả lời đúng hạn,"), lines[1]
    assert not page.errors, page.errors
    page.close()
