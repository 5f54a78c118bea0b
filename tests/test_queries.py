"""Every named query runs with default parameters and gives its hand-worked row count and key value on
the fixture; the runner checks parameters."""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import pandas as pd
import pytest

from outreach.query import db
from outreach.config import load_settings
from outreach.query.periods import resolve_period
from support import _plain


@pytest.fixture(scope="module")
def scope(con):
    as_of, _ = db.data_as_of(con)
    return db.Scope(period=resolve_period(data_as_of=as_of))


def test_there_are_queries():
    names = db.query_names()
    assert {"overview_kpis", "monthly_trend", "data_as_of"} <= set(names)


# Parameters a page fills from a selection, not from the sidebar scope: a sample value for each.
SELECTION_SAMPLES = {
    "selected_commune": "select min(commune_code) from communes",
    "selected_official": "select min(official_id) from officials",
    "official_id": "select min(official_id) from officials",
    "selected_agency": "select min(agency_id) from agencies",
    "agency_id": "select min(agency_id) from agencies",
}


def selection_values(con, name: str) -> dict:
    wanted = db.load_query(name).parameters - set(db.Scope(period=None).available_names())
    unknown = wanted - set(SELECTION_SAMPLES)
    assert not unknown, f"{name}: add a sample for {unknown} to SELECTION_SAMPLES"
    return {key: con.execute(SELECTION_SAMPLES[key]).fetchone()[0] for key in wanted}


