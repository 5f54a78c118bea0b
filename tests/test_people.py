"""Officials (Cán bộ) and agencies (Đơn vị): the extracts official_participation, official_flags and
agency_scorecard, the evidence and quota queries, the wording, search, the review workbook and both
pages.

Fixture values are worked out by hand from tests/fixtures/export (its story is in the docstring of
tests/test_metrics.py): as_of 2025-10-15, period 2024-11-01 .. 2025-10-15, quota months Nov 2024 ..
Sep 2025 (October is cut short by as_of). Demo values are checked against ground_truth.json and
against the independent pandas reading of docs/metrics.md in tests/oracle.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import shutil

import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import oracle
from outreach.query import db
from outreach.views import agencies as agency_views, columns as column_views, flags as flag_views, officials as official_views, review
from outreach.config import load_settings
from outreach.i18n import TEXT
from outreach.ingest.load import ingest
from outreach.query.periods import resolve_period
from support import FIXTURE_EXPORT, ROOT, TODAY, _plain, _records, write_config, open_tab, cards

D = dt.date.fromisoformat
FLAGS = ("listed_never_present", "rarely_present", "under_quota", "holding_information")


# ---------------------------------------------------------------- helpers


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _available(con, **overrides) -> dict:
    as_of, _ = db.data_as_of(con)
    values = db.Scope(period=resolve_period(data_as_of=as_of)).available(load_settings())
    # A setting named in overrides replaces its value in the settings struct.
    settings = {**values["settings"], **{key: value for key, value in overrides.items() if key in values["settings"]}}
    values.update({key: value for key, value in overrides.items() if key not in settings})
    values["settings"] = settings
    return values


def _run(con, name: str, **overrides) -> pd.DataFrame:
    return review.run_named(con, name, _available(con, **overrides))


@pytest.fixture(scope="module")
def thresholds(con):
    return flag_views.Thresholds.from_settings(_available(con)["settings"])


@pytest.fixture(scope="module")
def fixture_frames(con, thresholds):
    participation = _run(con, "official_participation")
    profile = _run(con, "official_profile")
    flags = _run(con, "official_flags")
    return {
        "participation": participation, "profile": profile, "flags": flags,
        "evidence": _run(con, "official_flag_evidence"), "quota": _run(con, "official_quota_months"),
        "table": official_views.official_table(participation, profile),
        "flagged": flag_views.flagged_officials(flags, participation, profile, thresholds),
    }


# ---------------------------------------------------------------- official_participation


PARTICIPATION_COLUMNS = ["official_id", "full_name", "agency_id", "listed", "present", "late", "absent", "excused",
                         "attendance_rate", "months_counted", "months_met", "quota_rate", "feedback_recorded", "flags",
                         # docs/metrics.md "Beyond the roster": dialogues_held empty for non-heads.
                         "is_head", "dialogues_held", "months_without_dialogue", "heard_elsewhere_first"]


def test_official_participation_has_exactly_the_extract_columns(fixture_frames):
    assert list(fixture_frames["participation"].columns) == PARTICIPATION_COLUMNS


def test_official_participation_on_the_fixture(fixture_frames):
    # The columns of "Beyond the roster" are worked out in tests/test_beyond.py (the fixture has no head).
    rows = _records(fixture_frames["participation"], PARTICIPATION_COLUMNS[:14])
    assert rows == [
        # Attendance as in test_metrics.test_official_attendance; rate = listed&present / listed not excused.
        # CB0001: BX0001, 04, 08 present -> 3/3. Its assignment ended 2024-10-31: no quota month.
        # Recorded YK0001, YK0009.
        ("CB0001", "Nguyễn Văn An", "DV01", 3, 3, 0, 0, 0, 1.0, 0, 0, None, 2, ""),
        # CB0002: 3/6 = 0.5 exactly (not rarely present); quota Jun, Jul, Aug met, Sep not -> 3/4.
        # Recorded YK0003, YK0011. A head at no dialogue (tests/test_beyond.py works the rule out).
        ("CB0002", "Trần Thị Bình", "DV31", 6, 3, 1, 3, 0, 0.5, 4, 3, 0.75, 2, "head_without_dialogue"),
        # CB0003: BX0001, 05, 06 absent, BX0002 excused -> 0/3, listed never present.
        ("CB0003", "Lê Văn Cường", "DV31", 4, 0, 0, 3, 1, 0.0, 0, 0, None, 0, "listed_never_present"),
        # CB0004: BX0003, 07 absent, BX0009 late -> 1/3; recorded YK0002, YK0006, YK0008.
        ("CB0004", "Phạm Thị Dung", "DV32", 3, 1, 1, 2, 0, 1 / 3, 0, 0, None, 3, ""),
        # CB0005: BX0001, 06 present, BX0002, 04, 08 absent -> 2/5 = 0.4 < 0.5; recorded YK0010.
        ("CB0005", "Hoàng Văn Em", "DV01", 5, 2, 0, 3, 0, 0.4, 0, 0, None, 1, "rarely_present"),
        # CB0006: only excused at BX0009 -> rate empty; 99004 Jul, Aug, Sep unmet -> 0/3, under quota.
        ("CB0006", "Đặng Văn Hải", "DV02", 1, 0, 0, 0, 1, None, 3, 0, 0.0, 0, "under_quota"),
        # CB0007: 3x listed absent + walk-in at BX0006 (present 1); Jun, Jul, Sep unmet (Aug not counted).
        ("CB0007", "Võ Thị Hạnh", "DV32", 3, 1, 0, 3, 0, 0.0, 3, 0, 0.0, 0, ""),
        # CB0008: no attendance; recorded YK0004, YK0005, YK0007; YK0005 and YK0007 held.
        ("CB0008", "Bùi Văn Khánh", "DV02", 0, 0, 0, 0, 0, None, 0, 0, None, 3, "holding_information"),
    ]


def test_official_participation_filters(con):
    # Agency DV31: its own two officials.
    assert list(_run(con, "official_participation", agency="DV31")["official_id"]) == ["CB0002", "CB0003"]
    # Commune 99002: officials with attendance at BX0003, 07, 09 (CB0002, 04, 06, 07), the assignment
    # (CB0002) or items recorded there (CB0002, CB0004). Only 99002's duties count: CB0007's three
    # absences there -> listed never present (as in test_metrics.test_overview_commune_filter).
    frame = _run(con, "official_participation", commune="99002")
    assert _records(frame, ["official_id", "listed", "present", "months_counted", "feedback_recorded", "flags"]) == [
        # BX0003, 07 present; 0-required assignment: no counted month. A head (Chủ tịch) at no dialogue
        # (docs/metrics.md, "Heads' direct dialogues"; worked out in tests/test_beyond.py).
        ("CB0002", 2, 2, 0, 2, "head_without_dialogue"),
        ("CB0004", 3, 1, 0, 3, ""),          # BX0003 A, BX0007 A, BX0009 L
        ("CB0006", 1, 0, 0, 0, ""),          # BX0009 excused; its assignment is to 99004
        ("CB0007", 3, 0, 0, 0, "listed_never_present"),
    ]


# ---------------------------------------------------------------- flags, their neighbours, evidence


def test_official_flags_and_their_non_flag_neighbours(fixture_frames):
    flags = fixture_frames["flags"]
    assert list(flags.columns) == ["official_id", "flag", "evidence_count", "evidence_summary"]
    assert _records(flags, ["official_id", "flag", "evidence_count"]) == [
        ("CB0002", "head_without_dialogue", 11),  # a head at no dialogue, Nov 2024 - Sep 2025
        ("CB0003", "listed_never_present", 3),   # 3 listed non-excused, present at none
        ("CB0005", "rarely_present", 5),         # 5 listed non-excused, 2/5 = 0.4
        ("CB0006", "under_quota", 3),            # Jul, Aug, Sep 2025
        ("CB0008", "holding_information", 2),    # YK0005 (forwarded day 8), YK0007 (never)
    ]
    flags_of = dict(_records(fixture_frames["participation"], ["official_id", "flags"]))
    # Neighbours that must not be flagged:
    assert flags_of["CB0004"] == ""   # 3 listings and one late arrival: present once, not "never present"
    assert flags_of["CB0007"] == ""   # absent 3x but a walk-in; unmet Jun, Jul, Sep (Aug not counted): run 2
    assert flags_of["CB0002"] == "head_without_dialogue"   # attendance exactly 0.5 is not below 0.5
    assert flags_of["CB0001"] == ""   # one held item (YK0009) is fewer than 2


def test_partial_month_assignments_are_not_counted(fixture_frames):
    quota = fixture_frames["quota"]
    cb0007 = quota[quota["official_id"] == "CB0007"]
    # 99003 from 2025-06-01 to 07-31, then from 08-15: August has no whole-month assignment.
    assert _records(cb0007, ["month_start", "required", "attended", "is_counted", "is_met"]) == [
        (D("2025-06-01"), 2, 0, True, False),
        (D("2025-07-01"), 2, 0, True, False),
        (D("2025-09-01"), 2, 0, True, False),
    ]
    # October 2025 is cut short by as_of: no official has a row for it.
    assert not (pd.to_datetime(quota["month_start"]).dt.date == D("2025-10-01")).any()
    grid = official_views.quota_grid(quota, pd.DataFrame({"official_id": ["CB0007"], "full_name": ["Võ Thị Hạnh"]}),
                             official_views.quota_month_list(D("2024-11-01"), D("2025-10-15")))
    assert len(grid) == 11  # Nov 2024 .. Sep 2025
    assert dict(zip(grid["month_start"], grid["state"]))[D("2025-08-01")] == "not_counted"
    assert list(grid["state"]).count("not_met") == 3


def test_flag_evidence_rows_on_the_fixture(fixture_frames):
    evidence = fixture_frames["evidence"]
    head = evidence[evidence["flag"] == "head_without_dialogue"]
    # The head CB0002: 11 months without a dialogue and his other visits in them (BX0003, 04, 07).
    assert (head["evidence_type"] == "dialogue_month").sum() == 11
    assert list(head.loc[head["evidence_type"] == "visit", "evidence_id"]) == ["BX0003", "BX0004", "BX0007"]
    evidence = evidence[evidence["flag"] != "head_without_dialogue"]
    visits = evidence[evidence["evidence_type"] == "visit"]
    assert _records(visits, ["official_id", "flag", "evidence_id", "evidence_date", "commune_name",
                             "lead_agency_name", "attendance_status"]) == [
        # CB0003: absent at BX0001, 05, 06; the excused BX0002 is never evidence.
        ("CB0003", "listed_never_present", "BX0001", D("2025-01-15"), "Phường Bình An", "Ban Dân vận Tỉnh ủy", "absent"),
        ("CB0003", "listed_never_present", "BX0005", D("2025-07-14"), "Phường Bình An", "UBND Phường Bình An", "absent"),
        ("CB0003", "listed_never_present", "BX0006", D("2025-07-16"), "Phường Bình An", "UBND Phường Bình An", "absent"),
        # CB0005: absent at BX0002, 04, 08 (present at BX0001, 06).
        ("CB0005", "rarely_present", "BX0002", D("2025-03-12"), "Phường Bình An", "UBND Phường Bình An", "absent"),
        ("CB0005", "rarely_present", "BX0004", D("2025-07-08"), "Phường Bình An", "Ban Dân vận Tỉnh ủy", "absent"),
        ("CB0005", "rarely_present", "BX0008", D("2025-09-09"), "Phường Bình An", "Ban Dân vận Tỉnh ủy", "absent"),
    ]
    months = evidence[evidence["evidence_type"] == "month"]
    assert _records(months, ["official_id", "evidence_id", "required", "attended", "run_months"]) == [
        ("CB0006", "2025-07", 1, 0, 3), ("CB0006", "2025-08", 1, 0, 3), ("CB0006", "2025-09", 1, 0, 3)]
    items = evidence[evidence["evidence_type"] == "feedback"]
    assert _records(items, ["official_id", "evidence_id", "evidence_date", "commune_name", "topic",
                            "forwarded_to_name", "forwarded_date", "replied_date"]) == [
        ("CB0008", "YK0005", D("2025-07-01"), "Phường Bình An", "Giải phóng mặt bằng", "Ban Dân vận Tỉnh ủy",
         D("2025-07-09"), D("2025-07-25")),
        ("CB0008", "YK0007", D("2025-09-01"), "Phường Bình An", "Trật tự đô thị", None, None, None),
    ]


def test_official_flags_evidence_summary(fixture_frames):
    summary = dict(_records(fixture_frames["flags"], ["official_id", "evidence_summary"]))
    assert summary["CB0003"] == (
        "15/01/2025 Phường Bình An (BX0001, chủ trì: Ban Dân vận Tỉnh ủy); "
        "14/07/2025 Phường Bình An (BX0005, chủ trì: UBND Phường Bình An); "
        "16/07/2025 Phường Bình An (BX0006, chủ trì: UBND Phường Bình An)")
    assert summary["CB0006"] == "07/2025: có mặt 0/1 buổi; 08/2025: có mặt 0/1 buổi; 09/2025: có mặt 0/1 buổi"
    assert summary["CB0008"] == "YK0005 tiếp nhận 01/07/2025 Phường Bình An; YK0007 tiếp nhận 01/09/2025 Phường Bình An"


def test_flag_wording_is_factual_with_its_rule(fixture_frames, thresholds):
    flagged = fixture_frames["flagged"]
    headline = dict(zip(flagged["official_id"], flagged["headline"]))
    assert headline == {
        "CB0002": "11 tháng liên tiếp không đối thoại; cả kỳ 0 buổi đối thoại",
        "CB0003": "Có tên trong danh sách 3 buổi, không có mặt buổi nào (ngoài ra 1 buổi vắng có lý do, không tính)",
        "CB0005": "Có tên trong danh sách 5 buổi, có mặt 2 buổi (40,0%)",
        "CB0006": "3 tháng liên tiếp chưa đạt định mức; cả kỳ có 3/3 tháng được tính chưa đạt",
        "CB0008": "2 ý kiến tiếp nhận chưa được chuyển hoặc trả lời trong 7 ngày",
    }
    rules = dict(zip(flagged["flag"], flagged["rule"]))
    assert rules["listed_never_present"].startswith("Có tên trong danh sách ít nhất 3 buổi")
    assert "vắng có lý do" in rules["listed_never_present"]
    assert "dưới 50%" in rules["rarely_present"] and "ít nhất 5 buổi" in rules["rarely_present"]
    assert "ít nhất 3 tháng liên tiếp" in rules["under_quota"]
    assert "ít nhất 2 ý kiến" in rules["holding_information"] and "7 ngày" in rules["holding_information"]
    # The rule follows the configured thresholds.
    stricter = flag_views.Thresholds(4, 6, 0.4, 5, 3, 10)
    assert "ít nhất 4 buổi" in flag_views.flag_rule("listed_never_present", stricter)
    assert "dưới 40%" in flag_views.flag_rule("rarely_present", stricter, "vi")
    assert "at least 5 consecutive months" in flag_views.flag_rule("under_quota", stricter, "en")
    # English facts.
    row = fixture_frames["participation"].set_index("official_id").loc["CB0005"]
    assert flag_views.flag_headline("rarely_present", row, 5, thresholds, "en") == "Listed on 5 visits, present at 2 (40.0%)"


def test_flag_texts_never_judge_the_person():
    # Words that judge rather than state facts (lazy, evading, violating, hiding, shirking, ...).
    judging = ("lười", "trốn", "vi phạm", "gian dối", "che giấu", "ém", "kém cỏi", "vô trách nhiệm", "lazy",
               "evad", "shirk", "hiding", "violat", "dishonest", "fail")
    texts = [entry[lang] for key, entry in TEXT.items() if key.startswith(("people_flag_", "people_rule_",
                                                                        "people_headline_"))
             for lang in ("vi", "en")]
    assert len(texts) >= 2 * 13
    for text in texts:
        lowered = text.lower()
        assert not any(word in lowered for word in judging), text


# ---------------------------------------------------------------- excused absences (a modified copy of the fixture)


@pytest.fixture(scope="module")
def modified(tmp_path_factory):
    """The fixture with CB0003's absences at BX0001 and BX0005 excused, and an official whose name looks
    like a spreadsheet formula (CB0009, DV01, no attendance)."""
    directory = tmp_path_factory.mktemp("people_modified")
    export = directory / "export"
    shutil.copytree(FIXTURE_EXPORT, export)
    attendance = (export / "attendance.csv").read_text(encoding="utf-8")
    for visit in ("BX0001", "BX0005"):
        assert f"{visit},CB0003,true,absent\n" in attendance
        attendance = attendance.replace(f"{visit},CB0003,true,absent\n", f"{visit},CB0003,true,excused\n")
    (export / "attendance.csv").write_text(attendance, encoding="utf-8")
    with (export / "officials.csv").open("a", encoding="utf-8") as handle:
        handle.write("CB0009,=1+2,DV01,Chuyên viên,false,2024-01-01,\n")
    report = ingest(export, database=directory / "o.duckdb", rejects_path=directory / "r.csv", today=TODAY)
    assert report.exit_code == 0, (report.error, report.rejects)
    connection = duckdb.connect(str(directory / "o.duckdb"), read_only=True)
    yield connection
    connection.close()


def test_excused_absences_never_count(modified):
    row = _run(modified, "official_participation").set_index("official_id").loc["CB0003"]
    # Listed 4: BX0001 E, BX0002 E, BX0005 E, BX0006 A -> 1 non-excused listing (< 3): no flag.
    assert (row["listed"], row["absent"], row["excused"], row["attendance_rate"], row["flags"]) == (4, 1, 3, 0.0, "")
    evidence = _run(modified, "official_flag_evidence")
    assert "CB0003" not in set(evidence["official_id"])
    # Nothing excused is ever evidence (the head's visits behind head_without_dialogue are his present ones).
    absences = evidence[evidence["flag"] != "head_without_dialogue"]
    assert set(absences["attendance_status"].dropna()) <= {"absent"}


# ---------------------------------------------------------------- search, filters, pages


def test_search_ignores_accents_and_case(fixture_frames):
    assert column_views.fold("  Đặng   Văn HẢI ") == "dang van hai"
    assert column_views.fold("Nguye\u0302\u0303n Va\u0306n An") == "nguyen van an"  # decomposed (NFD) input
    assert official_views.name_matches("Nguyễn Văn An", "nguyen van an")
    assert official_views.name_matches("Nguyễn Văn An", "NGUYỄN VĂN AN")
    assert official_views.name_matches("Nguyễn Văn An", "an nguyen")  # any order, word starts
    assert not official_views.name_matches("Nguyễn Văn An", "nguyen van binh")
    table = fixture_frames["table"]

    def found(query):
        return list(table[official_views.search_mask(table, query)]["official_id"])

    assert found("nguyen van an") == ["CB0001"]
    assert found("dang") == ["CB0006"]          # Đặng: đ -> d
    assert found("hanh") == ["CB0007"]          # Hạnh
    assert found("thi") == ["CB0002", "CB0004", "CB0007"]
    assert found("cb0005") == ["CB0005"]
    assert found("") == list(table["official_id"])
    assert found("xyz") == []


def test_filters_sort_and_pages(fixture_frames):
    table = fixture_frames["table"]
    assert list(official_views.filter_officials(table, flag="any")["official_id"]) == ["CB0002", "CB0003", "CB0005",
                                                                                          "CB0006", "CB0008"]
    assert len(official_views.filter_officials(table, flag="none")) == 3
    assert list(official_views.filter_officials(table, heads=True)["official_id"]) == ["CB0002"]
    assert list(official_views.filter_officials(table, flag="under_quota")["official_id"]) == ["CB0006"]
    assert list(official_views.filter_officials(table, agency_ids=["DV31"], search="le van")["official_id"]) == ["CB0003"]
    with pytest.raises(ValueError):
        official_views.filter_officials(table, flag="not-a-flag")
    # Lowest attendance first; empty rates last.
    ordered = official_views.sort_officials(table, "attendance_low")
    # Ties by name without accents (Lê before Võ; Bùi before Đặng).
    assert list(ordered["official_id"]) == ["CB0003", "CB0007", "CB0004", "CB0005", "CB0002", "CB0001",
                                            "CB0008", "CB0006"]
    # One flag each; then the lowest attendance (the head CB0002 at 0.5), empty rates last.
    assert list(official_views.sort_officials(table, "flags_first")["official_id"])[:5] == ["CB0003", "CB0005", "CB0002",
                                                                                    "CB0008", "CB0006"]
    page = official_views.paginate(ordered, page=2, page_size=3)
    assert (page.number, page.pages, page.first, page.last, page.total) == (2, 3, 4, 6, 8)
    assert list(page.rows["official_id"]) == ["CB0005", "CB0002", "CB0001"]
    assert official_views.paginate(ordered, page=9, page_size=3).number == 3  # clamped
    assert official_views.page_caption(page) == "Dòng 4–6 trên 8 cán bộ · trang 2/3"
    empty = official_views.paginate(ordered.iloc[0:0], page=1, page_size=25)
    assert (empty.pages, empty.first, empty.last, empty.total) == (1, 0, 0, 0)


def test_quota_heatmap_states_and_legend(fixture_frames):
    officials = official_views.heatmap_officials(fixture_frames["table"], "DV32")
    assert list(officials["official_id"]) == ["CB0007", "CB0004"]  # quota 0/3 first; CB0004 has no counted month
    months = official_views.quota_month_list(D("2024-11-01"), D("2025-10-15"))
    figure = official_views.quota_heatmap(fixture_frames["quota"], officials, months, "vi")
    heatmap = figure.data[0]
    codes = {state: index for index, state in enumerate(official_views.QUOTA_STATES)}
    # CB0007: Jun, Jul not met, Aug not counted, Sep not met; CB0004: never counted.
    assert list(heatmap.z[0][-4:]) == [codes["not_met"], codes["not_met"], codes["not_counted"], codes["not_met"]]
    assert set(heatmap.z[1]) == {codes["not_counted"]}
    assert list(heatmap.text[0][-4:]) == ["0/2", "0/2", "", "0/2"]
    assert list(heatmap.x) == ["11/2024", "12/2024", "01/2025", "02/2025", "03/2025", "04/2025", "05/2025",
                               "06/2025", "07/2025", "08/2025", "09/2025"]
    assert [trace.name for trace in figure.data[1:]] == ["Đạt định mức", "Chưa đạt", "Không tính"]
    assert [trace.marker.color for trace in figure.data[1:]] == ["#0072B2", "#D55E00", "#DDDDDD"]
    assert figure.layout.separators == ",."
    # The default agency is the one with most officials under quota.
    assert official_views.default_heatmap_agency(fixture_frames["table"], None) == "DV02"
    assert official_views.default_heatmap_agency(fixture_frames["table"], "DV31") == "DV31"


def test_official_detail_pieces(con, fixture_frames):
    visits = official_views.official_visits(_run(con, "official_detail_visits"), "CB0007", "vi")
    # Listed at BX0003, 07, 09 (absent) and a walk-in at BX0006.
    assert _records(visits, ["visit_id", "listed_word", "attendance_status"]) == [
        ("BX0003", "Có", "Vắng"), ("BX0006", "Không (tự đến)", "Có mặt"), ("BX0007", "Có", "Vắng"),
        ("BX0009", "Có", "Vắng")]
    recorded = official_views.official_feedback(_run(con, "official_feedback_months"), "CB0008", "vi")
    assert _records(recorded, ["month", "recorded", "forwarded", "replied", "held_information"]) == [
        ("07/2025", 2, 2, 2, 1), ("09/2025", 1, 0, 0, 1)]
    quota = official_views.official_quota(fixture_frames["quota"], "CB0002", official_views.quota_month_list(D("2024-11-01"),
                                                                                              D("2025-10-15")))
    assert _records(quota.tail(4), ["month", "required", "attended", "quota_state"]) == [
        ("06/2025", 1, 1, "Đạt định mức"), ("07/2025", 1, 1, "Đạt định mức"), ("08/2025", 1, 1, "Đạt định mức"),
        ("09/2025", 1, 0, "Chưa đạt")]


# ---------------------------------------------------------------- agency scorecard


SCORECARD_COLUMNS = ["agency_id", "agency_name", "officials", "coverage_rate", "coverage_standing",
                     "attendance_rate", "attendance_standing", "quota_rate", "quota_standing", "on_time_rate",
                     "on_time_standing", "held_items", "score", "rank", "review_group"]

# Hand-worked rates per agency (period 2024-11-01 .. 2025-10-15), with their divisors:
# DV01 (CB0001, CB0005): no assignment overlaps the period (CB0001's ended 2024-10-31) -> coverage
#   empty (0 communes); attendance (3 + 2) / (3 + 5) = 0.625 (8 rows); no quota month (0); forwarded
#   YK0004 on time, YK0005 late -> 1/2 (2 items); held YK0009 (CB0001) -> 1.
# DV02 (CB0006, CB0008): 99004 assigned, never visited -> 0/1; attendance empty (only excused: 0);
#   quota 0/3; nothing forwarded (0); held YK0005, YK0007 (CB0008) -> 2.
# DV31 (CB0002, CB0003): 99001 and 99002 assigned, CB0002 present in both -> 2/2; attendance
#   (3 + 0) / (6 + 3) = 1/3 (9 rows); quota 3/4; YK0001 on time -> 1/1.
# DV32 (CB0004, CB0007): 99003 assigned, no held visit there in the period -> 0/1; attendance
#   (1 + 0) / (3 + 3) = 1/6 (6 rows); quota 0/3; YK0011 on time, YK0002 late, YK0006 overdue (YK0008
#   not yet due) -> 1/3 (3 items).
FIXTURE_RATES = {
    "DV01": (2, None, 0.625, None, 0.5, 1),
    "DV02": (2, 0.0, None, 0.0, None, 2),
    "DV31": (2, 1.0, 1 / 3, 0.75, 1.0, 0),
    "DV32": (2, 0.0, 1 / 6, 0.0, 1 / 3, 0),
}
# Evidence minimums low enough for the fixture's handful of rows (defaults: 3, 20, 6, 10).
LOW_EVIDENCE = dict(min_officials=1, min_evidence_coverage=1, min_evidence_attendance=1, min_evidence_quota=1,
                    min_evidence_on_time=1)


def _by_agency(frame: pd.DataFrame, columns: list[str]) -> dict:
    return {row[0]: row[1:] for row in _records(frame, ["agency_id", *columns])}


def _assert_close_rows(actual: dict, expected: dict) -> None:
    assert set(actual) == set(expected)
    for agency, values in expected.items():
        for index, (got, want) in enumerate(zip(actual[agency], values)):
            if isinstance(want, float) or isinstance(got, float):
                assert _close(got, want), (agency, index, got, want)
            else:
                assert got == want, (agency, index, got, want)


def test_agency_scorecard_on_the_fixture_nobody_ranked(con):
    frame = _run(con, "agency_scorecard")
    assert list(frame.columns) == SCORECARD_COLUMNS
    _assert_close_rows(_by_agency(frame, ["officials", "coverage_rate", "attendance_rate", "quota_rate",
                                          "on_time_rate", "held_items"]), FIXTURE_RATES)
    # Every agency has 2 officials (< 3) and no rate reaches its evidence minimum: no standing, score,
    # rank or group for anyone (the rates are still shown).
    for column in ("coverage_standing", "attendance_standing", "quota_standing", "on_time_standing", "score",
                   "rank", "review_group"):
        assert frame[column].isna().all(), column


def test_standings_scores_and_groups_worked_by_hand(con):
    frame = _run(con, "agency_scorecard_detail", **LOW_EVIDENCE)
    # Ranked: an assignment overlapping the period and >= 2 rates with evidence. DV01 has no
    # assignment. DV02: coverage (1 commune) and quota (3 months) only -> 2 rates -> ranked.
    # Standings, n ranked agencies with evidence on the rate, 100 x (lower + 1/2 x other equal) / (n - 1):
    #   coverage (DV02 0, DV31 1, DV32 0; n = 3): DV31 100 x 2/2 = 100; DV02, DV32 100 x 0.5/2 = 25
    #   attendance (DV31 1/3, DV32 1/6; n = 2; DV02 has 0 rows): DV31 100, DV32 0
    #   quota (DV02 0, DV31 0.75, DV32 0): DV31 100; DV02, DV32 25
    #   on time (DV31 1, DV32 1/3; DV02 nothing forwarded): DV31 100, DV32 0
    # Score, equal weights, a rate without evidence counting 50:
    #   DV31 (100 + 100 + 100 + 100) / 4 = 100; DV02 (25 + 50 + 25 + 50) / 4 = 37.5;
    #   DV32 (25 + 0 + 25 + 0) / 4 = 12.5. 3 ranked -> k = max(1, floor(0.6)) = 1.
    _assert_close_rows(_by_agency(frame, ["is_ranked", "rates_with_evidence", "coverage_standing",
                                          "attendance_standing", "quota_standing", "on_time_standing", "score",
                                          "rank", "review_group"]), {
        "DV01": (False, 2, None, None, None, None, None, None, None),
        "DV02": (True, 2, 25.0, None, 25.0, None, 37.5, 1 + 1, None),
        "DV31": (True, 4, 100.0, 100.0, 100.0, 100.0, 100.0, 1, "commend"),
        "DV32": (True, 4, 25.0, 0.0, 25.0, 0.0, 12.5, 3, "correct"),
    })
    assert set(frame["group_size"]) == {1}


def test_unequal_weights_worked_by_hand(con):
    # Weights coverage 1, attendance 2, quota 3, on time 4 (sum 10):
    #   DV02 (1 x 25 + 2 x 50 + 3 x 25 + 4 x 50) / 10 = 40; DV32 (25 + 0 + 75 + 0) / 10 = 10.
    # Swapping the coverage and attendance weights would give DV32 (50 + 0 + 75 + 0) / 10 = 12.5,
    # swapping quota and on time (25 + 0 + 100 + 0) / 10 = 12.5.
    frame = _run(con, "agency_scorecard_detail", **LOW_EVIDENCE, weight_coverage=1.0, weight_attendance=2.0,
                 weight_quota=3.0, weight_on_time=4.0)
    _assert_close_rows(_by_agency(frame, ["score"]), {"DV01": (None,), "DV02": (40.0,), "DV31": (100.0,),
                                                      "DV32": (10.0,)})


def test_a_rate_short_of_evidence_and_an_agency_alone_on_a_rate(con):
    # Attendance minimum 7 rows: DV31 has 9 (kept), DV32 6 (short: counted 50), DV02 0. DV31 is then
    # alone on attendance -> standing 50 (n = 1), not 100.
    frame = _run(con, "agency_scorecard_detail", **{**LOW_EVIDENCE, "min_evidence_attendance": 7})
    rows = _by_agency(frame, ["attendance_evidence", "attendance_standing", "score"])
    # DV31 (100 + 50 + 100 + 100) / 4 = 87.5; DV32 (25 + 50 + 25 + 0) / 4 = 25.
    _assert_close_rows(rows, {"DV01": (True, None, None), "DV02": (False, None, 37.5),
                              "DV31": (True, 50.0, 87.5), "DV32": (False, None, 25.0)})
    # The rate is still shown, marked as short of evidence.
    dv32 = frame.set_index("agency_id").loc["DV32"]
    assert agency_views.rate_cell(dv32, "attendance_rate", "vi") == "16,7% · 1/6 lượt · chưa đủ dữ liệu"
    # Two rates with evidence are needed: with three minimums out of reach only coverage is left.
    few = _run(con, "agency_scorecard_detail", **{**LOW_EVIDENCE, "min_evidence_attendance": 100,
                                                  "min_evidence_quota": 100, "min_evidence_on_time": 100})
    assert few["is_ranked"].sum() == 0 and few["review_group"].isna().all()


def test_min_officials_decides_who_is_ranked(con):
    # Every fixture agency has exactly 2 officials: ranked at min_officials 2, none at 3.
    ranked = _run(con, "agency_scorecard_detail", **{**LOW_EVIDENCE, "min_officials": 2})
    assert sorted(ranked.loc[ranked["is_ranked"], "agency_id"]) == ["DV02", "DV31", "DV32"]
    none = _run(con, "agency_scorecard_detail", **{**LOW_EVIDENCE, "min_officials": 3})
    assert not none["is_ranked"].any()


def test_coverage_counts_an_assignment_ending_on_the_first_day_and_one_starting_on_the_last(con):
    # CB0001's assignment (DV01, 99001) runs 2024-08-01 .. 2024-10-31; CB0002's (DV31, 99001 and
    # 99002) starts 2025-06-01. An assignment overlaps when assigned_from <= ref_date and
    # assigned_to >= the first day (edge rule 4): one day either way changes the communes assigned.
    def assigned(start, ref_date):
        frame = _run(con, "agency_scorecard_detail", start=start, ref_date=ref_date)
        return dict(_records(frame[frame["agency_id"].isin(["DV01", "DV31"])], ["agency_id", "communes_assigned"]))
    assert assigned(D("2024-10-31"), D("2025-05-31")) == {"DV01": 1, "DV31": 0}
    assert assigned(D("2024-11-01"), D("2025-05-31")) == {"DV01": 0, "DV31": 0}
    assert assigned(D("2024-11-01"), D("2025-06-01")) == {"DV01": 0, "DV31": 2}


def test_ties_share_the_better_rank_on_the_demo(demo):
    # The demo's default period has two agencies with equal scores (Sở Nội vụ and Sở Lao động ...
    # whichever they are, they share a rank and the next rank is skipped: 1, 2, 2, 4).
    frame = demo["agency_scorecard_detail"]
    ranked = frame[frame["is_ranked"]].sort_values("rank")
    scores = ranked["score"].tolist()
    ranks = ranked["rank"].tolist()
    for score, rank in zip(scores, ranks):
        assert rank == 1 + sum(1 for other in scores if other > score + 1e-9)
    tied = ranked[ranked.duplicated("rank", keep=False)]
    assert len(tied) >= 2, "the demo should hold a tie"
    tie_rank = int(tied["rank"].iloc[0])
    assert (ranked["rank"] == tie_rank + 1).sum() == 0 and (ranked["rank"] > tie_rank).any()


def test_agency_scorecard_matches_the_oracle_on_the_fixture(con):
    tables = oracle.load(FIXTURE_EXPORT)
    period = oracle.Period(D("2024-11-01"), D("2025-10-15"), D("2025-10-15"))
    participation = oracle.official_participation(tables, period)
    expected = oracle.agency_scorecard(tables, period, participation)
    actual = _run(con, "agency_scorecard").set_index("agency_id")
    for agency, row in expected.iterrows():
        for column in ("coverage_rate", "attendance_rate", "quota_rate", "on_time_rate", "score"):
            assert _close(_plain(actual.loc[agency, column]), _plain(row[column])), (agency, column)


def test_score_by_quarter_is_the_scorecard_of_each_window(con):
    quarters = _run(con, "agency_score_by_quarter")
    windows = sorted(set(_records(quarters, ["quarter_start", "window_start", "window_end"])))
    # Period 2024-11-01 .. 2025-10-15: Q4 2024 from November, ..., Q4 2025 to October 15.
    assert windows == [
        (D("2024-10-01"), D("2024-11-01"), D("2024-12-31")), (D("2025-01-01"), D("2025-01-01"), D("2025-03-31")),
        (D("2025-04-01"), D("2025-04-01"), D("2025-06-30")), (D("2025-07-01"), D("2025-07-01"), D("2025-09-30")),
        (D("2025-10-01"), D("2025-10-01"), D("2025-10-15"))]
    for quarter_start, window_start, window_end in windows:
        direct = _run(con, "agency_scorecard_detail", start=window_start, ref_date=window_end)
        part = quarters[pd.to_datetime(quarters["quarter_start"]).dt.date == quarter_start]
        assert set(direct["agency_id"]) == set(part["agency_id"])
        got = {row[0]: row[1:] for row in _records(part, ["agency_id", "coverage_rate", "attendance_rate",
                                                          "quota_rate", "on_time_rate", "score"])}
        for row in _records(direct, ["agency_id", "coverage_rate", "attendance_rate", "quota_rate", "on_time_rate",
                                     "score"]):
            assert all(_close(a, b) for a, b in zip(got[row[0]], row[1:])), (quarter_start, row)
    assert agency_views.quarter_label(D("2024-10-01"), D("2024-11-01"), D("2024-12-31")) == "Q4/2024 (11–12/2024)"
    assert agency_views.quarter_label(D("2025-01-01"), D("2025-01-01"), D("2025-03-31")) == "Q1/2025"
    assert agency_views.quarter_label(D("2025-10-01"), D("2025-10-01"), D("2025-10-15")) == "Q4/2025 (10/2025)"


def test_one_quarter_score_worked_by_hand(con):
    quarters = _run(con, "agency_score_by_quarter", **LOW_EVIDENCE)
    q2 = quarters[pd.to_datetime(quarters["quarter_start"]).dt.date == D("2025-04-01")].set_index("agency_id")
    # Q2/2025, window 2025-04-01 .. 2025-06-30, statuses on 2025-10-15, evidence minimums 1:
    # - DV31: coverage 1/2 (CB0002's 99001 and 99002 from 06-01; only BX0003 in 99002 held in the
    #   window, CB0002 present); attendance 1/1 (CB0002 at BX0003); quota 1/1 (June, required 1,
    #   BX0003 in one of its communes); on time: nothing forwarded in the window.
    # - DV32: CB0007's 99003 from 06-01, never visited -> coverage 0/1; CB0004 and CB0007 listed and
    #   absent at BX0003 -> attendance 0/2; quota June: required 2, attended 0 -> 0/1; YK0002 (04-22)
    #   forwarded to DV32, replied late -> on time 0/1.
    # - DV02 (99004 from 07-01) and DV01 (nothing) have no assignment overlapping the window.
    # Ranked: DV31 (3 rates with evidence) and DV32 (4).
    # Standings: coverage, attendance and quota DV31 100, DV32 0; on time DV32 alone -> 50.
    # Scores: DV31 (100 + 100 + 100 + 50) / 4 = 87.5 (its empty on-time rate counts 50);
    # DV32 (0 + 0 + 0 + 50) / 4 = 12.5. k = 1: DV31 commend, DV32 correct.
    assert (q2.loc["DV31", "window_start"].date(), q2.loc["DV31", "window_end"].date()) == (D("2025-04-01"), D("2025-06-30"))
    assert [_plain(q2.loc["DV31", c]) for c in ("coverage_rate", "attendance_rate", "quota_rate", "on_time_rate")] \
        == [0.5, 1.0, 1.0, None]
    assert [_plain(q2.loc["DV32", c]) for c in ("coverage_rate", "attendance_rate", "quota_rate", "on_time_rate")] \
        == [0.0, 0.0, 0.0, 0.0]
    assert math.isclose(q2.loc["DV31", "score"], 87.5) and math.isclose(q2.loc["DV32", "score"], 12.5)
    assert (q2.loc["DV31", "rank"], q2.loc["DV31", "review_group"]) == (1, "commend")
    assert (q2.loc["DV32", "rank"], q2.loc["DV32", "review_group"]) == (2, "correct")
    assert pd.isna(q2.loc["DV01", "score"]) and pd.isna(q2.loc["DV02", "score"])


def test_review_reasons_in_words(con):
    frame = _run(con, "agency_scorecard_detail", **LOW_EVIDENCE)
    reasons = agency_views.review_reasons(frame, "vi")
    assert set(reasons) == {"DV31", "DV32"}
    # Medians over the ranked agencies with evidence: coverage (0, 1, 0) -> 0; attendance (1/3, 1/6)
    # -> 0.25; quota (0, 0.75, 0) -> 0; on time (1, 1/3) -> 2/3. DV31 (commend) is above them all,
    # highest standing first (all 100: in rate order); DV32 (correct) is below on attendance and on
    # time (standing 0) and at the median on coverage and quota (not a reason).
    assert reasons["DV31"][0] == ("Bao phủ địa bàn 100,0% (2/2 xã): cao hơn trung vị các đơn vị được xếp hạng "
                                  "(0,0%); vị thế 100/100")
    assert [line.split(" ")[0] for line in reasons["DV31"]] == ["Bao", "Tỷ", "Tỷ", "Trả"]
    assert reasons["DV32"] == [
        "Tỷ lệ có mặt 16,7% (1/6 lượt): thấp hơn trung vị các đơn vị được xếp hạng (25,0%); vị thế 0/100",
        "Trả lời đúng hạn 33,3% (1/3 ý kiến): thấp hơn trung vị các đơn vị được xếp hạng (66,7%); vị thế 0/100",
    ]
    markdown = agency_views.group_markdown(frame, reasons, "correct", "vi")
    assert markdown.startswith("**3. UBND Xã Tân Phú** · điểm 12,5\n- Tỷ lệ có mặt 16,7%")
    # DV02 is ranked in the middle; with a higher attendance minimum its rates short of evidence are
    # named as such when it is in a group.
    alone = _run(con, "agency_scorecard_detail", **{**LOW_EVIDENCE, "group_share": 0.5})
    lines = agency_views.review_reasons(alone, "vi")
    assert "Tỷ lệ có mặt: chưa đủ dữ liệu (0/0 lượt), tính 50 điểm" in lines.get("DV02", []) or "DV02" not in lines
    assert "Trọng số: Bao phủ địa bàn × 1 · Tỷ lệ có mặt × 1 · Tỷ lệ đạt định mức × 1 · Trả lời đúng hạn × 1." in \
        agency_views.weights_line(_available(con)["settings"])


# ---------------------------------------------------------------- the demo province (acceptance)


@pytest.fixture(scope="module")
def demo(demo_export, demo_database):
    connection = duckdb.connect(str(demo_database), read_only=True)
    truth = json.loads((demo_export / "ground_truth.json").read_text(encoding="utf-8"))
    available = _available(connection)
    frames = {name: review.run_named(connection, name, available) for name in
              ("official_participation", "official_flags", "official_flag_evidence", "agency_scorecard",
               "agency_scorecard_detail")}
    yield {"con": connection, "truth": truth, "available": available, **frames}
    connection.close()


@pytest.fixture(scope="module")
def demo_oracle(demo_export, demo):
    tables = oracle.load(demo_export)
    available = demo["available"]
    period = oracle.Period(available["start"], available["ref_date"], available["as_of"])
    participation = oracle.official_participation(tables, period)
    return participation, oracle.agency_scorecard(tables, period, participation)


def test_demo_flags_precision_and_recall(demo):
    participation, flags = demo["official_participation"], demo["official_flags"]
    for flag in FLAGS:
        truth = set(demo["truth"]["flags"][flag])
        found = set(participation.loc[participation["flags"].map(lambda value: flag in value.split(";")),
                                      "official_id"])
        assert found == set(flags.loc[flags["flag"] == flag, "official_id"]), flag
        precision = len(found & truth) / len(found) if found else 0.0
        recall = len(found & truth) / len(truth)
        print(f"{flag:<22} found {len(found):>3}  planted {len(truth):>3}  precision {precision:.3f}  "
              f"recall {recall:.3f}")
        # The demo plants each flag exactly: every planted official is found and nobody else.
        assert found == truth, (flag, sorted(found - truth), sorted(truth - found))
        assert precision == 1.0 and recall == 1.0, flag


def test_demo_weak_agencies_land_in_the_group_to_correct(demo):
    scorecard = demo["agency_scorecard"]
    correct = list(scorecard.loc[scorecard["review_group"] == "correct", "agency_id"])
    commend = list(scorecard.loc[scorecard["review_group"] == "commend", "agency_id"])
    ranked = int(scorecard["rank"].notna().sum())
    print(f"ranked {ranked}, k = {max(1, int(0.2 * ranked))}; commend {commend}; correct {correct}; "
          f"planted weak {demo['truth']['weak_agencies']}")
    assert set(demo["truth"]["weak_agencies"]) <= set(correct)
    assert len(commend) == len(correct) == max(1, math.floor(0.2 * ranked))
    # Small agencies (fewer than 3 officials) get no standing, score, rank or group.
    small = scorecard[scorecard["agency_id"].isin(demo["truth"]["small_agencies"])]
    assert len(small) == 2 and small[["score", "rank", "review_group", "coverage_standing"]].isna().all().all()
    # No agency is commended or corrected on fewer than two rates with enough evidence, and each has
    # a reason naming a rate with evidence on its side of the median; a rate short of evidence is
    # never given as a merit.
    detail = demo["agency_scorecard_detail"].set_index("agency_id")
    reasons = agency_views.review_reasons(demo["agency_scorecard_detail"], "vi")
    for agency in correct + commend:
        assert int(detail.loc[agency, "rates_with_evidence"]) >= 2, agency
        side = "thấp hơn trung vị" if agency in correct else "cao hơn trung vị"
        assert any(side in line for line in reasons[agency]), (agency, reasons[agency])
        for line in reasons[agency]:
            assert "chưa đủ dữ liệu" not in line or "cao hơn" not in line, line
    # The group sizes as the page shows them: 38 ranked -> k = 7.
    assert ranked == 38 and len(correct) == 7


def test_demo_participation_matches_the_oracle(demo, demo_oracle):
    expected, _ = demo_oracle
    actual = demo["official_participation"].set_index("official_id")
    assert set(actual.index) == set(expected.index)
    # The oracle reads the four flags of "Flags on officials"; those of "Beyond the roster" are
    # checked against ground_truth.json in tests/test_beyond.py.
    beyond_codes = {"head_without_dialogue", "last_minute_quota"}
    actual = actual.assign(flags=actual["flags"].map(
        lambda value: ";".join(code for code in value.split(";") if code and code not in beyond_codes)))
    for column in ("listed", "present", "late", "absent", "excused", "months_counted", "months_met",
                   "feedback_recorded", "flags"):
        mismatched = (actual[column] != expected.loc[actual.index, column])
        assert not mismatched.any(), (column, actual[mismatched].head())
    for column in ("attendance_rate", "quota_rate"):
        for official, value in actual[column].items():
            assert _close(_plain(value), _plain(expected.loc[official, column])), (column, official)
    print(f"official_participation: {len(actual)} officials match the oracle")


def test_demo_scorecard_matches_the_oracle(demo, demo_oracle):
    _, expected = demo_oracle
    actual = demo["agency_scorecard"].set_index("agency_id")
    assert set(actual.index) == set(expected.index)
    for agency, row in expected.iterrows():
        for column in ("coverage_rate", "attendance_rate", "quota_rate", "on_time_rate", "score"):
            assert _close(_plain(actual.loc[agency, column]), _plain(row[column])), (agency, column)
        assert actual.loc[agency, "officials"] == row["officials"]
        assert actual.loc[agency, "held_items"] == row["held_items"]
        assert _plain(actual.loc[agency, "rank"]) == _plain(row["rank"]), agency
        assert _plain(actual.loc[agency, "review_group"]) == _plain(row["review_group"]), agency
    print(f"agency_scorecard: {len(actual)} agencies match the oracle")


def test_demo_evidence_backs_every_flag(demo):
    flags, evidence = demo["official_flags"], demo["official_flag_evidence"]
    participation = demo["official_participation"].set_index("official_id")
    for official_id, flag, count in _records(flags, ["official_id", "flag", "evidence_count"]):
        rows = evidence[(evidence["official_id"] == official_id) & (evidence["flag"] == flag)]
        if flag == "listed_never_present":
            assert len(rows) == count  # every non-excused listing was an absence
        elif flag == "rarely_present":
            assert len(rows) == participation.loc[official_id, "absent"]
        elif flag == "under_quota":
            assert rows["run_months"].max() == count
        elif flag == "head_without_dialogue":
            assert rows.loc[rows["evidence_type"] == "dialogue_month", "run_months"].max() == count
        elif flag == "last_minute_quota":
            assert (rows["evidence_type"] == "last_minute_month").sum() == count
        else:
            assert len(rows) == count
    # Section 6's evidence is absences only; the visits behind the flags of "Beyond the roster" are
    # the official's present visits.
    section_6 = evidence[~evidence["flag"].isin(["head_without_dialogue", "last_minute_quota"])]
    assert set(section_6["attendance_status"].dropna()) == {"absent"}
    assert set(flags["evidence_summary"].map(bool)) == {True}


# ---------------------------------------------------------------- the review workbook


def test_review_workbook_reads_back(demo):
    period_available = demo["available"]
    data = review.build_review(demo["con"], period_available, period_label="11/2025 – 10/2026",
                               as_of=period_available["as_of"], scope_label="Toàn tỉnh")
    book = openpyxl.load_workbook(io.BytesIO(data))
    scorecard = demo["agency_scorecard_detail"]
    assert book.sheetnames[:3] == ["Bảng điểm đơn vị", "Cán bộ có cảnh báo", "Căn cứ chi tiết"]
    assert book.sheetnames[-1] == "Ghi chú"
    agency_sheets = book.sheetnames[3:-1]
    assert len(agency_sheets) == len(set(demo["official_participation"]["agency_id"]))
    assert all(len(name) <= 31 for name in book.sheetnames)

    sheet = book["Bảng điểm đơn vị"]
    assert [cell.value for cell in sheet[1]] == [
        "Hạng", "Mã đơn vị", "Đơn vị", "Điểm", "Nhóm", "Số cán bộ", "Bao phủ địa bàn", "Vị thế bao phủ (0–100)",
        "Tỷ lệ có mặt", "Vị thế có mặt (0–100)", "Tỷ lệ đạt định mức", "Vị thế định mức (0–100)", "Trả lời đúng hạn",
        "Vị thế đúng hạn (0–100)", "Số tỷ lệ đủ dữ liệu", "Ý kiến chưa chuyển trong hạn", "Lý do"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:Q{len(scorecard) + 1}"
    first = scorecard.iloc[0]
    values = [cell.value for cell in sheet[2]]
    assert values[0] == 1 and values[1] == first["agency_id"]
    assert math.isclose(values[3], first["score"]) and math.isclose(values[8], first["attendance_rate"])
    assert math.isclose(values[9], first["attendance_standing"])
    assert values[4] == "Biểu dương"
    assert sheet.cell(row=2, column=9).number_format == "0.0%"
    assert sheet.cell(row=2, column=4).number_format == "0.0" and sheet.cell(row=2, column=10).number_format == "0.0"
    groups = [row[4].value for row in sheet.iter_rows(min_row=2)]
    assert groups.count("Cần chấn chỉnh") == int((scorecard["review_group"] == "correct").sum())
    # The reasons are those of the page: counts, the median, the standing.
    assert "trung vị các đơn vị được xếp hạng" in values[16] and "vị thế" in values[16]

    flagged = book["Cán bộ có cảnh báo"]
    assert [cell.value for cell in flagged[1]] == ["Mã cán bộ", "Họ và tên", "Đơn vị", "Cảnh báo", "Sự việc",
                                                   "Quy tắc", "Số căn cứ", "Căn cứ"]
    assert flagged.max_row - 1 == len(demo["official_flags"])
    assert all(isinstance(row[6].value, int) for row in flagged.iter_rows(min_row=2))
    evidence = book["Căn cứ chi tiết"]
    assert evidence.max_row - 1 == len(demo["official_flag_evidence"])
    assert isinstance(evidence.cell(row=2, column=6).value, dt.datetime)
    assert evidence.cell(row=2, column=6).number_format == "dd/mm/yyyy"

    agency = book[agency_sheets[0]]
    assert [cell.value for cell in agency[1]][:5] == ["Mã cán bộ", "Họ và tên", "Chức vụ", "Xã, phường phụ trách",
                                                      "Có tên"]
    assert agency.freeze_panes == "A2" and agency.auto_filter.ref
    assert agency.cell(row=2, column=10).number_format == "0.0%"
    counted = sum(book[name].max_row - 1 for name in agency_sheets)
    assert counted == len(demo["official_participation"])
    notes = {row[0].value: row[1].value for row in book["Ghi chú"].iter_rows(min_row=2)}
    assert notes["Số liệu đến ngày"] == "31/10/2026" and notes["Phạm vi"] == "Toàn tỉnh"
    print(f"review workbook: {len(book.sheetnames)} sheets, {len(data) // 1024} KB")


def test_review_workbook_neutralises_formula_like_names(modified):
    available = _available(modified)
    data = review.build_review(modified, available, period_label="11/2024 – 10/2025", as_of=available["as_of"],
                               scope_label="Toàn tỉnh")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[next(name for name in book.sheetnames if name.startswith("DV01"))]
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert "'=1+2" in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # Sheet names: none of []:*?/\, at most 31 characters, unique.
    assert review.sheet_name("DV99 Sở [Tài chính]: kế hoạch/2025 và các việc khác", set()) == \
        "DV99 Sở Tài chính kế hoạch 2025"
    assert review.sheet_name("Ghi chú", {"ghi chú"}) == "Ghi chú (2)"


# ---------------------------------------------------------------- pages (AppTest)


def _table(app, *columns: str) -> pd.DataFrame:
    """The first table on the page with these columns (non-selectable tables expose no key to AppTest)."""
    return next(frame.value for frame in app.dataframe if set(columns) <= set(frame.value.columns))


@pytest.fixture()
def app(fixture_config, monkeypatch):
    monkeypatch.setenv("OUTREACH_CONFIG", str(fixture_config))
    from outreach.ui import results
    results.settings.clear()
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def test_officials_page_on_the_fixture(app):
    app.run()
    app.switch_page("pages/3_can_bo.py").run()
    assert not app.exception
    assert app.title[0].value == "Cán bộ"
    shown = [(metric.label, metric.value) for metric in cards(app)[:6]]
    assert shown == [("Cán bộ trong phạm vi", "8"), ("Cán bộ có cảnh báo", "4"), ("Có tên nhưng không có mặt", "1"),
                     ("Ít khi có mặt", "1"), ("Chưa đạt định mức", "1"), ("Ý kiến chưa chuyển", "1")]
    officials = _table(app, "official_id", "flag_labels")
    assert len(officials) == 8 and list(officials["official_id"])[:5] == ["CB0003", "CB0005", "CB0002", "CB0008",
                                                                         "CB0006"]
    assert [tab.label for tab in app.tabs] == ["Danh sách cán bộ", "Cảnh báo và căn cứ", "Định mức theo tháng",
                                               "Dấu hiệu hình thức", "Hồ sơ một cán bộ"]
    # Only the open section is computed: the flags' table is not drawn with the list.
    with pytest.raises(StopIteration):
        _table(app, "headline")
    # Search without accents; the record's choice of official follows the list.
    app.text_input(key="official_search").input("nguyen van an").run()
    assert not app.exception
    assert list(_table(app, "official_id", "flag_labels")["full_name"]) == ["Nguyễn Văn An"]
    open_tab(app, "officials_tab", "Hồ sơ một cán bộ")
    assert app.selectbox(key="official_detail").value == "CB0001"
    open_tab(app, "officials_tab", "Danh sách cán bộ")
    app.text_input(key="official_search").input("").run()
    app.selectbox(key="official_flag").set_value("listed_never_present").run()
    assert list(_table(app, "official_id", "flag_labels")["official_id"]) == ["CB0003"]
    # The evidence of the chosen official: rule, facts and the visits.
    open_tab(app, "officials_tab", "Cảnh báo và căn cứ")
    assert len(_table(app, "headline")) == 5
    app.selectbox(key="evidence_official").set_value("CB0003").run()
    assert not app.exception
    assert any("Có tên trong danh sách 3 buổi, không có mặt buổi nào" in block.value for block in app.markdown)
    assert len(_table(app, "visit_id", "attendance_status", "lead_agency_name")) == 3
    texts = " ".join(element.value for element in app.caption)
    assert "Quy tắc: Có tên trong danh sách ít nhất 3 buổi" in texts
    app.session_state["definitions_box"] = True  # the definitions are sent once opened
    app.run()
    assert "official_participation.sql" in " ".join(block.value for block in app.markdown)


def test_officials_page_paginates_and_switches_to_english(app):
    app.run()
    app.switch_page("pages/3_can_bo.py").run()
    app.selectbox(key="official_page_size").set_value(25).run()
    assert app.session_state["official_page"] == 1
    assert not app.number_input  # one page of 8 officials: no page box
    app.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Officials"
    assert cards(app)[1].label == "Officials flagged"


def test_agencies_page_on_the_fixture(app):
    app.run()
    app.switch_page("pages/4_don_vi.py").run()
    assert not app.exception
    assert app.title[0].value == "Đơn vị"
    table = _table(app, "review_group_label")
    assert len(table) == 4 and set(table["agency_name"]) == {"Ban Dân vận Tỉnh ủy", "Sở Nông nghiệp và Môi trường",
                                                             "UBND Phường Bình An", "UBND Xã Tân Phú"}
    assert table["rank"].isna().all()
    assert any("Chưa có đơn vị nào được xếp hạng" in block.value for block in app.markdown)
    assert any(caption.value.startswith("Trọng số: Bao phủ địa bàn × 1") for caption in app.caption)
    app.session_state["definitions_box"] = True  # the definitions are sent once opened
    app.run()
    assert any("agency_score_by_quarter.sql" in block.value for block in app.markdown)


def test_both_pages_on_the_demo_province(demo_database, demo, tmp_path, monkeypatch):
    config = write_config(tmp_path, demo_database)
    monkeypatch.setenv("OUTREACH_CONFIG", str(config))
    from outreach.ui import results
    results.settings.clear()
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.run()
    app.switch_page("pages/3_can_bo.py").run()
    assert not app.exception
    # "Cán bộ có cảnh báo" counts the four flags of "Flags on officials", as the overview does.
    section_6 = {"listed_never_present", "rarely_present", "under_quota", "holding_information"}
    flagged = sum(bool(set(value.split(";")) & section_6) for value in demo["official_participation"]["flags"])
    assert cards(app)[1].value == f"{flagged:,}".replace(",", ".")
    assert len(_table(app, "official_id", "flag_labels")) == 50
    assert app.number_input(key="official_page").value == 1
    app.switch_page("pages/4_don_vi.py").run()
    assert not app.exception
    correct = demo["agency_scorecard"]
    names = correct.loc[correct["review_group"] == "correct", "agency_name"]
    text = " ".join(block.value for block in app.markdown)
    assert all(name in text for name in names)
    assert len(_table(app, "review_group_label")) == len(correct)


# ---------------------------------------------------------------- national-size lists (cut, with a note)


def _ranked(count: int) -> pd.DataFrame:
    share = count // 5
    groups = ["commend"] * share + [None] * (count - 2 * share) + ["correct"] * share
    return pd.DataFrame({"agency_id": [f"DV{i:05d}" for i in range(1, count + 1)],
                         "agency_name": [f"Đơn vị {i}" for i in range(1, count + 1)],
                         "rank": range(1, count + 1), "score": [100 - i / count for i in range(count)],
                         "review_group": groups})


def test_long_review_groups_list_their_ends_and_say_how_many_more():
    frame = _ranked(200)                      # 40 in each group
    commend = agency_views.group_markdown(frame, {}, "commend", "vi", limit=10)
    correct = agency_views.group_markdown(frame, {}, "correct", "vi", limit=10)
    assert commend.startswith("**1. Đơn vị 1**") and "**10. Đơn vị 10**" in commend and "**11." not in commend
    assert "**161. " not in correct and "**191. Đơn vị 191**" in correct and correct.count("**") == 20
    for text in (commend, correct):
        assert text.endswith("… và 30 đơn vị khác trong nhóm (40 đơn vị). Danh sách đủ kèm lý do ở bảng điểm bên "
                             "dưới và trong sổ tổng hợp (Excel).")
    # A short group is listed whole, with no note.
    short = agency_views.group_markdown(_ranked(20), {}, "correct", "vi", limit=10)
    assert short.count("**") == 8 and "khác trong nhóm" not in short


def test_heatmap_draws_the_best_and_worst_ranked_when_there_are_many():
    order = [f"DV{i}" for i in range(100)]
    drawn, top, bottom = agency_views.heatmap_rows(order, limit=40)
    assert (top, bottom) == (20, 20) and drawn == order[:20] + order[-20:]
    assert agency_views.heatmap_rows(order[:40], limit=40) == (order[:40], 0, 0)
    assert agency_views.trend_defaults(_ranked(200), None) == [f"DV{i:05d}" for i in range(196, 201)]
    assert agency_views.trend_defaults(_ranked(200), "DV00007") == ["DV00007"]


def test_choice_lists_are_cut_but_keep_the_linked_official():
    ids = [f"CB{i:06d}" for i in range(5000)]
    options, total = column_views.capped_options(ids, limit=1000)
    assert options == ids[:1000] and total == 5000
    options, _ = column_views.capped_options(ids, keep="CB004321", limit=1000)
    assert options[-1] == "CB004321" and len(options) == 1001
    assert column_views.capped_options(ids, keep="nobody", limit=1000)[0] == ids[:1000]
    assert column_views.options_caption(1000, 5000, "vi") == (
        "Danh sách chọn gồm 1.000 cán bộ đầu tiên trong 5.000; gõ tên hoặc mã vào ô tìm kiếm ở tab Danh sách cán bộ "
        "để thu hẹp.")
    assert column_views.options_caption(30, 30, "vi") is None


def test_a_phones_heatmap_has_short_names_and_no_cell_text():
    import datetime as dt

    from outreach.views import officials as views

    assert views.short_name("Nguyễn Thị Ngọc Hà") == "Nguyễn T. N. Hà" and views.short_name("Lê Tám") == "Lê Tám"
    people = pd.DataFrame({"official_id": ["CB001", "CB002"], "full_name": ["Nguyễn Văn An", "Nguyễn Văn An"]})
    months = [dt.date(2025, 1, 1), dt.date(2025, 2, 1)]
    quota = pd.DataFrame({"official_id": ["CB001", "CB001", "CB002", "CB002"], "month_start": months * 2,
                          "required": [2, 2, 2, 0], "attended": [2, 1, 0, 0], "is_counted": [True, True, True, False],
                          "is_met": [True, False, False, None]})
    wide = views.quota_heatmap(quota, people, months, "vi")
    small = views.quota_heatmap(quota, people, months, "vi", compact=True)
    assert list(wide.data[0].y) == ["Nguyễn Văn An (CB001)", "Nguyễn Văn An (CB002)"]
    # Two officials of one name stay apart on the phone too.
    assert list(small.data[0].y) == ["Nguyễn V. An (001)", "Nguyễn V. An (002)"]
    assert wide.data[0].texttemplate == "%{text}" and small.data[0].texttemplate == ""
    assert list(small.data[0].x) == ["01/25", "02/25"] and small.layout.font.size < 14
