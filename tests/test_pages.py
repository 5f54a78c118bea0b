"""AppTest of every page on the fixture database: no exception, key elements, Vietnamese first."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from outreach.i18n import t
from outreach.ui.shell import PAGES
from support import ROOT, cards, open_filters, open_tab, svg_views

PAGE_SCRIPTS = [script for script, _, _ in PAGES if script != "dashboard.py"]


@pytest.fixture()
def app(fixture_config, monkeypatch):
    monkeypatch.setenv("OUTREACH_CONFIG", str(fixture_config))
    # The settings object is cached per process: make it re-read the test config.
    from outreach.ui import results
    results.settings.clear()
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def test_overview_shows_eight_kpis_and_the_trend(app):
    app.run()
    assert not app.exception
    labels = [metric.label for metric in cards(app)]
    assert labels == ["Buổi xuống cơ sở", "Xã, phường được đến", "Tháng đạt định mức", "Tỷ lệ có mặt",
                      "Ý kiến tiếp nhận", "Trả lời đúng hạn", "Số ngày trả lời (trung vị)", "Cán bộ cần lưu ý"]
    assert all(metric.value not in ("", None) for metric in cards(app))
    header = app.markdown[0].value
    assert header.startswith("Số liệu đến ngày **") and "Kỳ báo cáo" in header
    assert app.title[0].value == "Tổng quan"


def test_overview_switches_to_english(app):
    app.run()
    app.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Overview"
    assert cards(app)[0].label == "Visits held"
    assert app.query_params.get("lang") in ("en", ["en"])


def test_the_filters_are_folded_in_one_box_that_says_what_is_chosen(app):
    app.run()
    assert not app.exception
    # Closed: no drop-down, one line with the period, the commune and the agency.
    assert not [box for box in app.sidebar.selectbox]
    assert "11/2024 – 10/2025 · Tất cả xã, phường · Tất cả đơn vị" in [caption.value for caption in app.sidebar.caption]
    open_filters(app)
    assert [box.key for box in app.sidebar.selectbox] == ["period_from", "period_to", "commune", "agency"]
    app.selectbox(key="agency").select_index(1).run()
    agency = app.query_params.get("agency")
    agency = agency[0] if isinstance(agency, list) else agency
    assert agency
    # Reopened from the link, the box is closed and says which agency is chosen.
    reopened = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    reopened.query_params["agency"] = agency
    reopened.run()
    assert not reopened.exception and not [box for box in reopened.sidebar.selectbox]
    line = [caption.value for caption in reopened.sidebar.caption if " · " in caption.value]
    assert line and "Tất cả đơn vị" not in line[0], line


def test_filters_are_written_to_the_url_and_read_back(app):
    app.run()
    open_filters(app)
    commune = app.selectbox(key="commune").options[1]
    app.selectbox(key="commune").select_index(1).run()
    assert not app.exception
    code = app.query_params.get("commune")
    code = code[0] if isinstance(code, list) else code
    assert code and code in commune
    first_visits = cards(app)[0].value
    reopened = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    reopened.query_params["commune"] = code
    reopened.run()
    assert not reopened.exception
    open_filters(reopened)
    assert reopened.selectbox(key="commune").value == code
    assert cards(reopened)[0].value == first_visits


def test_a_bad_commune_in_the_url_falls_back_to_all(app):
    app.query_params["commune"] = "not-a-code"
    app.run()
    assert not app.exception
    open_filters(app)
    assert app.selectbox(key="commune").value == "__all__"


@pytest.mark.parametrize("script", PAGE_SCRIPTS)
def test_every_page_renders_without_exception(app, script):
    app.run()
    app.switch_page(script).run()
    assert not app.exception
    assert app.title and app.title[0].value
    assert app.markdown[0].value.startswith("Số liệu đến ngày")


def test_data_page_shows_the_last_import(app):
    app.run()
    app.switch_page("pages/5_du_lieu.py").run()
    assert not app.exception
    # The local user (sign-in off) also sees the audit log; leaders and officers do not (test_signin_security).
    assert [tab.label for tab in app.tabs] == ["Nạp dữ liệu", "Kết quả kiểm tra", "Lịch sử nạp", "Trích xuất",
                                               "Nhật ký truy cập"]
    open_tab(app, "data_tab", "Kết quả kiểm tra")
    per_file = app.dataframe[0].value
    assert len(per_file) == 8 and per_file["table_name"].iloc[0].endswith("(agencies)")


def test_long_tables_show_their_first_rows_and_say_so():
    import pandas as pd

    from outreach.ui import results, tables
    from outreach.i18n import t

    frame = pd.DataFrame({"n": range(2500)})
    shown, total = tables.table_rows(frame)
    assert len(shown) == tables.TABLE_MAX_ROWS == 1000 and total == 2500 and shown["n"].tolist() == list(range(1000))
    assert tables.table_rows(frame.head(30))[0].equals(frame.head(30))
    assert t("table_first_rows", "vi", shown="1.000", total="244.231") == (
        "Bảng hiển thị 1.000 dòng đầu trong 244.231 dòng (theo thứ tự của bảng); nút “Tải về” của bảng cho tệp CSV "
        "hoặc Excel đủ mọi dòng.")
    assert t("download_menu", "vi") in t("table_first_rows", "vi", shown="1", total="2")  # names the button as shown


@pytest.mark.parametrize("script, key", [("pages/1_bao_phu.py", "coverage_tab"), ("pages/2_y_kien.py", "feedback_tab"),
                                         ("pages/3_can_bo.py", "officials_tab"), ("pages/4_don_vi.py", "agency_tab"),
                                         ("pages/5_du_lieu.py", "data_tab")])
def test_every_section_draws_on_its_own(app, script, key):
    """A page computes only its open section: each one, opened alone, draws without another's results."""
    app.query_params["sel"] = "99001"
    app.run()
    app.switch_page(script).run()
    labels = [tab.label for tab in app.tabs]
    assert len(labels) >= 3
    drawn = []
    for label in reversed(labels):  # the last first: nothing computed by the default section helps
        open_tab(app, key, label)
        drawn.append(len(app.dataframe) + len(app.get("plotly_chart")) + len(svg_views(app)) + len(app.info) + len(app.success)
                     + len(app.button) + len(app.main.selectbox) + len(app.get("download_button")))
    assert all(count > 0 for count in drawn), dict(zip(reversed(labels), drawn))