# What each query gives on the fixture (tests/fixtures/export; its story is in the docstring of
# tests/test_metrics.py) with the default scope: period 2024-11-01 .. 2025-10-15 (= as_of, the
# reply of YK0011), default settings, and the SELECTION_SAMPLES (selected_commune 99001,
# official_id empty = every official).
#
# name -> (rows, key, values): the exact row count, and `values` in the one row whose columns
# equal `key` ({} for a one-row result; None when there is no row). Every value was worked out by
# hand from the CSVs, with the arithmetic in the comment; "(test_x)" marks one also pinned there.
# All but the boundary, import-problem, overlap and commune list/shape values (read straight off
# the files) were then cross-checked by recomputing them from the CSVs in pandas with
# tests/oracle.py (its readers, calendar, scorecard and KPIs), not by reading the queries' output.
# Working days: 15 after Tue 2025-07-01 are Jul 2-4, 7-11, 14-18, 21-22 -> due 2025-07-22.
EXPECTED = {
    # agencies.csv: 4 rows; DV32 UBND Xã Tân Phú is commune level.
    "agency_list": (4, {"agency_id": "DV32"}, {"agency_name": "UBND Xã Tân Phú", "level": "xa"}),
    # 4 agencies x 5 quarters (Q4/2024 from Nov 1, ..., Q4/2025 to Oct 15). DV32 (CB0004, CB0007)
    # in Oct 1-15: 99003 assigned (CB0007 from 08-15), not visited -> coverage 0/1; BX0009 CB0004
    # late, CB0007 absent -> attendance 1/2; no month ended -> quota empty; YK0011 forwarded to
    # DV32, replied 10-15 before its due date -> on time 1/1. Too few officials and rows to rank -> no score.
    "agency_score_by_quarter": (20, {"agency_id": "DV32", "quarter_start": dt.date(2025, 10, 1)},
                                {"coverage_rate": 0.0, "attendance_rate": 0.5, "quota_rate": None,
                                 "on_time_rate": 1.0, "score": None, "rank": None, "review_group": None}),
    # DV01: attendance (3 + 2) / (3 + 5), YK0004 on time, YK0005 late -> 1/2 (test_people
    # FIXTURE_RATES); 2 officials < min_officials 3 and no rate with enough evidence -> no standing,
    # score or rank.
    "agency_scorecard": (4, {"agency_id": "DV01"}, {"attendance_rate": 0.625, "on_time_rate": 0.5,
                                                    "attendance_standing": None, "score": None, "rank": None,
                                                    "held_items": 1}),
    # DV32 received YK0002, YK0006, YK0008, YK0011; replied or overdue: YK0002 (late), YK0011 (on
    # time), YK0006 (overdue) = 3, YK0008 is due on as_of itself (not overdue).
    "agency_scorecard_detail": (4, {"agency_id": "DV32"},
                                {"items_forwarded": 4, "replied_or_overdue": 3, "replied_on_time": 1}),
    # No held visit for more than 60 days: 99003 (last BX0012 2024-05-15: 365 + 153 = 518 days
    # to 2025-10-15) and 99004 (never). 99001 (09-09, 36 days) and 99002 (10-14, 1 day) are not.
    "blind_spots": (2, {"commune_code": "99003"}, {"days_since_last_visit": 518, "visits_held": 0}),
    # The 4 features of boundaries.geojson carry the 4 commune codes: no problem to report.
    "boundary_report": (0, None, None),
    "boundary_summary": (1, {}, {"polygons": 4, "match_method": "code", "code_column": "commune_code"}),
    # 99001: BX0001, 02, 04, 05, 06, 08 held in the period -> 6; 6 / 24310 x 1000.
    "commune_coverage": (4, {"commune_code": "99001"}, {"visits_held": 6, "visits_per_1000": 6 / 24.31}),
    # 99001 received YK0001, 04, 05, 07, 09, 10 in the period (YK0013, 14 before it). YK0005:
    # 07-01 -> replied 07-25 = 24 days, due 07-22 -> late.
    "commune_feedback": (6, {"feedback_id": "YK0005"}, {"days_to_reply": 24, "on_time": False}),
    # Khu phố 1 (99001-01): BX0001, BX0004, BX0006.
    "commune_hamlets": (3, {"hamlet_id": "99001-01"}, {"visits_held": 3}),
    "commune_list": (4, {"commune_code": "99004"}, {"commune_name": "Đặc khu Hòn Mây"}),
    # 99001: hamlets 01 and 02 visited, 03 not -> 2/3.
    "commune_map": (4, {"commune_code": "99001"}, {"hamlets_visited_share": 2 / 3, "is_covered": True}),
    # Only CB0002 is assigned to 99001 in the period (CB0001's assignment ended 2024-10-31);
    # listed at BX0002 absent, BX0004 late, BX0005 absent, BX0008 absent -> 4 listed, 1 present.
    "commune_officials": (1, {"official_id": "CB0002"}, {"listed": 4, "present": 1, "absent": 3}),
    "commune_shapes": (4, {"commune_code": "99003"}, {"match_method": "code"}),
    # BX0004: CB0001 present, CB0002 late, CB0005 absent -> 3 listed, 2 present.
    "commune_visits": (6, {"visit_id": "BX0004"}, {"officials_listed": 3, "officials_present": 2}),
    # Nov 2024 .. Oct 2025. July: BX0004, 05, 06 are all in 99001 -> 1 commune of 4.
    "coverage_by_month": (12, {"month": dt.date(2025, 7, 1)}, {"communes_covered": 1, "covered_share": 0.25}),
    # as_of: YK0011's reply 2025-10-15; first month: BX0012 (2024-05-15).
    "data_as_of": (1, {}, {"as_of": dt.date(2025, 10, 15), "first_month": dt.date(2024, 5, 1)}),
    # visits.csv: 14 rows; latest held BX0009 2025-10-14 (BX0011 on 11-05 is only planned).
    "data_freshness": (8, {"table_name": "visits"}, {"rows_loaded": 14, "latest_date": dt.date(2025, 10, 14)}),
    # Open on as_of: DV32 YK0006 (72 days, overdue), YK0008 (25); not forwarded YK0007 (44,
    # overdue), YK0009 (14), YK0010 (5) -> 2 agencies x 5 buckets.
    "feedback_backlog": (10, {"agency_id": "DV32", "age_bucket": ">60"}, {"open": 1, "overdue": 1}),
    # As agency_scorecard_detail: DV32 1 on time of 3; YK0006 and YK0008 still open.
    "feedback_by_agency": (4, {"agency_id": "DV32"}, {"forwarded": 4, "open": 2, "on_time_rate": 1 / 3}),
    # Groups: forwarded_to DV31, DV32, DV01, none (4); topics (7); communes 99001, 99002, 99003 (3);
    # channels hotline, letter, visit, online, dialogue (5) -> 19. Hotline: YK0001, 05, 07, 09, of
    # which held YK0005 (forwarded day 8), YK0007 and YK0009 (never forwarded).
    "feedback_by_dimension": (19, {"dimension": "channel", "group_key": "hotline"},
                              {"items": 4, "held_information": 3}),
    # The 12 items received in the period; unrestricted -> names shown.
    "feedback_contacts": (12, {"feedback_id": "YK0001"}, {"citizen_name": "Lê Văn Tám",
                                                          "citizen_phone": "0912345678"}),
    # 3 routes x 4 statuses. Forwarded and replied late: YK0002 (due 05-15, replied 05-16), YK0005.
    "feedback_flow": (12, {"route": "forwarded", "status": "replied_late"}, {"items": 2, "held_information": 1}),
    # Held: YK0005, YK0007 (CB0008, DV02), YK0009 (CB0001, DV01), YK0012 (no recorder).
    # CB0008 recorded YK0004, 05, 07 -> 3.
    "feedback_held_by_agency": (3, {"agency_id": "DV02"}, {"items_recorded": 3, "held_items": 2}),
    "feedback_held_by_official": (3, {"official_id": "CB0008"}, {"held_items": 2, "is_flagged": True}),
    # YK0005: received 07-01, forwarded 07-09 -> 8 days.
    "feedback_held_items": (4, {"feedback_id": "YK0005"}, {"days_to_forward": 8}),
    # YK0001: 15 working days after Mon 2025-01-20 across Tết (Jan 27-31 off) -> 2025-02-17, replied
    # that day (test_metrics).
    "feedback_items": (12, {"feedback_id": "YK0001"},
                       {"due_effective": dt.date(2025, 2, 17), "working_days_to_reply": 15, "on_time": True}),
    # Distinct times 0, 5, 9, 14, 17, 24, 25, 28, 44, 72. S: 11/12 at 0, x 9/10 at 9 = 0.825,
    # x 6/8 at 17 (YK0004, YK0012 of 8 at risk) = 0.61875 (test_metrics).
    "feedback_km_curve": (10, {"days": 17}, {"at_risk": 8, "replied": 2, "survival": 0.61875}),
    # July: YK0004 on time, YK0005 late.
    "feedback_monthly": (12, {"month": dt.date(2025, 7, 1)}, {"received": 2, "replied": 2, "on_time_rate": 0.5}),
    # YK0006: working days Aug 5 .. Oct 15 = 50, due 08-25 -> 51 days overdue (test_feedback).
    "feedback_open_items": (5, {"feedback_id": "YK0006"}, {"working_days_open": 50, "days_overdue": 51}),
    # On time YK0001, 03, 04, 11, 12 (5); late YK0002, 05; open overdue YK0006, 07 -> 5 / 9.
    "feedback_summary": (1, {}, {"received": 12, "open": 5, "held_information": 4, "on_time_rate": 5 / 9}),
    "import_files": (8, {"file": "attendance.csv"}, {"rows_read": 32, "rows_loaded": 32, "rows_rejected": 0}),
    # Province 99 is not in the 2025 national list: one warning for the province, on its first commune.
    "import_problem_summary": (1, {}, {"reason": "national_code_unknown", "problems": 1, "outcome": "warning"}),
    "import_problems": (1, {"row": 2}, {"value": "99001", "reason": "national_code_unknown"}),
    "import_summary": (8, {"table_name": "visits"}, {"rows_read": 14, "rows_loaded": 14,
                                                     "as_of": dt.date(2025, 10, 15)}),
    # November 2024: no visit, no item received, but YK0013 (received 2024-10-21) replied 11-05.
    "monthly_trend": (12, {"month": dt.date(2024, 11, 1)}, {"held_visits": 0, "feedback_received": 0, "replied": 1}),
    # Attendance rows of the 9 held visits: 3 + 3 + 3 + 3 + 2 + 3 + 3 + 3 + 3 = 26; CB0007 walked in at BX0006.
    "official_detail_visits": (26, {"official_id": "CB0007", "visit_id": "BX0006"},
                               {"listed": False, "is_present": True}),
    # CB0008 in July: YK0004 (forwarded day 7, in time) and YK0005 (day 8, held).
    "official_feedback_months": (10, {"official_id": "CB0008", "month_start": dt.date(2025, 7, 1)},
                                 {"recorded": 2, "forwarded": 2, "held_information": 1}),
    # CB0003 3 absences, CB0005 3 absences, CB0006 3 months, CB0008 2 items -> 11; and the head CB0002
    # without a dialogue from November to September: 11 months and his 3 other visits in them -> 25.
    "official_flag_evidence": (25, {"official_id": "CB0006", "evidence_id": "2025-09"},
                               {"required": 1, "attended": 0, "run_months": 3}),
    # CB0005 listed at BX0001, 02, 04, 06, 08: 5 counted, 2 present (0.4); CB0002 head_without_dialogue.
    "official_flags": (5, {"official_id": "CB0005"}, {"flag": "rarely_present", "evidence_count": 5}),
    # CB0002: 3 of 6 (test_people); quota Jun, Jul, Aug met, Sep not.
    "official_participation": (8, {"official_id": "CB0002"}, {"attendance_rate": 0.5, "quota_rate": 0.75}),
    # CB0002: 99001 (1 a month) and 99002 (0 a month) from 2025-06-01.
    "official_profile": (8, {"official_id": "CB0002"}, {"communes_assigned": 2, "required_per_month_at_end": 1}),
    # Whole assigned months to September: CB0002 Jun-Sep (4), CB0006 Jul-Sep (3), CB0007 Jun, Jul,
    # Sep (3; August starts on the 15th) = 10.
    "official_quota_months": (10, {"official_id": "CB0007", "month_start": dt.date(2025, 9, 1)},
                              {"required": 2, "attended": 0, "is_met": False}),
    # BX0004 (DV01, 07-08) and BX0005 (DV31, 07-14), 6 days apart, same normalised topic.
    # The head CB0002 (DV31) attended no dialogue (BX0002 was one, he was not there).
    "agency_head_dialogues": (1, {"agency_id": "DV31"}, {"heads": 1, "dialogues_held": 0, "heads_without_dialogue": 1}),
    # Every held visit has citizens counted: none empty.
    "empty_visits": (0, None, {}),
    "empty_visits_by_agency": (4, {"lead_agency_id": "DV01"}, {"visits_held": 3, "empty_visits": 0, "empty_share": 0.0}),
    "empty_visits_by_commune": (2, {"commune_code": "99001"}, {"visits_held": 6, "empty_visits": 0}),
    # Non-visit items with a topic: 99001 has 6, none with a visit item on its topic in the 30 days before.
    "heard_elsewhere_by_commune": (4, {"commune_code": "99001"}, {"non_visit_items": 6, "heard_elsewhere_first": 6,
                                                                   "heard_elsewhere_share": 1.0}),
    # CB0002 assigned to 99001 and 99002 from June: 7 of the items after that.
    "heard_elsewhere_by_official": (1, {"official_id": "CB0002"}, {"heard_elsewhere_first": 7, "communes": 2}),
    # YK0007 (hotline, Trật tự đô thị, 2025-09-01): the last visit item on the topic is YK0014, 356 days before.
    "heard_elsewhere_first": (10, {"feedback_id": "YK0007"}, {"last_visit_item_id": "YK0014",
                                                              "days_after_visit_item": 356}),
    # The sample official CB0001 was assigned to no commune on the date of such an item (CB0002's 7:
    # tests/test_beyond.py).
    "heard_elsewhere_for_official": (0, None, {}),
    # Nobody was present in 3 communes on one day.
    "multi_commune_presence": (0, None, {}),
    "overlap_groups": (1, {"commune_code": "99001", "agency_a": "DV01", "agency_b": "DV31"},
                       {"overlap_pairs": 1, "topics": "Giải phóng mặt bằng"}),
    "overlap_pairs_detail": (1, {"visit_id_1": "BX0004"}, {"visit_id_2": "BX0005", "days_apart": 6}),
    # 9 listed and present of 23 listed not excused; 3 of 10 quota months met (test_metrics).
    "overview_kpis": (1, {}, {"held_visits": 9, "attendance_rate": 9 / 23, "quota_met_share": 0.3,
                              "officials_flagged": 4}),
    "visit_overlaps": (1, {"visit_id_1": "BX0004"}, {"visit_id_2": "BX0005", "lead_agency_1": "DV01",
                                                    "lead_agency_2": "DV31", "days_apart": 6}),
}


