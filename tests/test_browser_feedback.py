"""Open the citizen feedback page (/y_kien) in Debian Chromium: its charts are drawn, in Vietnamese,
offline, on a desktop and on a phone."""

from __future__ import annotations

import pytest

from conftest import open_page, screenshot

pytestmark = pytest.mark.browser

PLOTS_DRAWN = """() => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    const drawn = plots.filter(p => p.querySelector('.barlayer path, .scatterlayer path.js-line'));
    const bars = document.querySelectorAll('[data-testid="flow-bars"] .ob-seg').length;
    return drawn.length >= 1 && bars >= 4;  // the time to reply, and the flow's HTML bars (one per status and route)
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
    # The Kaplan-Meier step curve: a line path with many points, and its median marker label. The
    # charts draw one after another: wait for a long line rather than for the first three charts.
    page.wait_for_function("[...document.querySelectorAll('.js-plotly-plot .scatterlayer path.js-line')]"
                           ".some(e => (e.getAttribute('d') || '').length > 50)", timeout=30_000)
    curve = page.eval_on_selector_all(".js-plotly-plot .scatterlayer path.js-line", "els => els.map(e => e.getAttribute('d').length)")
    assert max(curve) > 50
    assert page.locator(".js-plotly-plot text", has_text="Trung vị 24 ngày").count() >= 1
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
