"""The Data page imports a folder with a report, keeps the history, offers the template; the
template imports cleanly; commune codes are checked against the national list."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from outreach.ingest import uploads
from outreach.ingest.load import ingest
from outreach.ingest.national import check_communes
from outreach.ingest.template import template_bytes
from support import FIXTURE_EXPORT, ROOT, TODAY, build_fixture_database, write_config, open_tab

CORPUS = ROOT / "tests" / "import_corpus" / "cases"


@pytest.fixture()
def app(tmp_path, monkeypatch):
    # A private database: this test imports into it, from the corpus (an allowed server folder).
    database = build_fixture_database(tmp_path)
    monkeypatch.setenv("OUTREACH_CONFIG", str(write_config(tmp_path, database, **{"import": {
        "folder_roots": [str(CORPUS)]}})))
    from outreach.ui import results
    results.settings.clear()
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)


def test_folder_import_reports_rejects_and_keeps_history(app):
    app.run()
    app.switch_page("pages/5_du_lieu.py").run()
    app.text_input(key="import_folder_path").set_value(str(CORPUS / "duplicates"))
    app.button(key="import_folder").click().run()
    assert not app.exception
    assert any("dòng bị loại" in warning.value for warning in app.warning)
    accounting = app.dataframe[0].value
    assert accounting["balanced"].all()
    # The report tab now shows the new import's problems grouped by reason.
    open_tab(app, "data_tab", "Kết quả kiểm tra")
    reasons = " ".join(str(value) for value in app.dataframe[1].value["reason"])
    assert "duplicate_key" in reasons and "unknown_reference" in reasons
    from outreach.ui import results, tables
    from outreach.ingest.load import read_history
    records = read_history(results.settings().path("database"))
    assert records["exit_code"].tolist()[-1] == 2


def test_a_missing_folder_is_a_clear_message(app):
    app.run()
    app.switch_page("pages/5_du_lieu.py").run()
    app.text_input(key="import_folder_path").set_value(str(CORPUS / "no-such-folder"))
    app.button(key="import_folder").click().run()
    assert not app.exception
    assert any("Không tìm thấy thư mục" in error.value for error in app.error)


def test_uploads_above_the_limit_are_named_and_left_out(tmp_path):
    staged = uploads.stage_uploads([("a.csv", b"x" * 10), ("../../b.csv", b"y" * (2 * 1024 * 1024))], limit_mb=1,
                                   database=tmp_path / "o.duckdb")
    assert staged.files == ["a.csv"] and staged.too_large == [("../../b.csv", 2 * 1024 * 1024)]
    assert (staged.folder / "a.csv").exists() and not (staged.folder.parent / "b.csv").exists()
    uploads.discard(staged)
    assert not staged.folder.exists()


def test_template_imports_cleanly(tmp_path):
    (tmp_path / "mau.xlsx").write_bytes(template_bytes())
    report = ingest(tmp_path / "mau.xlsx", database=tmp_path / "t.duckdb", rejects_path=tmp_path / "r.csv", today=TODAY)
    assert report.exit_code == 0, report.rejects
    assert all(table.loaded == 2 for table in report.tables)
    # The instructions sheet is reported, not silently skipped.
    assert "unrecognised_table" in set(report.warning_rows["reason"])


def test_national_code_list_check():
    communes = pd.DataFrame({
        "commune_code": ["25252", "25195", "99001"],
        "commune_name": ["Xã Phú Riềng", "Phường Bình Phước", "Xã Lạ"],
        "province_code": ["75", "75", "99"],
    })
    findings = {finding.commune_code: finding for finding in check_communes(communes)}
    # 25252 is the 1027/CTK-CSCL code of Phú Riềng; vietnam-provinces lists it as 25264: recognised.
    assert findings["25252"].code == "national_code_other_list" and "25264" in findings["25252"].message
    assert "25195" not in findings  # the same in both lists
    assert findings["99001"].code == "national_code_unknown" and "1 xã, phường" in findings["99001"].message
    # A whole province outside the list is one finding, not one per commune.
    many = pd.DataFrame({"commune_code": [f"990{n:02d}" for n in range(1, 41)], "commune_name": "Xã Lạ",
                         "province_code": "99"})
    assert [(f.commune_code, f.code) for f in check_communes(many)] == [("99001", "national_code_unknown")]


def test_an_undecided_file_opens_the_mapping_step_and_the_saved_mapping_is_used_next_time(app, tmp_path):
    app.run()
    app.switch_page("pages/5_du_lieu.py").run()
    app.text_input(key="import_folder_path").set_value(str(CORPUS / "ambiguous_column_stops"))
    app.button(key="import_folder").click().run()
    assert not app.exception
    assert any("không rõ cột nào là" in error.value and "Ngày thực hiện" in error.value for error in app.error), \
        [e.value for e in app.error]
    # The guesses are preselected; the person picks the date the visit was held and saves.
    date = app.selectbox(key="mapping_0_visits_visit_date")
    assert set(date.options) >= {"Ngày lập kế hoạch", "Ngày thực hiện"}
    date.set_value("Ngày thực hiện")
    assert app.selectbox(key="mapping_0_visits_visit_id").value == "visit_id"
    app.text_input(key="mapping_name_0").set_value("Huyện Tân Phú")
    app.button(key="FormSubmitter:mapping_form_0-Lưu ánh xạ").click().run()
    assert not app.exception
    assert any("Huyện Tân Phú" in success.value for success in app.success)
    app.button(key="import_folder").click().run()
    assert not app.exception
    assert any("Đã nạp" in success.value or "nạp xong" in success.value.lower() for success in app.success), \
        [s.value for s in app.success] + [e.value for e in app.error]
    text = " ".join(str(element.value) for element in app.markdown)
    assert "Huyện Tân Phú" in text  # the saved mappings, shown