def test_after_warming_every_pages_default_view_runs_no_query(app, monkeypatch):
    """warm() (run after each import) computes every page's default view: opening the pages then
    runs no query at all, so the first reader after an import waits for none (and DEFAULT_VIEW
    cannot go stale: a page that gains a query fails here)."""
    import streamlit as st

    from outreach.query import db
    from outreach.ui import results, warm

    st.cache_data.clear()
    st.cache_resource.clear()
    database = results.settings().path("database")
    held = warm.warm(database)
    assert held == sum(len(names) for names in warm.DEFAULT_VIEW.values())
    ran: list[str] = []
    original = db.run_query
    monkeypatch.setattr(db, "run_query", lambda con, name, *args, **kwargs: ran.append(name) or
                        original(con, name, *args, **kwargs))
    app.run()
    for script in warm.DEFAULT_VIEW:
        if script != "dashboard.py":
            app.switch_page(script).run()
        assert not app.exception, (script, app.exception)
    assert ran == [], ran
    # Without the warm-up the same pages do run their queries (the check can fail).
    st.cache_data.clear()
    app.switch_page("dashboard.py").run()
    assert "overview_kpis" in ran


def test_a_server_starting_on_a_database_warms_it_at_once(app, monkeypatch, tmp_path):
    """dashboard.py's app starts outreach/ui/warm_start.py: once Streamlit's runtime exists it warms
    the configured database's default view (then a page runs no query), and leaves a database still
    to be built alone."""
    import streamlit as st

    from outreach.query import db
    from outreach.ui import results, warm, warm_start

    assert "warm_start.start()" in (ROOT / "dashboard.py").read_text(encoding="utf-8")
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setattr(warm_start, "_runtime_ready", lambda: True)  # AppTest has no server runtime
    monkeypatch.setattr(warm, "_warmed", set())
    warm_start.start().join(timeout=120)
    database = results.settings().path("database")
    assert (str(database), db.database_version(database)) in warm._warmed
    ran: list[str] = []
    original = db.run_query
    monkeypatch.setattr(db, "run_query", lambda con, name, *args, **kwargs: ran.append(name) or
                        original(con, name, *args, **kwargs))
    app.run()
    assert not app.exception and ran == [], ran
    # No database yet: nothing is warmed (the first page builds the demo and warms it then).
    monkeypatch.setattr(warm, "_warmed", set())
    monkeypatch.setattr(warm, "settings", lambda: SimpleNamespace(path=lambda key: tmp_path / "none.duckdb"))
    warm_start.start().join(timeout=60)
    assert warm._warmed == set()