def _same(got, want) -> bool:
    if want is None or got is None:
        return got is None and want is None
    if isinstance(want, float):
        return isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)
    return got == want


def test_every_query_has_an_expectation_and_no_expectation_is_stale():
    assert sorted(set(db.query_names()) - set(EXPECTED)) == [], "add the new queries to EXPECTED"
    assert sorted(set(EXPECTED) - set(db.query_names())) == [], "EXPECTED names queries that do not exist"


@pytest.mark.parametrize("name", db.query_names())
def test_every_query_runs_with_default_parameters(con, scope, name):
    assert name in EXPECTED, f"{name}: add its row count and a key value on the fixture to EXPECTED"
    rows, key, values = EXPECTED[name]
    frame = db.run_scoped(con, name, scope, load_settings(), **selection_values(con, name))
    assert len(frame.columns) > 0
    assert len(frame) == rows, (name, len(frame))
    if key is None:
        return
    mask = pd.Series(True, index=frame.index)
    for column, value in key.items():
        mask &= frame[column].map(_plain) == value
    assert int(mask.sum()) == 1, (name, key, int(mask.sum()))
    row = {column: _plain(value) for column, value in frame[mask].iloc[0].items()}
    problems = [f"{column}: expected {want!r}, got {row[column]!r}" for column, want in values.items()
                if not _same(row[column], want)]
    assert not problems, (name, key, problems)


