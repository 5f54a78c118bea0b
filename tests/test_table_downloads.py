"""Tables hand out data only through the project's own buttons: the framework's table toolbar offers
no "Download as CSV" (nor copy) on any page, and download_buttons' CSV and XLSX are neutralised
(no live formula, no hyperlink) and refused to a leader for row-level citizen items."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tomllib
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from outreach.i18n import t
from outreach.config import load_settings
from outreach.query import audit, db
from outreach.query.periods import resolve_period
from outreach.ui import tables
from outreach.ui.shell import PAGES
from outreach.views import columns
from support import ROOT

ATTACKS = ["=HYPERLINK(\"http://127.0.0.1:9/x\",\"bấm\")", "=cmd|' /C calc'!A0", "@SUM(1,2)", "+84 912 345 678",
           "-2+3", "\t=1", "external:\\\\host\\share\\run.exe", "http://127.0.0.1:9/a", "mailto:a@example.org"]


def test_the_tables_own_csv_download_is_off_in_the_config_and_at_start(tmp_path):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
    assert config["server"].get("enableXsrfProtection", True) is True  # the download route needs the cookie
    # The server's entry (dashboard.py imported by `streamlit run`) sets it again, whatever the file.
    settings = tmp_path / "outreach.toml"
    settings.write_text(f'[paths]\nexports_dir = "{tmp_path / "exports"}"\n', encoding="utf-8")
    probe = ("import streamlit as st, dashboard; "
             "print(st.get_option('client.disableDataExport'), type(dashboard.app).__name__)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "OUTREACH_CONFIG": str(settings), "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "App"], result.stdout


class _Recorder:
    """Stands in for st / a column: keeps the download buttons and captions a call makes."""

    def __init__(self, form: str = "raw", open_menu: bool = True):
        self.buttons, self.captions, self.form, self.open, self.popovers = [], [], form, open_menu, []

    def popover(self, label, **kwargs):
        self.captions.append(label)
        self.popovers.append(kwargs)
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def radio(self, label, options, **kwargs):
        assert self.form in options
        return self.form

    def columns(self, count):
        return [self] * count

    def download_button(self, label, data, **kwargs):
        self.buttons.append((label, data, kwargs))

    def caption(self, text):
        self.captions.append(text)


def _ctx(restriction: db.Restriction):
    period = resolve_period(data_as_of=pd.Timestamp("2025-12-31").date(), start="2025-01", end="2025-12")
    scope = db.Scope(period=period, restriction=restriction)
    return SimpleNamespace(lang="vi", scope=scope, period=period, page="people",
                           t=lambda key, **values: t(key, "vi", **values))


@pytest.mark.parametrize("form", ["raw", "reader"])
def test_download_buttons_are_neutralised_and_refused_to_a_leader_for_citizen_rows(monkeypatch, tmp_path, form):
    recorder = _Recorder(form)
    monkeypatch.setattr(tables, "st", recorder)
    config = tmp_path / "outreach.toml"
    config.write_text(f'[access]\naudit_file = "{tmp_path / "audit.jsonl"}"\n', encoding="utf-8")
    settings = load_settings(config)
    monkeypatch.setattr(tables, "audit_who", lambda: {"user": "phantich", "client": "10.0.0.7", "channel": "web",
                                                      "settings": settings})
    frame = pd.DataFrame({"summary": ATTACKS, "count": range(len(ATTACKS)), "on_time_rate": 0.875,
                          "visit_date": pd.Timestamp("2025-12-31")})
    tables.download_buttons(_ctx(db.Restriction(role="analyst", personal=False)), frame, what="y-kien", key="k",
                            citizen_rows=True)
    (_, csv_data, csv_args), (_, xlsx_data, xlsx_args) = recorder.buttons
    assert csv_args["file_name"].endswith(".csv") and xlsx_args["file_name"].endswith(".xlsx")
    back = pd.read_csv(io.BytesIO(csv_data()), encoding="utf-8-sig", keep_default_na=False, dtype=str)
    risky = [value for value in ATTACKS if value[0] in "=+-@\t"]
    assert [value for value in back.iloc[:, 0] if not value.startswith("'")] == \
        [value for value in ATTACKS if value not in risky]
    assert back.iloc[:, 1].tolist() == [str(number) for number in range(len(ATTACKS))]
    if form == "raw":  # the query's own names and values
        assert list(back.columns) == ["summary", "count", "on_time_rate", "visit_date"]
        assert set(back["on_time_rate"]) == {"0.875"} and set(back["visit_date"]) == {"2025-12-31"}
    else:  # as on screen: the page's headers, rates as %, dates dd/mm/yyyy
        assert list(back.columns)[2:] == [t("people_col_on_time_rate", "vi"), t("people_col_visit_date", "vi")] \
            == ["Trả lời đúng hạn", "Ngày"]
        assert set(back.iloc[:, 2]) == {"87,5%"} and set(back.iloc[:, 3]) == {"31/12/2025"}
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_data())).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == [("'" + value) if value in risky else value for value in ATTACKS]
    assert all(cell.data_type == "s" and cell.hyperlink is None for cell in cells)
    assert not sheet._hyperlinks
    rate, date = sheet.cell(row=2, column=3), sheet.cell(row=2, column=4)
    assert rate.value == 0.875 and rate.number_format == "0.0%" and date.number_format == "dd/mm/yyyy"
    # Each file built (a click) is a download in the audit log, with the session that showed the button.
    logged = audit.read(10, settings)
    assert [(event["event"], event["format"], event["what"], event["rows"], event["user"], event["client"])
            for event in reversed(logged)] == [("download", "csv", "y-kien", len(ATTACKS), "phantich", "10.0.0.7"),
                                               ("download", "xlsx", "y-kien", len(ATTACKS), "phantich", "10.0.0.7")]
    assert logged[0]["personal"] is False

    # A closed menu is its button only: nothing inside it is built or sent until it is opened
    # (opening reruns the page).
    closed = _Recorder(form, open_menu=False)
    monkeypatch.setattr(tables, "st", closed)
    tables.download_buttons(_ctx(db.Restriction(role="analyst", personal=False)), frame, what="y-kien", key="k")
    assert closed.popovers[0]["on_change"] == "rerun" and not closed.buttons and len(closed.captions) == 1

    leader = _Recorder()
    monkeypatch.setattr(tables, "st", leader)
    tables.download_buttons(_ctx(db.Restriction(role="leader", personal=False, citizen_rows=False)), frame,
                            what="y-kien", key="k", citizen_rows=True)
    assert not leader.buttons and leader.captions == [t("acc_no_citizen_download", "vi")]


# ---------------------------------------------------------------- in the browser: no page offers it

# Each page at a view with tables (the overview has none: cards and a chart).
PAGE_PATHS = {"dashboard.py": "/", "pages/1_bao_phu.py": "/bao_phu?ctab=table", "pages/2_y_kien.py": "/y_kien?ftab=held",
              "pages/3_can_bo.py": "/can_bo", "pages/4_don_vi.py": "/don_vi", "pages/5_du_lieu.py": "/du_lieu?dtab=report"}


@pytest.mark.browser
def test_no_table_on_any_page_offers_the_toolbars_csv_download(attack_server, browser):
    from conftest import open_page, sign_in

    assert set(PAGE_PATHS) == {script for script, _, _ in PAGES}
    checked = 0
    for script, path in PAGE_PATHS.items():
        page = open_page(browser, attack_server + path)
        sign_in(page, "lanhdao")  # a leader: row-level items must never leave through a table
        if script != "dashboard.py":
            page.locator('[data-testid="stDataFrame"]').filter(visible=True).first.wait_for(timeout=60_000)
            page.wait_for_timeout(1000)
        frames = [frame for frame in page.locator('[data-testid="stDataFrame"]').all() if frame.is_visible()]
        assert frames or script == "dashboard.py", script
        for frame in frames:
            frame.scroll_into_view_if_needed()
            frame.hover()
            toolbar = page.locator('[data-testid="stElementToolbar"]').filter(visible=True)
            toolbar.first.wait_for(timeout=10_000)
            labels = [label for button in toolbar.locator("button").all()
                      if (label := button.get_attribute("aria-label") or button.inner_text())]
            assert "Tìm trong bảng" in labels or "Toàn màn hình" in labels, (script, labels)  # the toolbar, in Vietnamese
            assert not any("Download" in label or "CSV" in label for label in labels), (script, labels)
            checked += 1
        page.close()
    assert checked >= 5


@pytest.mark.parametrize("page", ["people", "coverage", "feedback", "data", None])
def test_a_tables_headers_and_formats_are_the_same_on_screen_and_in_its_download(page):
    """One column registry (views/columns.py): the header a page shows is the download's header, a
    rate on screen is a percentage in the file, a date is dd/mm/yyyy in both."""
    import streamlit as st

    frame = pd.DataFrame({"full_name": ["Nguyễn Văn An"], "on_time_rate": [0.875], "received_date": ["2025-12-31"],
                          "heard_elsewhere_first": [3], "held_items": [2]})
    config = columns.table_config(st.column_config, frame, "vi", page=page)
    shown = [config[column]["label"] for column in frame.columns]
    assert shown == [columns.header(column, "vi", page) for column in frame.columns]
    file = columns.for_reader(frame, "vi", page)
    assert list(file.columns) == shown == list(columns.reader_headers(frame, "vi", page).values())
    assert file.iloc[0].tolist()[1:3] == ["87,5%", "31/12/2025"]
    assert config["received_date"]["type_config"]["format"] == "DD/MM/YYYY"
    if page == "feedback":  # the page's own word for the same code
        assert shown[0] == "Cán bộ ghi nhận" and config["on_time_rate"]["type_config"]["type"] == "progress"
    elif page in ("people", "coverage"):
        assert shown[0] == "Họ và tên"


def test_codes_are_written_in_words_in_the_readers_form_and_kept_in_the_raw_one():
    visits = pd.DataFrame({"status": ["held", "cancelled"], "visit_type": ["doi_thoai", None], "channel": ["hotline", "x"]})
    assert columns.for_reader(visits, "vi", "coverage").values.tolist() == [
        ["Đã tổ chức", "Đối thoại", "Đường dây nóng"], ["Hủy", "", "x"]]  # an unknown code stays as it is
    flow = pd.DataFrame({"route": ["not_forwarded"], "status": ["open_overdue"]})
    assert columns.for_reader(flow, "vi", "feedback").values.tolist() == [["Chưa chuyển đơn vị", "Đang chờ, đã quá hạn"]]
    assert columns.for_reader(flow, "en", "feedback").values.tolist() == [["Not forwarded", "Open, overdue"]]