@pytest.mark.parametrize("as_of, partial", [("2026-04-29", True), ("2026-04-30", False), ("2026-02-28", False),
                                            ("2024-02-28", True), ("2026-10-31", False), ("2026-10-30", True)])
def test_the_trends_last_month_is_partial_until_the_months_last_day(as_of, partial):
    import datetime as dt

    from outreach.query.periods import resolve_period
    from outreach.views.overview import last_month_partial

    period = resolve_period(data_as_of=dt.date.fromisoformat(as_of))
    assert last_month_partial(period) is partial


@pytest.mark.parametrize("script", [script for script, _, _ in PAGES])
def test_the_definitions_open_with_each_figures_definition_and_query(app, script):
    """Every page ends with "Định nghĩa và nguồn số liệu": closed, it sends nothing; opened, every
    item names its definition and a query file of queries/ that exists."""
    import re

    app.run()
    if script != "dashboard.py":
        app.switch_page(script).run()
    closed = [m.value for m in app.markdown if "queries/" in m.value]
    assert not app.exception and closed == []
    app.session_state["definitions_box"] = True
    app.run()
    assert not app.exception
    items = [m.value for m in app.markdown if "queries/" in m.value]
    assert items, script
    for item in items:
        label, _, rest = item.partition(" — ")
        assert label.startswith("**") and len(rest) > 20, item
        query = re.search(r"`queries/(\w+)\.sql`", item).group(1)
        assert (ROOT / "queries" / f"{query}.sql").exists(), item


def test_a_database_imported_by_an_older_version_gets_a_message_not_a_catalog_error(fixture_database, tmp_path,
                                                                                      monkeypatch):
    """After an upgrade the shared macros of an old database are another version's: the pages of
    figures say it needs a new import and stop; the Data page (where it is imported) still opens."""
    import shutil

    import duckdb

    from outreach.ingest import staging as load
    from outreach.ui import results
    from support import write_config

    with duckdb.connect(str(fixture_database), read_only=True) as con:
        assert load.built_by_this_version(con)  # each import records its staging's digest
    old = tmp_path / "old.duckdb"
    shutil.copy(fixture_database, old)
    with duckdb.connect(str(old)) as con:
        con.execute("update import_staging set digest = 'an-older-one'")
        assert not load.built_by_this_version(con)
    monkeypatch.setenv("OUTREACH_CONFIG", str(write_config(tmp_path, old)))
    results.settings.clear()
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    assert not app.exception
    assert [error.value for error in app.error] == [t("outdated_database", "vi")] and not cards(app)
    app.switch_page("pages/5_du_lieu.py").run()
    assert not app.exception and app.error[0].value == t("outdated_database", "vi") and app.tabs


def test_the_cli_export_refuses_a_database_of_an_older_version(fixture_database, tmp_path):
    import shutil
    import subprocess
    import sys

    import duckdb

    old = tmp_path / "old.duckdb"
    shutil.copy(fixture_database, old)
    with duckdb.connect(str(old)) as con:
        con.execute("drop table import_staging")  # imported before the digest was recorded
    result = subprocess.run([sys.executable, "-m", "outreach", "export", "overview_kpis", "--db", str(old),
                             "--out", str(tmp_path / "k.csv")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "older version" in result.stderr and not (tmp_path / "k.csv").exists()