@pytest.mark.parametrize("name", db.query_names())
def test_every_query_has_a_header_naming_grain_and_parameters(name):
    query = db.load_query(name)
    first_lines = query.sql.splitlines()[:8]
    assert first_lines[0].startswith("-- One row"), f"{name}: the header must start with the grain"
    assert any("params:" in line for line in first_lines), f"{name}: the header must list the parameters"
    assert "select * from final" in query.sql, f"{name}: must end with select * from final"


def test_runner_rejects_missing_and_extra_parameters(con, scope):
    params = scope.params_for("monthly_trend", load_settings())
    missing = dict(params)
    del missing["start"]
    with pytest.raises(db.QueryError, match=r"missing \$start"):
        db.run_query(con, "monthly_trend", missing)
    with pytest.raises(db.QueryError, match=r"unexpected \$bogus"):
        db.run_query(con, "monthly_trend", {**params, "bogus": 1})


def test_runner_refuses_unknown_query_names(con):
    with pytest.raises(db.QueryError, match="unknown query"):
        db.run_query(con, "../ingest", {})


def test_parameters_in_comments_and_strings_are_not_parameters():
    query = db.load_query("overview_kpis")
    assert "settings" in query.parameters
    assert all(not name.startswith("p_") for name in query.parameters)


def test_monthly_trend_has_one_row_per_month(con, scope):
    frame = db.run_scoped(con, "monthly_trend", scope, load_settings())
    assert len(frame) == scope.period.months
    assert frame["month"].is_monotonic_increasing


