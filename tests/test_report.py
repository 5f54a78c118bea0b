"""The meeting report: built on the fixture, printable, offline, opened in Chromium."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest

from outreach.views import coverage, report
from outreach.query import db
from outreach.config import load_settings
from outreach.query.periods import resolve_period
from conftest import ARTIFACTS, screenshot


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


def test_map_uses_the_coverage_pages_colours():
    assert report.colour_at(0) == coverage.WARM_TO_COOL[0][1]
    assert report.colour_at(1) == coverage.WARM_TO_COOL[-1][1]
    assert report.colour_at(0.5) == coverage.WARM_TO_COOL[2][1]


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
    screenshot(page, "report_desktop")
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 6, pages
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    assert not requests
