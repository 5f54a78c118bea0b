"""The meeting report: built on the fixture, printable, offline, opened in Chromium.

Hand-checked on tests/fixtures/export (period 01-12/2025, as_of 15/10/2025):
- flagged: Lê Văn Cường (CB0003, UBND Phường Bình An) listed on BX0001, BX0005, BX0006 and absent,
  BX0002 excused; Hoàng Văn Em (CB0005, Ban Dân vận Tỉnh ủy) listed on 5 held visits, present at
  BX0001 and BX0006 (2/5 = 40,0%); Đặng Văn Hải (under quota 3 months), Bùi Văn Khánh (2 items held).
- blind spots (> 60 days): Xã Phước Hòa (8.000 people, last held visit BX0012 on 15/05/2024, 518 days
  before 15/10/2025, 1 official assigned: CB0007) and Đặc khu Hòn Mây (4.200, never: BX0010 was not
  held, CB0006 assigned); Phường Bình An (36 days) and Xã Tân Phú (1 day) are not.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pandas as pd
import pytest

from outreach.views import coverage, flags, report, report_lists, report_map
from outreach.query import db
from outreach.config import load_settings
from outreach.query.periods import resolve_period
from conftest import ARTIFACTS, screenshot
from support import ATTACK_TEXT


@pytest.fixture(scope="module")
def built(fixture_database):
    con = duckdb.connect(str(fixture_database), read_only=True)
    as_of, _ = db.data_as_of(con)
    scope = db.Scope(period=resolve_period(data_as_of=as_of, start="2025-01", end="2025-12"))
    html = report.build_report(con, scope, load_settings(), lang="vi", now=dt.datetime(2026, 1, 5, 9, 30))
    kpis = db.run_scoped(con, "overview_kpis", scope).iloc[0]
    con.close()
    return html, kpis, scope


def test_report_holds_kpis_map_scorecard_flags_and_definitions(built):
    html, kpis, scope = built
    assert "Báo cáo giao ban" in html and "Số liệu đến ngày" in html
    assert scope.period.label() in html and scope.period.as_of.strftime("%d/%m/%Y") in html
    for label in ("Buổi xuống cơ sở", "Xã, phường được đến", "Trả lời đúng hạn", "Cán bộ cần lưu ý"):
        assert label in html
    assert f"<td class='num'>{int(kpis['held_visits'])}</td>" in html
    assert html.count("<path d=\"M") == 4  # one path per commune polygon of the fixture
    assert "Bảng xếp hạng đơn vị" in html and "Ban Dân vận Tỉnh ủy" in html
    assert "Ít khi có mặt" in html and "Định nghĩa" in html and "Kaplan" in html
    assert "@page { size: A4" in html and "page-break-before" in html


def test_report_is_offline(built):
    html, _, _ = built
    assert not re.search(r"(https?:)?//[a-z0-9]", html, flags=re.I)
    assert "<script" not in html and "<link" not in html


def body_and_annex(html: str) -> tuple[str, str]:
    body, annex = html.split("Phụ lục: định nghĩa và nguồn số liệu", 1)
    return body, annex


def text_of(html: str) -> str:
    """The visible text, one line per cell or block."""
    return re.sub(r"\s*\n\s*", "\n", re.sub(r"<[^>]+>", "\n", re.sub(r"<style>.*?</style>", "", html, flags=re.S)))


def test_flagged_officials_are_named_with_agency_and_reason(built):
    html, _, _ = built
    body, _ = body_and_annex(html)
    section = body[body.index("5. Cán bộ cần lưu ý"):]
    # CB0002 (Trần Thị Bình, Chủ tịch) held no dialogue with citizens: the heads' flag (section 9.2).
    # The headline count is the officials page's "Cán bộ có cảnh báo" (the four flags of section 6: 4
    # here); the head without a dialogue is counted after it, never in it.
    assert ("4 cán bộ có ít nhất một trong bốn cảnh báo về tham gia và ý kiến (như trang Cán bộ), và 1 cán bộ "
            "khác chỉ có dấu hiệu người đứng đầu chưa đối thoại hoặc dồn buổi cuối tháng") in section
    expected = [
        ("Có tên nhưng không có mặt: 1 cán bộ", "Lê Văn Cường", "UBND Phường Bình An",
         "Có tên trong danh sách 3 buổi, không có mặt buổi nào (ngoài ra 1 buổi vắng có lý do, không tính)"),
        ("Ít khi có mặt: 1 cán bộ", "Hoàng Văn Em", "Ban Dân vận Tỉnh ủy",
         "Có tên trong danh sách 5 buổi, có mặt 2 buổi (40,0%)"),
        ("Chưa đạt định mức: 1 cán bộ", "Đặng Văn Hải", "Sở Nông nghiệp và Môi trường",
         "3 tháng liên tiếp chưa đạt định mức; cả kỳ có 3/3 tháng được tính chưa đạt"),
        ("Ý kiến chưa chuyển: 1 cán bộ", "Bùi Văn Khánh", "Sở Nông nghiệp và Môi trường",
         "2 ý kiến tiếp nhận chưa được chuyển hoặc trả lời trong 7 ngày"),
        ("Người đứng đầu chưa đối thoại: 1 cán bộ", "Trần Thị Bình", "UBND Phường Bình An",
         "9 tháng liên tiếp không đối thoại; cả kỳ 0 buổi đối thoại"),
    ]
    position = 0
    for group, name, agency, reason in expected:  # in FLAGS order, one row per official
        position = section.index(group, position)
        assert f"<tr><td>{name}</td><td>{agency}</td><td>{reason}</td></tr>" in section[position:]
    for unflagged in ("Nguyễn Văn An", "Phạm Thị Dung", "Võ Thị Hạnh"):
        assert unflagged not in html


def test_flag_lists_sort_by_agency_then_name_and_are_capped():
    rows = pd.DataFrame({
        "official_id": ["A", "B", "C", "D"], "full_name": ["Trần Văn Bình", "Lê Thị An", "Đỗ Văn Chung", "Ân Văn Dũng"],
        "agency_id": ["X", "Y", "Y", "Y"], "agency_name": ["Sở Y tế", "Sở Tài chính", "Sở Tài chính", None],
        "flag": ["under_quota", "under_quota", "under_quota", "listed_never_present"],
        "flag_label": [flags.flag_label(code) for code in ("under_quota", "under_quota", "under_quota",
                                                           "listed_never_present")],
        "headline": ["h1", "h2", "h3", "h4"]})
    rows = pd.concat([rows, rows.iloc[[0]].assign(flag="listed_never_present",
                                                 flag_label=flags.flag_label("listed_never_present"), headline="h5")])
    lines = report_lists.flagged_lines(rows)
    # By flag (FLAGS order), then agency (an official with no agency last), then name with accents folded.
    assert list(lines["official_id"]) == ["A", "D", "C", "B", "A"]
    assert lines["other_flags"].iloc[0] == ["Chưa đạt định mức"]
    html = report_lists.flagged_html(rows, limit=2)
    assert "Chưa đạt định mức: 3 cán bộ" in html and "và 1 cán bộ khác (xem trang Cán bộ)" in html
    # Sở Y tế's official comes third in the under-quota group and is cut (listed once, in the other
    # group); no agency reads "—".
    assert html.count("Trần Văn Bình") == 1 and "Đỗ Văn Chung" in html and "<td>—</td>" in html
    assert "(Cũng bị cảnh báo: Chưa đạt định mức)" in html
    english = report_lists.flagged_html(rows, "en", limit=2)
    assert "Under quota: 3 officials" in english and "and 1 other officials (see the Officials page)" in english


def test_blind_spot_communes_are_listed(built):
    html, _, _ = built
    body, _ = body_and_annex(html)
    section = body[body.index("3. Điểm trắng"):body.index("4. Bảng xếp hạng")]
    assert "quá 60 ngày" in section and "2 xã, phường không có buổi đã tổ chức nào trong 60 ngày tính đến 15/10/2025" in section
    assert ("<tr><td>Xã Phước Hòa</td><td class='num'>8.000</td><td class='num'>518 ngày</td>"
            "<td class='num'>15/05/2024</td><td class='num'>1</td></tr>") in section
    assert ("<tr><td>Đặc khu Hòn Mây</td><td class='num'>4.200</td><td class='num'>chưa có buổi nào</td>"
            "<td class='num'>—</td><td class='num'>1</td></tr>") in section
    assert section.index("Xã Phước Hòa") < section.index("Đặc khu Hòn Mây")  # most populous first
    assert "Phường Bình An" not in section and "Xã Tân Phú" not in section


def test_map_uses_the_coverage_pages_scale(built):
    html, _, _ = built
    # Days since the last visit, 0 to the blind-spot threshold, the top tick as on the page.
    assert "2. Bản đồ bao phủ: Số ngày từ buổi gần nhất" in html
    ticks = re.findall(r'<span class="tick" style="bottom:([\d.]+)%">([^<]+)</span>', html)
    assert ticks == [("0.0", "0"), ("25.0", "15"), ("50.0", "30"), ("75.0", "45"), ("100.0", "≥ 60 · điểm trắng")]
    scale = coverage.map_scale(pd.Series([1, 36]), coverage.MAP_METRICS["days_since_last_visit"], "vi",
                               blind_spot_days=60)
    assert scale.tick_labels[-1] == "≥ 60 · điểm trắng" and scale.colours == coverage.RECENT_TO_STALE
    # The page's one-hue palette on the bar; each commune's fill as the page colours it.
    assert "linear-gradient(to top, #ffffb2 0%, #fd8d3c 50%, #800026 100%)" in html
    fills = {name: colour for colour, name in re.findall(r'fill="(#[0-9a-f]{6})"[^>]*><title>([^:<]+):', html)}
    assert fills["Xã Tân Phú"] == report_map.colour_at(1 / 60, coverage.RECENT_TO_STALE)
    assert fills["Phường Bình An"] == report_map.colour_at(36 / 60, coverage.RECENT_TO_STALE)
    # No held visit in the period: the page's own colour and legend entry, outside the scale.
    assert fills["Xã Phước Hòa"] == fills["Đặc khu Hòn Mây"] == coverage.NOT_COVERED_COLOUR
    assert "Chưa có buổi nào trong kỳ (2)" in html and "<title>Đặc khu Hòn Mây: chưa có buổi nào</title>" in html
    assert "#b2182b" not in html  # the diverging red-blue scale is for rates only


def test_map_colours_clamp_as_plotly_does():
    assert report_map.colour_at(0, coverage.RECENT_TO_STALE) == "#ffffb2"
    assert report_map.colour_at(0.5, coverage.RECENT_TO_STALE) == "#fd8d3c"
    assert report_map.colour_at(145 / 60, coverage.RECENT_TO_STALE) == "#800026"  # beyond the threshold: darkest
    figures = pd.DataFrame({"commune_code": ["a", "b", "c"], "commune_name": ["A", "B", "C"],
                            "is_covered": [True, True, False], "visits_held": [0, 250, 0]})
    scale = report_map.scale_of(figures, "visits_held", "vi", None)
    assert (scale.low, scale.tick_labels[0]) == (0.0, "0") and scale.tick_labels[-1].startswith("≥ ")
    colours = report_map.commune_colours(figures, "visits_held", scale)
    assert colours == {"a": "#c6dbef", "b": "#08306b", "c": coverage.NOT_COVERED_COLOUR}


def test_query_names_and_formulas_are_in_the_annex_only(built):
    html, _, _ = built
    body, annex = body_and_annex(html)
    for name in report.QUERIES:
        assert f"{name}.sql" in annex, name
        assert name not in body, name
    assert "queries/" not in body and "Kaplan" not in body and "Kaplan" in annex
    assert "Quy tắc cảnh báo" in annex and "tỷ lệ có mặt dưới 50%" in annex
    assert "Điểm trắng" in annex and "hơn 60 ngày" in annex
    assert html.rindex("Phụ lục") > html.index("5. Cán bộ cần lưu ý")


def test_report_in_english(fixture_database):
    con = duckdb.connect(str(fixture_database), read_only=True)
    as_of, _ = db.data_as_of(con)
    scope = db.Scope(period=resolve_period(data_as_of=as_of, start="2025-01", end="2025-12"))
    html = report.build_report(con, scope, load_settings(), lang="en")
    con.close()
    for text in ("Annex: definitions and sources", "3. Blind spots", "no visit yet", "5. Officials flagged",
                 "Listed on 5 visits, present at 2 (40.0%)", "Listed, never present: 1 officials", "8,000",
                 "≥ 60 · blind spot"):
        assert text in html, text
    for vietnamese in ("Phụ lục", "chưa có buổi nào", "Có tên trong danh sách", "Lý do", "điểm trắng"):
        assert vietnamese not in html, vietnamese


def test_imported_text_is_escaped_and_no_citizen_data(attack_database):
    con = duckdb.connect(str(attack_database), read_only=True)
    as_of, _ = db.data_as_of(con)
    scope = db.Scope(period=resolve_period(data_as_of=as_of, start="2025-01", end="2025-12"),
                     restriction=db.Restriction(role="leader", personal=False, citizen_rows=False))
    html = report.build_report(con, scope, load_settings())
    con.close()
    body, _ = body_and_annex(html)
    flagged = body[body.index("5. Cán bộ cần lưu ý"):]
    # CB0003 is flagged in the attack agency DV31: name and agency are text, nothing is a tag or link.
    assert f"<td>{ATTACK_TEXT['official_CB0003']}</td>" in flagged
    assert "<td>UBND &lt;img src=http://127.0.0.1:9/a.png&gt; [Bình An](http://127.0.0.1:9/l)</td>" in flagged
    assert "<img" not in html and "<a " not in html and "<script" not in html and "src=" not in html.replace("&lt;img src=", "")
    assert "<title>![i](http://127.0.0.1:9/c.png) Bình An:" in html  # a commune name in the map, as typed
    # Leaders' report: no citizen name or phone, whatever the summaries hold.
    for personal in ("Lê Văn Tám", "Ngô Thị Mai", "0912", "0987", "Nguyễn Thị Hoa"):
        assert personal not in html, personal


def test_blind_spot_days_come_from_the_settings_or_the_caller(fixture_database):
    con = duckdb.connect(str(fixture_database), read_only=True)
    as_of, _ = db.data_as_of(con)
    scope = db.Scope(period=resolve_period(data_as_of=as_of, start="2025-01", end="2025-12"))
    html = report.build_report(con, scope, load_settings(), blind_spot_days=30)
    con.close()
    section = html[html.index("3. Điểm trắng"):html.index("4. Bảng xếp hạng")]
    assert "quá 30 ngày" in section and "<td>Phường Bình An</td>" in section and "36 ngày" in section
    assert "≥ 30 · điểm trắng" in html


def test_commune_officer_report_draws_only_their_commune(fixture_database):
    con = duckdb.connect(str(fixture_database), read_only=True)
    as_of, _ = db.data_as_of(con)
    officer = db.Restriction(role="commune_officer", commune="99002", personal=False)
    scope = db.Scope(period=resolve_period(data_as_of=as_of, start="2025-01", end="2025-12"), restriction=officer)
    html = report.build_report(con, scope, load_settings(), commune_name="Xã Tân Phú")
    con.close()
    assert html.count("<path d=\"M") == 1 and "<title>Phường Bình An" not in html and "<title>Xã Tân Phú" in html


@pytest.mark.browser
def test_report_opens_and_prints_in_chromium(built, browser, tmp_path):
    html, _, _ = built
    path = tmp_path / "bao-cao.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    requests = []
    page.on("request", lambda request: requests.append(request.url) if not request.url.startswith("file:") else None)
    page.goto(path.as_uri())
    assert page.locator("svg.map path").count() == 4
    assert page.get_by_text("≥ 60 · điểm trắng").is_visible()
    assert page.get_by_role("cell", name="Lê Văn Cường").is_visible()
    assert page.get_by_role("cell", name="Đặc khu Hòn Mây").is_visible()
    screenshot(page, "report_desktop")
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 6, pages
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.on("request", lambda request: requests.append(request.url) if not request.url.startswith("file:") else None)
    phone.goto(path.as_uri())
    # Nothing wider than the phone (the scorecard scrolls inside its own box).
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.get_by_text("≥ 60 · điểm trắng").is_visible()
    screenshot(phone, "report_phone")
    phone.close()
    assert not requests