@pytest.fixture(scope="module")
def demo_con(demo_database):
    connection = duckdb.connect(str(demo_database), read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("which", ["fixture", "demo"])
def test_results_convert_exactly_as_duckdbs_own_dataframes(con, demo_con, which):
    # The runner converts results through Arrow (db.frame_of): the same values and dtypes as
    # DuckDB's .df() (nullable Int64 and boolean where a column has nulls, datetime64[us] dates,
    # float64 sums, string text, object for an all-empty text column), for every query, on a
    # period with data and on one with none.
    connection = con if which == "fixture" else demo_con
    as_of, _ = db.data_as_of(connection)
    settings = load_settings()
    scopes = {"default": db.Scope(period=resolve_period(data_as_of=as_of)),
              "no data": db.Scope(period=resolve_period(data_as_of=as_of, start="2001-01", end="2001-03"))}
    seen = set()
    for label, scope in scopes.items():
        for name in db.query_names():
            params = scope.params_for(name, settings, selection_values(connection, name))
            if "show_personal" in params:
                params["show_personal"] = True
            want = connection.execute(db.load_query(name).sql, params or None).df()
            got = db.run_query(connection, name, params)
            pd.testing.assert_frame_equal(got, want, check_dtype=True, obj=f"{name}, {label}")
            seen |= {str(dtype) for dtype in got.dtypes}
    # The cases that need care occurred.
    assert {"Int64", "datetime64[us]", "str", "float64", "int64", "bool"} <= seen, seen
