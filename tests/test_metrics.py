"""Metric tests on the hand-made fixture export (tests/fixtures/export).

Every expected value below was worked out by hand from the fixture CSVs, with the arithmetic in
the comments; none is computed by re-running SQL. The oracle is /work/shared/docs/metrics.md (and the
project's docs/metrics.md for the choices it documents, e.g. filters and the monthly trend).

The fixture's story (province "Tỉnh Sông Mây", code 99):

Communes      99001 Phường Bình An (pop 24310, 3 hamlets), visited 6 times in the period
              99002 Xã Tân Phú (population missing -> visits_per_1000 empty), visited 3 times
              99003 Xã Phước Hòa, visited only before the period (BX0012, 2024-05-15)
              99004 Đặc khu Hòn Mây, never visited (only a cancelled visit BX0010)
Agencies      DV01 Ban Dân vận Tỉnh ủy, DV02 Sở Nông nghiệp và Môi trường (provincial),
              DV31 UBND Phường Bình An, DV32 UBND Xã Tân Phú (commune level)
Officials     CB0001 Nguyễn Văn An (DV01)   steady attender; prev-period quota; 1 held item (no flag)
              CB0002 Trần Thị Bình (DV31)   quota with a 0-required commune; one late arrival;
                                             attendance exactly 3/6 = 0.5 (not rarely_present)
              CB0003 Lê Văn Cường (DV31)    listed 3x absent + 1 excused -> listed_never_present
              CB0004 Phạm Thị Dung (DV32)   3 listings, one late -> NOT listed_never_present
              CB0005 Hoàng Văn Em (DV01)    5 listed, 2 present (0.4) -> rarely_present
              CB0006 Đặng Văn Hải (DV02)    3 unmet counted months -> under_quota; only excused
                                             (attendance_rate empty); "present" at a cancelled visit
              CB0007 Võ Thị Hạnh (DV32)     3x listed absent + a walk-in -> not never-present;
                                             unmet run broken by a mid-month assignment start
              CB0008 Bùi Văn Khánh (DV02)   records the 7-day item (in time) and two held items
                                             -> holding_information
Visits        BX0001..BX0009 held in the period, BX0010 cancelled, BX0011 planned after as_of,
              BX0012..BX0014 held in the previous period. BX0004 (DV01, 07-08) and BX0005 (DV31,
              07-14, "  giải phóng  MẶT bằng ") overlap; BX0006 ("Giai phong mat bang", DV31,
              07-16) is 2 days from BX0005 but same agency and 8 days from BX0004: no overlap.
Feedback      YK0001 Tết deadline, replied on its computed due date; YK0002 make-up Saturday
              deadline, replied one working day late; YK0003 handled on the spot, no reply date;
              YK0004 forwarded on day 7 (in time); YK0005 forwarded on day 8 (held); YK0006 open
              overdue; YK0007 received on a holiday, never forwarded (held, overdue); YK0008 open
              and due on as_of itself (not overdue); YK0009 open, not yet due, held; YK0010 too
              recent to be held; YK0011 replied on as_of (it sets as_of); YK0012 held with no
              recorder; YK0013..YK0015 received in the previous period.

as_of = 2025-10-15 (YK0011's reply), default period 2024-11-01 .. 2025-10-15 (ref_date = as_of),
previous period 2023-11-01 .. 2024-10-31.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import random
import shutil
import statistics
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from outreach.config import load_settings
from outreach.query.db import Scope, data_as_of, run_query, run_scoped
from outreach.ingest.load import ingest
from outreach.query.periods import resolve_period
from support import _plain, _records

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "export"
TODAY = dt.date(2026, 11, 22)

D = dt.date.fromisoformat
AS_OF = D("2025-10-15")
START = D("2024-11-01")
PREV_START = D("2023-11-01")
PREV_REF = D("2024-10-31")
# Default settings (outreach/defaults.toml): 15 working days, 7 days, flags 3 / 5 / 0.5 / 3 / 2.
# The settings struct the macros take ($settings in a named query; outreach/query/db.py).
SETTINGS_SQL = ("{'reply_working_days': 15, 'held_after_days': 7, 'never_present_min_listed': 3, "
                "'rarely_present_min_listed': 5, 'rarely_present_max_rate': 0.5, 'under_quota_min_months': 3, "
                "'holding_min_items': 2, 'visits_from': null}")
FLAG_SETTINGS_SQL = SETTINGS_SQL


# ---------------------------------------------------------------- helpers


def _row(frame: pd.DataFrame, index: int = 0) -> dict:
    return {key: _plain(value) for key, value in frame.iloc[index].to_dict().items()}


def _assert_values(actual: dict, expected: dict) -> None:
    problems = []
    for key, want in expected.items():
        got = actual[key]
        if want is None:
            ok = got is None
        elif isinstance(want, float):
            ok = got is not None and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)
        else:
            ok = got == want
        if not ok:
            problems.append(f"{key}: expected {want!r}, got {got!r}")
    assert not problems, "\n".join(problems)


def _query(con, sql: str, **params) -> pd.DataFrame:
    return con.execute(sql, params).df()


def _feedback(con, *, start=START, ref=AS_OF, as_of=AS_OF, commune=None, agency=None) -> pd.DataFrame:
    return _query(
        con,
        f"select * from feedback_in_period($start, $ref, $as_of, $commune, $agency, {SETTINGS_SQL}) "
        "order by feedback_id",
        start=start, ref=ref, as_of=as_of, commune=commune, agency=agency,
    )


def _km(con, dimension: str, *, start=START, ref=AS_OF, as_of=AS_OF, commune=None, agency=None) -> pd.DataFrame:
    return _query(
        con,
        f"select * from feedback_km($start, $ref, $as_of, $commune, $agency, {SETTINGS_SQL}, $dimension) "
        "order by group_key",
        start=start, ref=ref, as_of=as_of, commune=commune, agency=agency, dimension=dimension,
    )


def _flags(con, *, start=START, ref=AS_OF, as_of=AS_OF, commune=None, agency=None) -> set[tuple]:
    frame = _query(
        con,
        f"select * from official_flag_rows($start, $ref, $as_of, $commune, $agency, {FLAG_SETTINGS_SQL})",
        start=start, ref=ref, as_of=as_of, commune=commune, agency=agency,
    )
    return set(_records(frame, ["official_id", "flag", "evidence_count"]))


def _quota(con, *, start=START, ref=AS_OF, commune=None, agency=None) -> list[tuple]:
    frame = _query(
        con,
        "select * from quota_months($start, $ref, $commune, $agency, {'visits_from': null}) order by official_id, month_start",
        start=start, ref=ref, commune=commune, agency=agency,
    )
    return _records(frame, ["official_id", "month_start", "required", "attended", "is_counted", "is_met"])


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _append_lines(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    path.write_text(text + "".join(line + "\n" for line in lines), encoding="utf-8")


# ---------------------------------------------------------------- the imported fixture


@pytest.fixture(scope="module")
def imported(make_database, con):
    """The import's report and a connection, over the shared fixture database (default settings)."""
    return make_database.report(), con


@pytest.fixture(scope="module")
def period(con):
    as_of, _ = data_as_of(con)
    return resolve_period(data_as_of=as_of)


# ---------------------------------------------------------------- import accounting


def test_fixture_imports_cleanly_with_balanced_accounting(imported):
    report, _ = imported
    assert report.exit_code == 0
    assert report.error is None
    assert report.rejects.empty
    counts = {t.table: (t.read, t.loaded, t.rejected, t.merged) for t in report.tables}
    # Rows per file (header excluded), all loaded, nothing rejected or merged.
    assert counts == {
        "communes": (4, 4, 0, 0),
        "hamlets": (7, 7, 0, 0),
        "agencies": (4, 4, 0, 0),
        "officials": (8, 8, 0, 0),
        "assignments": (6, 6, 0, 0),
        "visits": (14, 14, 0, 0),
        "attendance": (32, 32, 0, 0),
        "feedback": (15, 15, 0, 0),
    }
    for table in report.tables:
        assert table.read == table.loaded + table.rejected + table.merged, table.table


def test_import_keeps_text_codes_and_normalises_text(con):
    # Codes stay text with their leading zeros; phone numbers too.
    assert con.execute("select citizen_phone from feedback where feedback_id = 'YK0001'").fetchone() == ("0912345678",)
    assert con.execute("select typeof(commune_code) from communes limit 1").fetchone() == ("VARCHAR",)
    assert con.execute("select province_code from communes where commune_code = '99001'").fetchone() == ("99",)
    # "  giải phóng  MẶT bằng " is trimmed and its inner spaces folded (case and accents kept).
    assert con.execute("select topic from visits where visit_id = 'BX0005'").fetchone() == ("giải phóng MẶT bằng",)
    # Missing population is empty, not 0.
    assert con.execute("select population from communes where commune_code = '99002'").fetchone() == (None,)


def test_the_database_factory_applies_its_settings_and_builds_each_set_once(make_database, fixture_database):
    settings = {"import": {"earliest_date": "2019-10-01"}}
    path = make_database(**settings)
    assert path != fixture_database and make_database(**settings) == path
    assert load_settings(make_database.config(**settings)).get("import", "earliest_date") == "2019-10-01"
    report = make_database.report(**settings)
    # Only CB0006 (active from 2019-09-01, officials.csv line 7) is before 2019-10-01; its
    # assignment (line 5) and attendance rows (BX0009 line 26, BX0010 line 28) then name no official.
    assert report.exit_code == 2
    assert _records(report.rejects, ["table", "row", "column", "value", "reason"]) == [
        ("assignments", 5, "official_id", "CB0006", "unknown_reference"),
        ("attendance", 26, "official_id", "CB0006", "unknown_reference"),
        ("attendance", 28, "official_id", "CB0006", "unknown_reference"),
        ("officials", 7, "active_from", "2019-09-01", "date_out_of_range"),
    ]
    with duckdb.connect(str(path), read_only=True) as connection:
        assert connection.execute("select count(*) from officials").fetchone()[0] == 7
    assert make_database.report().rejects.empty


# ---------------------------------------------------------------- as_of and period


def test_as_of_ignores_the_planned_visit_ahead(imported, con):
    report, _ = imported
    # Latest dates: held visit BX0009 2025-10-14, received YK0010 2025-10-10, forwarded YK0011
    # 2025-10-07, replied YK0011 2025-10-15, resolved YK0001 2025-03-03 -> as_of 2025-10-15.
    # The planned visit BX0011 on 2025-11-05 does not move it.
    assert con.execute("select visit_date, status from visits where visit_id = 'BX0011'").fetchone() == (
        D("2025-11-05"), "planned")
    assert report.as_of == AS_OF
    as_of, first_month = data_as_of(con)
    assert as_of == AS_OF
    # First month with data: min(held visit 2024-05-15 BX0012, received 2024-09-10 YK0014) -> 2024-05.
    assert first_month == D("2024-05-01")


def test_default_period(period):
    # 12 months ending with the as_of month: 2024-11 .. 2025-10, ref_date = min(as_of, 2025-10-31).
    assert (period.start, period.ref_date, period.as_of) == (START, AS_OF, AS_OF)
    previous = period.previous()
    assert (previous.start, previous.ref_date) == (PREV_START, PREV_REF)


# ---------------------------------------------------------------- overview


def test_overview_kpis_current_and_previous(con, period):
    row = _row(run_scoped(con, "overview_kpis", Scope(period=period)))
    _assert_values(row, {
        # Held BX0001..BX0009 = 9 (BX0010 cancelled, BX0011 planned, BX0012-14 before the period).
        "held_visits": 9,
        # Covered 99001 and 99002 of 4 communes = 2/4.
        "communes_covered_share": 0.5,
        # Counted months: CB0002 Jun-Sep (4, met Jun, Jul, Aug), CB0006 Jul-Sep (3, none met),
        # CB0007 Jun, Jul, Sep (3, none met) -> met 3 / counted 10.
        "quota_met_share": 0.3,
        # listed&present CB0001 3 + CB0002 3 + CB0004 1 + CB0005 2 = 9; listed non-excused
        # CB0001 3 + CB0002 6 + CB0003 3 + CB0004 3 + CB0005 5 + CB0006 0 + CB0007 3 = 23 -> 9/23.
        "attendance_rate": 9 / 23,
        # YK0001..YK0012 received 2025-01-20 .. 2025-10-10.
        "feedback_received": 12,
        # replied 7 (YK0001-05, YK0011, YK0012), on time 5 (YK0001, 03, 04, 11, 12),
        # open overdue 2 (YK0006, YK0007) -> 5 / (7 + 2).
        "on_time_rate": 5 / 9,
        # Kaplan-Meier (see test_feedback_km_all_on_fixture): S(24) = 0.4125 -> 24.
        "median_days_km": 24,
        # CB0003 never present, CB0005 rarely present, CB0006 under quota, CB0008 holding -> 4.
        "officials_flagged": 4,
        # Previous period 2023-11-01 .. 2024-10-31:
        # BX0012 (99003), BX0013 (99001), BX0014 (99002) -> 3 visits, 3/4 communes covered.
        "prev_held_visits": 3,
        "prev_communes_covered_share": 0.75,
        # CB0001 99001 from 2024-08-01 to 2024-10-31: Aug, Sep, Oct counted; Sep met (BX0013) -> 1/3.
        "prev_quota_met_share": 1 / 3,
        # BX0012 CB0001 P, CB0003 A; BX0013 CB0001 P, CB0003 A; BX0014 CB0003 A -> 2/5.
        "prev_attendance_rate": 0.4,
        # YK0013, YK0014, YK0015.
        "prev_feedback_received": 3,
        # YK0013 on time, YK0014 on the spot (on time), YK0015 open overdue -> 2 / (2 + 1).
        "prev_on_time_rate": 2 / 3,
        # times 0 (event), 15 (event), 373 (censored): S(0) = 2/3, S(15) = 2/3 * 1/2 = 1/3 -> 15.
        "prev_median_days_km": 15,
        # CB0003 listed 3x absent (BX0012-14), present 0 -> 1.
        "prev_officials_flagged": 1,
    })


def test_overview_commune_filter(con, period):
    row = _row(run_scoped(con, "overview_kpis", Scope(period=period, commune="99002")))
    _assert_values(row, {
        # BX0003, BX0007, BX0009.
        "held_visits": 3,
        # Only 99002 is in scope, and it is covered: 1/1.
        "communes_covered_share": 1.0,
        # The only assignment to 99002 is CB0002's with 0 required visits: no counted month.
        "quota_met_share": None,
        # BX0003 CB0002 P, CB0004 A, CB0007 A; BX0007 same; BX0009 CB0004 L, CB0006 E, CB0007 A:
        # listed&present 3 / listed non-excused 8.
        "attendance_rate": 3 / 8,
        # YK0002, YK0003, YK0006, YK0008, YK0011.
        "feedback_received": 5,
        # replied YK0002 (late), YK0003 (on time), YK0011 (on time); overdue YK0006; YK0008 due on
        # as_of, not overdue -> 2 / (3 + 1).
        "on_time_rate": 0.5,
        # 0 e, 9 e, 24 e, 25 c, 72 c: S = 4/5, 4/5*3/4 = 0.6, 0.6*2/3 = 0.4 at 24.
        "median_days_km": 24,
        # In 99002 CB0007 is listed 3x absent and present 0 (the walk-in was in 99001) -> 1.
        "officials_flagged": 1,
        # Previous: BX0014 only; CB0003 absent; YK0015 open overdue; nothing replied.
        "prev_held_visits": 1,
        "prev_communes_covered_share": 1.0,
        "prev_quota_met_share": None,
        "prev_attendance_rate": 0.0,
        "prev_feedback_received": 1,
        "prev_on_time_rate": 0.0,
        "prev_median_days_km": None,
        "prev_officials_flagged": 0,
    })
    assert _flags(con, commune="99002") == {("CB0007", "listed_never_present", 3)}


def test_overview_agency_filter_dv31(con, period):
    row = _row(run_scoped(con, "overview_kpis", Scope(period=period, agency="DV31")))
    _assert_values(row, {
        # Visits led by DV31: BX0002, BX0005, BX0006.
        "held_visits": 3,
        # Only 99001 has a DV31-led held visit: 1/4.
        "communes_covered_share": 0.25,
        # Officials of DV31 with quota: CB0002, 3 met of 4.
        "quota_met_share": 0.75,
        # CB0002 3/6 and CB0003 0/3 pooled -> 3/9.
        "attendance_rate": 3 / 9,
        # Forwarded to DV31: YK0001 only, replied on its due date.
        "feedback_received": 1,
        "on_time_rate": 1.0,
        "median_days_km": 28,
        # CB0003 (listed_never_present); CB0002 has no flag.
        "officials_flagged": 1,
        # Previous: BX0013 (DV31, 99001); CB0003 0/3; YK0013 forwarded to DV31, on time, 15 days.
        "prev_held_visits": 1,
        "prev_communes_covered_share": 0.25,
        "prev_quota_met_share": None,
        "prev_attendance_rate": 0.0,
        "prev_feedback_received": 1,
        "prev_on_time_rate": 1.0,
        "prev_median_days_km": 15,
        "prev_officials_flagged": 1,
    })


def test_overview_agency_filter_dv02_keeps_undefined_rates_empty(con, period):
    row = _row(run_scoped(con, "overview_kpis", Scope(period=period, agency="DV02")))
    _assert_values(row, {
        # BX0009 is led by DV02 (BX0010 is cancelled).
        "held_visits": 1,
        "communes_covered_share": 0.25,
        # CB0006: 3 counted months, none met -> 0/3 = 0 (a real 0, not empty).
        "quota_met_share": 0.0,
        # CB0006 only excused at BX0009, CB0008 never listed: divisor 0 -> empty, never 0.
        "attendance_rate": None,
        # Nothing forwarded to DV02.
        "feedback_received": 0,
        "on_time_rate": None,
        "median_days_km": None,
        # CB0006 under_quota; CB0008 holding_information (items recorded by DV02 officials).
        "officials_flagged": 2,
        "prev_held_visits": 0,
        "prev_communes_covered_share": 0.0,
        "prev_quota_met_share": None,
        "prev_attendance_rate": None,
        "prev_feedback_received": 0,
        "prev_on_time_rate": None,
        "prev_median_days_km": None,
        "prev_officials_flagged": 0,
    })


# ---------------------------------------------------------------- monthly trend


def test_monthly_trend(con, period):
    frame = run_scoped(con, "monthly_trend", Scope(period=period))
    rows = _records(frame, ["month", "held_visits", "feedback_received", "replied"])
    assert rows == [
        # month        held  received  replied (effective reply date in the month)
        (D("2024-11-01"), 0, 0, 1),  # YK0013 (received 2024-10-21) replied 2024-11-05
        (D("2024-12-01"), 0, 0, 0),
        (D("2025-01-01"), 1, 1, 0),  # BX0001; YK0001
        (D("2025-02-01"), 0, 0, 1),  # YK0001 replied 02-17
        (D("2025-03-01"), 1, 1, 1),  # BX0002; YK0012 received and replied
        (D("2025-04-01"), 0, 1, 0),  # YK0002
        (D("2025-05-01"), 0, 0, 1),  # YK0002 replied 05-16
        (D("2025-06-01"), 1, 1, 1),  # BX0003; YK0003 on the spot (replied on its received date)
        (D("2025-07-01"), 3, 2, 2),  # BX0004-06; YK0004, YK0005 received and replied
        (D("2025-08-01"), 1, 1, 0),  # BX0007 (BX0010 cancelled); YK0006
        (D("2025-09-01"), 1, 2, 0),  # BX0008; YK0007, YK0008
        (D("2025-10-01"), 1, 3, 1),  # BX0009; YK0009-11; YK0011 replied 10-15
    ]


# ---------------------------------------------------------------- participation


def test_official_attendance(con):
    frame = _query(con, "select * from official_attendance($start, $ref, null, null) order by official_id",
                   start=START, ref=AS_OF)
    columns = ["official_id", "listed", "present", "late", "absent", "excused", "listed_present", "listed_not_excused"]
    assert _records(frame, columns) == [
        # id       listed present late absent excused listed&present listed-not-excused
        ("CB0001", 3, 3, 0, 0, 0, 3, 3),  # BX0001, 04, 08 present -> 3/3 = 1.0
        ("CB0002", 6, 3, 1, 3, 0, 3, 6),  # 02 A, 03 P, 04 L, 05 A, 07 P, 08 A -> 3/6 = 0.5
        ("CB0003", 4, 0, 0, 3, 1, 0, 3),  # 01 A, 02 E, 05 A, 06 A -> 0/3
        ("CB0004", 3, 1, 1, 2, 0, 1, 3),  # 03 A, 07 A, 09 L -> 1/3
        ("CB0005", 5, 2, 0, 3, 0, 2, 5),  # 01 P, 02 A, 04 A, 06 P, 08 A -> 2/5 = 0.4
        ("CB0006", 1, 0, 0, 0, 1, 0, 0),  # 09 E (BX0010 cancelled ignored) -> rate empty
        ("CB0007", 3, 1, 0, 3, 0, 0, 3),  # 03 A, 07 A, 09 A + walk-in at 06 -> 0/3
    ]
    # CB0008 has no attendance row at all.
    rates = {
        official: (listed_present / divisor if divisor else None)
        for official, listed_present, divisor in _records(frame, ["official_id", "listed_present", "listed_not_excused"])
    }
    assert rates == {"CB0001": 1.0, "CB0002": 0.5, "CB0003": 0.0, "CB0004": 1 / 3, "CB0005": 0.4,
                     "CB0006": None, "CB0007": 0.0}


def test_quota_months(con):
    assert _quota(con) == [
        # CB0002: 99001 (1/month) and 99002 (0/month) from 2025-06-01 -> required 1 each month.
        ("CB0002", D("2025-06-01"), 1, 1, True, True),    # BX0003 in 99002 (the 0-required commune)
        ("CB0002", D("2025-07-01"), 1, 1, True, True),    # BX0004 late = present (BX0005 absent)
        ("CB0002", D("2025-08-01"), 1, 1, True, True),    # BX0007 in 99002
        ("CB0002", D("2025-09-01"), 1, 0, True, False),   # BX0008 absent
        # October 2025 is cut short by as_of 2025-10-15: no quota month.
        ("CB0006", D("2025-07-01"), 1, 0, True, False),   # 99004 is never visited
        ("CB0006", D("2025-08-01"), 1, 0, True, False),   # "present" at the cancelled BX0010: no
        ("CB0006", D("2025-09-01"), 1, 0, True, False),
        ("CB0007", D("2025-06-01"), 2, 0, True, False),   # 99003 to 2025-07-31
        ("CB0007", D("2025-07-01"), 2, 0, True, False),
        # August: the first assignment ended 07-31, the next starts 08-15 -> no whole-month assignment.
        ("CB0007", D("2025-09-01"), 2, 0, True, False),
    ]
    # CB0001's assignment ended 2024-10-31, before the period: no row.


def test_quota_months_zero_required_and_previous_period(con):
    # Commune 99002 only: CB0002's 0-required assignment. Months exist but are never counted,
    # although she attended BX0003 (June) and BX0007 (August) there.
    assert _quota(con, commune="99002") == [
        ("CB0002", D("2025-06-01"), 0, 1, False, False),
        ("CB0002", D("2025-07-01"), 0, 0, False, False),
        ("CB0002", D("2025-08-01"), 0, 1, False, False),
        ("CB0002", D("2025-09-01"), 0, 0, False, False),
    ]
    # Previous period: CB0001, 99001, 2024-08-01 .. 2024-10-31, 1 a month; BX0013 on 2024-09-10.
    assert _quota(con, start=PREV_START, ref=PREV_REF) == [
        ("CB0001", D("2024-08-01"), 1, 0, True, False),
        ("CB0001", D("2024-09-01"), 1, 1, True, True),
        ("CB0001", D("2024-10-01"), 1, 0, True, False),
    ]


# ---------------------------------------------------------------- flags


def test_flags_and_their_neighbours(con):
    assert _flags(con) == {
        # listed non-excused 3 (BX0001, 05, 06; BX0002 excused), present 0.
        ("CB0003", "listed_never_present", 3),
        # 5 listed non-excused, 2/5 = 0.4 < 0.5.
        ("CB0005", "rarely_present", 5),
        # Jul, Aug, Sep 2025 counted and unmet: a run of 3.
        ("CB0006", "under_quota", 3),
        # YK0005 (forwarded on day 8) and YK0007 (never forwarded); YK0004 (day 7) is not held.
        ("CB0008", "holding_information", 2),
    }
    # Not flagged, by design:
    # CB0004 listed 3, one late -> present 1, not never present; 3 < 5 listed, not rarely.
    # CB0007 listed 3x absent but a walk-in at BX0006 -> present 1; unmet Jun, Jul, (Aug not
    #   counted), Sep -> longest run 2.
    # CB0002 rate exactly 3/6 = 0.5, not < 0.5.
    # CB0001 one held item (YK0009) < 2.


def test_flags_previous_period(con):
    # Statuses on the same as_of; CB0003 listed absent at BX0012, 13, 14.
    assert _flags(con, start=PREV_START, ref=PREV_REF) == {("CB0003", "listed_never_present", 3)}


# ---------------------------------------------------------------- feedback


FEEDBACK_EXPECTED = [
    # id, due_effective, days_to_reply, working_days_to_reply, on_time, is_open, is_overdue,
    # is_held_information, km_days
    # YK0001 received Mon 2025-01-20, no due_date: working days Jan 21-24 (4), Jan 27-Feb 1 Tết
    # (holidays), Feb 3-7 (9), Feb 10-14 (14), Feb 17 (15) -> due 2025-02-17 (Feb 10 without Tết).
    # Replied on 02-17: on time, 15 working days, 28 calendar days. Forwarded on day 1.
    ("YK0001", D("2025-02-17"), 28, 15, True, False, False, False, 28),
    # YK0002 received Tue 2025-04-22: Apr 23, 24, 25, Sat 26 (make-up working day), 28, 29 = 6,
    # Apr 30 / May 1 / May 2 holidays, May 5-9 (11), May 12-15 (15) -> due 2025-05-15 (it would be
    # May 16 without the make-up Saturday). Replied 05-16: late, 16 working days, 24 days.
    ("YK0002", D("2025-05-15"), 24, 16, False, False, False, False, 24),
    # YK0003 on the spot with no reply date: replied on 2025-06-10 itself. Due Jun 11-13 (3),
    # 16-20 (8), 23-27 (13), Jun 30, Jul 1 (15).
    ("YK0003", D("2025-07-01"), 0, 0, True, False, False, False, 0),
    # YK0004 received Tue 2025-07-01: Jul 2-4 (3), 7-11 (8), 14-18 (13), 21, 22 (15) -> 07-22.
    # Replied 07-18: 13 working days, 17 days, on time. Forwarded 07-08 = day 7: in time.
    ("YK0004", D("2025-07-22"), 17, 13, True, False, False, False, 17),
    # YK0005 same day; forwarded 07-09 = day 8 -> held. Replied 07-25 (18 working days) late.
    ("YK0005", D("2025-07-22"), 24, 18, False, False, False, True, 24),
    # YK0006 received Mon 2025-08-04: Aug 5-8 (4), 11-15 (9), 18-22 (14), 25 (15). Open and
    # as_of 10-15 > 08-25 -> overdue; censored at 10-15 - 08-04 = 72.
    ("YK0006", D("2025-08-25"), None, None, None, True, True, False, 72),
    # YK0007 received on the Sep 1 holiday; Sep 2 is a holiday too: Sep 3-5 (3), 8-12 (8),
    # 15-19 (13), 22, 23 (15). Never forwarded nor replied -> held; overdue; censored 44.
    ("YK0007", D("2025-09-23"), None, None, None, True, True, True, 44),
    # YK0008 due_date given = 2025-10-15 = as_of: open but not overdue; censored 25.
    ("YK0008", D("2025-10-15"), None, None, None, True, False, False, 25),
    # YK0009 received Wed 10-01: Oct 2, 3 (2), 6-10 (7), 13-17 (12), 20-22 (15) -> 10-22, not yet
    # due. Received 14 days before as_of and never forwarded -> held (charged to CB0001).
    ("YK0009", D("2025-10-22"), None, None, None, True, False, True, 14),
    # YK0010 received Fri 10-10: Oct 13-17 (5), 20-24 (10), 27-31 (15). Only 5 days old: not held.
    ("YK0010", D("2025-10-31"), None, None, None, True, False, False, 5),
    # YK0011 received Mon 10-06: Oct 7-10 (4), 13-17 (9), 20-24 (14), 27 (15). Replied 10-15:
    # Oct 7, 8, 9, 10, 13, 14, 15 = 7 working days, 9 days.
    ("YK0011", D("2025-10-27"), 9, 7, True, False, False, False, 9),
    # YK0012 received Mon 03-03: Mar 4-7 (4), 10-14 (9), 17-21 (14), 24 (15). Replied 03-20
    # (13 working days, 17 days) on time; never forwarded and replied after day 7 -> held, no recorder.
    ("YK0012", D("2025-03-24"), 17, 13, True, False, False, True, 17),
]


def test_feedback_status_of_each_item(con):
    frame = _feedback(con)
    columns = ["feedback_id", "due_effective", "days_to_reply", "working_days_to_reply", "on_time", "is_open",
               "is_overdue", "is_held_information", "km_days"]
    assert _records(frame, columns) == FEEDBACK_EXPECTED


def test_feedback_reply_dates_and_charging(con):
    frame = _feedback(con).set_index("feedback_id")
    # Handled on the spot without a replied_date: replied on the received date.
    assert _plain(frame.loc["YK0003", "replied_date"]) == D("2025-06-10")
    assert bool(frame.loc["YK0003", "is_replied"])
    # Held items are charged to the recorder and the recorder's agency.
    held = frame[frame["is_held_information"]]
    assert sorted(_records(held.reset_index(), ["feedback_id", "recorded_by", "recorder_agency_id"]),
                  key=lambda r: r[0]) == [
        ("YK0005", "CB0008", "DV02"),
        ("YK0007", "CB0008", "DV02"),
        ("YK0009", "CB0001", "DV01"),
        ("YK0012", None, None),
    ]


def test_held_information_day_7_versus_day_8(con):
    frame = _feedback(con).set_index("feedback_id")
    # Both received 2025-07-01; received + 7 = 07-08.
    assert _plain(frame.loc["YK0004", "forwarded_date"]) == D("2025-07-08")
    assert not frame.loc["YK0004", "is_held_information"]
    assert _plain(frame.loc["YK0005", "forwarded_date"]) == D("2025-07-09")
    assert frame.loc["YK0005", "is_held_information"]


def test_feedback_previous_period_items(con):
    frame = _feedback(con, start=PREV_START, ref=PREV_REF)
    columns = ["feedback_id", "due_effective", "days_to_reply", "on_time", "is_overdue", "km_days"]
    assert _records(frame, columns) == [
        # Mon 2024-10-21: Oct 22-25 (4), 28-31 (8), Nov 1 (9), Nov 4-8 (14), Nov 11 (15).
        ("YK0013", D("2024-11-11"), 15, True, False, 15),
        # On the spot, replied 2024-09-10. Sep 11-13 (3), 16-20 (8), 23-27 (13), Sep 30, Oct 1.
        ("YK0014", D("2024-10-01"), 0, True, False, 0),
        # Mon 2024-10-07: Oct 8-11 (4), 14-18 (9), 21-25 (14), 28 (15). Open on as_of 2025-10-15:
        # overdue, censored at 365 + 8 = 373 days.
        ("YK0015", D("2024-10-28"), None, None, True, 373),
    ]


# ---------------------------------------------------------------- Kaplan-Meier

# km_days and events of the 12 items of the period (from FEEDBACK_EXPECTED: open = censored).
FIXTURE_KM_DURATIONS = [28, 24, 0, 17, 24, 72, 44, 25, 14, 5, 9, 17]
FIXTURE_KM_EVENTS = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1]


def test_feedback_km_all_on_fixture(con):
    frame = _km(con, "all")
    # n = 12. t=0: 1 reply of 12 at risk -> S = 11/12 = 0.9167; t=5 censored;
    # t=9: 1 of 10 -> 0.825; t=14 censored; t=17: 2 of 8 -> 0.61875;
    # t=24: 2 of 6 -> 0.4125 <= 0.5 -> median 24; t=25 censored; t=28: 1 of 3 -> 0.275;
    # 44, 72 censored: S never <= 0.1 -> p90 empty.
    # Replied only: 0, 9, 17, 17, 24, 24, 28 -> median 17.
    assert _records(frame, ["group_key", "items", "replied", "median_days_km", "p90_days_km",
                            "median_days_replied_only"]) == [("all", 12, 7, 24, None, 17.0)]


def test_feedback_km_by_agency_with_exact_half(con):
    frame = _km(con, "agency")
    rows = {row[0]: row[1:] for row in _records(
        frame, ["group_key", "items", "replied", "median_days_km", "p90_days_km", "median_days_replied_only"])}
    # DV01: YK0004 17, YK0005 24 (both replied): S(17) = 1/2 exactly -> median 17; S(24) = 0 -> p90 24;
    # replied-only median (17 + 24) / 2 = 20.5.
    assert rows["DV01"] == (2, 2, 17, 24, 20.5)
    # DV31: YK0001 28 -> S(28) = 0.
    assert rows["DV31"] == (1, 1, 28, 28, 28.0)
    # DV32: YK0011 9 e, YK0002 24 e, YK0008 25 c, YK0006 72 c: S(9) = 3/4, S(24) = 3/4 * 2/3 = 1/2
    # -> median 24; p90 never; replied-only (9 + 24) / 2 = 16.5.
    assert rows["DV32"] == (4, 2, 24, None, 16.5)


def test_feedback_km_group_without_key_keeps_its_curve(con):
    frame = _km(con, "agency")
    rows = _records(frame[frame["group_key"].isna()],
                    ["items", "replied", "median_days_km", "p90_days_km", "median_days_replied_only"])
    # Not forwarded: YK0003 0 e, YK0010 5 c, YK0009 14 c, YK0012 17 e, YK0007 44 c.
    # S(0) = 4/5 = 0.8; S(17) = 0.8 * (1 - 1/2) = 0.4 <= 0.5 -> median 17; p90 never reached;
    # replied-only (0 + 17) / 2 = 8.5.
    assert rows == [(5, 2, 17, None, 8.5)]


def _lifelines_quantile(durations, events, level):
    """Smallest t with S(t) <= level on lifelines' curve (None if never), and lifelines' own answer."""
    from lifelines import KaplanMeierFitter

    fitter = KaplanMeierFitter().fit(durations, event_observed=events)
    curve = fitter.survival_function_["KM_estimate"]
    reached = curve[curve <= level + 1e-9]
    ours = None if reached.empty else int(reached.index[0])
    near_exact = bool(((curve - level).abs() < 1e-9).any())
    return ours, fitter, near_exact


def test_feedback_km_matches_lifelines_on_fixture(con):
    median, fitter, near = _lifelines_quantile(FIXTURE_KM_DURATIONS, FIXTURE_KM_EVENTS, 0.5)
    p90, _, _ = _lifelines_quantile(FIXTURE_KM_DURATIONS, FIXTURE_KM_EVENTS, 0.1)
    assert not near
    assert fitter.median_survival_time_ == 24 == median
    assert p90 is None
    assert _records(_km(con, "all"), ["median_days_km", "p90_days_km"]) == [(median, p90)]


RANDOM_AS_OF = D("2025-10-14")  # BX0009, the last held visit of the fixture; random dates stay <= it


def _random_feedback_export(directory: Path, seed: int, reply_share: float, items: int = 160) -> list[dict]:
    """Copy the fixture with a seeded random feedback.csv; return the items with their true times."""
    rng = random.Random(seed)
    shutil.copytree(FIXTURE_DIR, directory)
    header = (directory / "feedback.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    channels = ["visit", "dialogue", "hotline", "online", "letter", "other"]
    first = START
    span = (RANDOM_AS_OF - first).days
    rows, truth = [], []
    for number in range(items):
        received = first + dt.timedelta(days=rng.randrange(span + 1))
        on_spot = rng.random() < 0.08
        replied = None
        if not on_spot and rng.random() < reply_share:
            candidate = received + dt.timedelta(days=rng.randint(0, 40))
            replied = candidate if candidate <= RANDOM_AS_OF else None
        channel = rng.choice(channels)
        values = {name: "" for name in header}
        values.update({
            "feedback_id": f"YKR{number:04d}", "received_date": received.isoformat(),
            "commune_code": rng.choice(["99001", "99002", "99003", "99004"]), "channel": channel,
            "handled_on_spot": "true" if on_spot else "false",
            "replied_date": replied.isoformat() if replied else "",
        })
        rows.append([values[name] for name in header])
        end = replied or (received if on_spot else RANDOM_AS_OF)
        truth.append({"channel": channel, "duration": (end - received).days,
                      "event": int(replied is not None or on_spot)})
    _write_csv(directory / "feedback.csv", header, rows)
    return truth


# A low reply share leaves the p90 unreached; a high one reaches it in most groups.
@pytest.mark.parametrize(("seed", "reply_share"), [(11, 0.7), (23, 0.97), (2026, 0.9)])
def test_feedback_km_matches_lifelines_on_random_data(tmp_path, seed, reply_share):
    truth = _random_feedback_export(tmp_path / "export", seed, reply_share)
    report = ingest(tmp_path / "export", database=tmp_path / "r.duckdb", rejects_path=tmp_path / "r.csv", today=TODAY)
    assert report.exit_code == 0, (report.error, report.rejects)
    assert report.as_of == RANDOM_AS_OF
    rcon = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    try:
        groups = {"all": truth}
        for item in truth:
            groups.setdefault(item["channel"], []).append(item)
        sql_rows = {}
        for dimension in ("all", "channel"):
            frame = _km(rcon, dimension, start=START, ref=RANDOM_AS_OF, as_of=RANDOM_AS_OF)
            for row in _records(frame, ["group_key", "items", "replied", "median_days_km", "p90_days_km",
                                        "median_days_replied_only"]):
                sql_rows[row[0]] = row[1:]
        assert set(sql_rows) == set(groups)
        for key, members in groups.items():
            durations = [m["duration"] for m in members]
            events = [m["event"] for m in members]
            median, fitter, near = _lifelines_quantile(durations, events, 0.5)
            p90, _, _ = _lifelines_quantile(durations, events, 0.1)
            if not near:
                lifelines_median = fitter.median_survival_time_
                assert (None if math.isinf(lifelines_median) else int(lifelines_median)) == median, key
            replied_times = [d for d, e in zip(durations, events) if e]
            plain = statistics.median(replied_times) if replied_times else None
            assert sql_rows[key] == (len(members), sum(events), median, p90, plain), key
    finally:
        rcon.close()


# ---------------------------------------------------------------- coverage


def test_commune_coverage(con):
    frame = _query(con, "select * from commune_coverage_rows($start, $ref, null, null) order by commune_code",
                   start=START, ref=AS_OF)
    columns = ["commune_code", "visits_held", "last_visit_date", "days_since_last_visit", "hamlets_total",
               "hamlets_visited", "visits_per_1000", "officials_assigned", "officials_present", "is_covered"]
    rows = _records(frame, columns)
    assert rows[0][:6] == (
        # BX0001, 02, 04, 05, 06, 08; last 09-09 -> Sep 9 .. Oct 15 = 21 + 15 = 36 days;
        # 3 hamlets, visited 99001-01 (BX0001, 04, 06) and 99001-02 (BX0002, 08); BX0005 has none.
        "99001", 6, D("2025-09-09"), 36, 3, 2)
    # 6 * 1000 / 24310.
    assert math.isclose(rows[0][6], 6000 / 24310)
    # Assigned: CB0002 (CB0001's assignment ended 2024-10-31, before the period) -> 1.
    # Present: CB0001 (01, 04, 08), CB0005 (01, 06), CB0002 (04 late), CB0007 (walk-in 06) -> 4.
    assert rows[0][7:] == (1, 4, True)
    assert rows[1:] == [
        # BX0003, 07, 09; last 10-14 -> 1 day; hamlet 99002-01 only; population missing -> empty;
        # assigned CB0002 (0 required); present CB0002 (03, 07), CB0004 (09 late).
        ("99002", 3, D("2025-10-14"), 1, 1, 1, None, 1, 2, True),
        # Only BX0012 on 2024-05-15, before the period: 2024-05-15 .. 2025-10-15 = 365 + 153 = 518;
        # 0 visits / 8000 = 0.0; assigned CB0007 (two assignments, one official).
        ("99003", 0, D("2024-05-15"), 518, 1, 0, 0.0, 1, 0, False),
        # Never visited (BX0010 was cancelled); assigned CB0006.
        ("99004", 0, None, None, 2, 0, 0.0, 1, 0, False),
    ]


def test_commune_coverage_agency_filter(con):
    frame = _query(con, "select * from commune_coverage_rows($start, $ref, null, 'DV31') order by commune_code",
                   start=START, ref=AS_OF)
    columns = ["commune_code", "visits_held", "last_visit_date", "days_since_last_visit", "hamlets_visited",
               "officials_assigned", "is_covered"]
    assert _records(frame, columns) == [
        # DV31 led BX0002 (99001-02), BX0005 (no hamlet), BX0006 (99001-01); last 07-16 ->
        # Jul 16 .. Oct 15 = 15 + 31 + 30 + 15 = 91 days. DV31's official CB0002 assigned.
        ("99001", 3, D("2025-07-16"), 91, 2, 1, True),
        ("99002", 0, None, None, 0, 1, False),
        ("99003", 0, None, None, 0, 0, False),
        ("99004", 0, None, None, 0, 0, False),
    ]


# ---------------------------------------------------------------- a user-set earlier as_of


def test_user_set_earlier_as_of(con):
    as_of, _ = data_as_of(con)
    user_period = resolve_period(data_as_of=as_of, as_of=D("2025-07-20"))
    # 12 months ending July 2025: 2024-08-01 .. ref 2025-07-20; previous 2023-08-01 .. 2024-07-31.
    assert (user_period.start, user_period.ref_date) == (D("2024-08-01"), D("2025-07-20"))
    row = _row(run_scoped(con, "overview_kpis", Scope(period=user_period)))
    _assert_values(row, {
        # BX0013, BX0014, BX0001-06 (BX0007 onwards are after 07-20) -> 8.
        "held_visits": 8,
        # 99001 and 99002 covered (99003's BX0012 is May 2024) -> 2/4.
        "communes_covered_share": 0.5,
        # Months Aug 2024 .. Jun 2025 (July not ended on 07-20): CB0001 Aug, Sep (met), Oct 2024;
        # CB0002 Jun 2025 (met); CB0007 Jun 2025 -> 2/5.
        "quota_met_share": 0.4,
        # listed non-excused: BX0013 2, BX0014 1, BX0001 3, BX0002 2, BX0003 3, BX0004 3, BX0005 2,
        # BX0006 2 = 18; listed&present: CB0001 (13, 01, 04), CB0005 (01, 06), CB0002 (03, 04) = 7.
        "attendance_rate": 7 / 18,
        # YK0014, YK0015, YK0013, YK0001, YK0012, YK0002, YK0003, YK0004, YK0005.
        "feedback_received": 9,
        # YK0005's reply (07-25) is after as_of: open, due 07-22 not passed -> not overdue.
        # Replied 7 (13, 14, 01, 12, 02, 03, 04), on time 6 (all but YK0002), overdue 1 (YK0015)
        # -> 6 / 8.
        "on_time_rate": 0.75,
        # 0 e x2, 15 e, 17 e x2, 19 c (YK0005), 24 e, 28 e, 286 c (YK0015): S(0) = 7/9,
        # S(15) = 7/9 * 6/7 = 2/3, S(17) = 2/3 * 4/6 = 4/9 <= 0.5 -> 17.
        "median_days_km": 17,
        # CB0003 listed absent 5x (BX0013, 14, 01, 05, 06); CB0008 has only YK0005 held.
        "officials_flagged": 1,
        # Previous 2023-08-01 .. 2024-07-31: BX0012 only; CB0001 P, CB0003 A -> 1/2.
        "prev_held_visits": 1,
        "prev_communes_covered_share": 0.25,
        "prev_quota_met_share": None,
        "prev_attendance_rate": 0.5,
        "prev_feedback_received": 0,
        "prev_on_time_rate": None,
        "prev_median_days_km": None,
        "prev_officials_flagged": 0,
    })
    items = _feedback(con, start=user_period.start, ref=user_period.ref_date, as_of=user_period.as_of)
    items = items.set_index("feedback_id")
    assert list(items.index) == ["YK0001", "YK0002", "YK0003", "YK0004", "YK0005", "YK0012", "YK0013",
                                 "YK0014", "YK0015"]
    assert _plain(items.loc["YK0005", "replied_date"]) is None
    assert bool(items.loc["YK0005", "is_open"]) and not bool(items.loc["YK0005", "is_overdue"])
    assert _plain(items.loc["YK0005", "on_time"]) is None
    # Held on 07-20 too: received 07-01 <= 07-13, forwarded on day 8.
    assert bool(items.loc["YK0005", "is_held_information"])
    assert _plain(items.loc["YK0005", "km_days"]) == 19
    assert _flags(con, start=user_period.start, ref=user_period.ref_date, as_of=user_period.as_of) == {
        ("CB0003", "listed_never_present", 5)}

    trend = run_scoped(con, "monthly_trend", Scope(period=user_period))
    assert _records(trend, ["month", "held_visits", "feedback_received", "replied"]) == [
        (D("2024-08-01"), 0, 0, 0),
        (D("2024-09-01"), 1, 1, 1),  # BX0013; YK0014 on the spot
        (D("2024-10-01"), 1, 2, 0),  # BX0014; YK0013, YK0015
        (D("2024-11-01"), 0, 0, 1),  # YK0013 replied
        (D("2024-12-01"), 0, 0, 0),
        (D("2025-01-01"), 1, 1, 0),
        (D("2025-02-01"), 0, 0, 1),
        (D("2025-03-01"), 1, 1, 1),
        (D("2025-04-01"), 0, 1, 0),
        (D("2025-05-01"), 0, 0, 1),
        (D("2025-06-01"), 1, 1, 1),
        (D("2025-07-01"), 3, 2, 1),  # YK0004 replied 07-18; YK0005's 07-25 reply not yet
    ]


# ---------------------------------------------------------------- broken exports


def test_broken_rows_are_rejected_with_reasons(tmp_path):
    source = tmp_path / "export"
    shutil.copytree(FIXTURE_DIR, source)
    # visits.csv has 14 data rows (file rows 2-15): new rows are 16 and 17.
    _append_lines(source / "visits.csv", [
        "BX0015,2025-13-40,99001,,tiep_xuc,DV01,Trật tự đô thị,held,20",     # row 16: bad date
        "BX0016,2025-09-30,99002,,tiep_xuc,,Môi trường,held,12",              # row 17: no lead agency
    ])
    # attendance.csv rows 2-33; row 34 repeats row 2's key (BX0001, CB0001) with another status.
    _append_lines(source / "attendance.csv", ["BX0001,CB0001,true,absent"])
    feedback_lines = (source / "feedback.csv").read_text(encoding="utf-8").splitlines()
    yk0003 = feedback_lines[3]
    assert yk0003.startswith("YK0003,")
    # feedback.csv rows 2-16; 17 = YK0003 again (identical), 18 unknown commune, 19 reply before receipt.
    _append_lines(source / "feedback.csv", [
        yk0003,
        "YK0016,2025-05-05,99999,,hotline,Đất đai,CB0001,false,,,,,,Hỏi thủ tục,,",
        "YK0017,2025-05-05,99001,,hotline,Đất đai,CB0001,false,,,,2025-05-01,,Hỏi thủ tục,,",
    ])
    report = ingest(source, database=tmp_path / "o.duckdb", rejects_path=tmp_path / "rejects.csv", today=TODAY)
    assert report.exit_code == 2, report.error
    assert set(_records(report.rejects, ["file", "row", "reason"])) == {
        ("visits.csv", 16, "bad_date"),
        ("visits.csv", 17, "missing_value"),
        ("attendance.csv", 2, "duplicate_key"),
        ("attendance.csv", 34, "duplicate_key"),
        ("feedback.csv", 18, "unknown_reference"),
        ("feedback.csv", 19, "date_order"),
    }
    assert len(report.rejects) == 6
    counts = {t.table: (t.read, t.loaded, t.rejected, t.merged) for t in report.tables}
    assert counts["visits"] == (16, 14, 2, 0)
    assert counts["attendance"] == (33, 31, 2, 0)
    assert counts["feedback"] == (18, 15, 2, 1)
    for table in report.tables:
        assert table.read == table.loaded + table.rejected + table.merged, table.table
    assert (tmp_path / "rejects.csv").exists()
    with duckdb.connect(str(tmp_path / "o.duckdb"), read_only=True) as check:
        assert check.execute("select count(*) from feedback where feedback_id = 'YK0003'").fetchone() == (1,)
        assert check.execute("select count(*) from attendance where visit_id = 'BX0001' "
                             "and official_id = 'CB0001'").fetchone() == (0,)


def test_identical_duplicates_with_unknown_reference_keep_the_accounting(tmp_path):
    source = tmp_path / "export"
    shutil.copytree(FIXTURE_DIR, source)
    # hamlets.csv rows 2-8; rows 9 and 10 are identical and point at a commune that does not exist.
    _append_lines(source / "hamlets.csv", ["99009-01,Thôn Lạ,99009,10", "99009-01,Thôn Lạ,99009,10"])
    report = ingest(source, database=tmp_path / "o.duckdb", rejects_path=tmp_path / "r.csv", today=TODAY)
    assert report.exit_code == 2, report.error
    hamlets = next(t for t in report.tables if t.table == "hamlets")
    assert (hamlets.read, hamlets.loaded) == (9, 7)
    # Each of the two rows ends in exactly one place (both rejected, or one rejected + one merged).
    assert hamlets.rejected + hamlets.merged == 2
    assert ("hamlets.csv", 9, "unknown_reference") in set(_records(report.rejects, ["file", "row", "reason"]))


def test_missing_required_column_fails_and_keeps_the_database(tmp_path):
    database = tmp_path / "o.duckdb"
    good = ingest(FIXTURE_DIR, database=database, rejects_path=tmp_path / "r.csv", today=TODAY)
    assert good.exit_code == 0
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    files_before = sorted(path.name for path in tmp_path.iterdir())

    source = tmp_path / "export"
    shutil.copytree(FIXTURE_DIR, source)
    with (source / "visits.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    drop = rows[0].index("lead_agency_id")
    _write_csv(source / "visits.csv", [c for i, c in enumerate(rows[0]) if i != drop],
               [[c for i, c in enumerate(row) if i != drop] for row in rows[1:]])

    bad = ingest(source, database=database, rejects_path=tmp_path / "r.csv", today=TODAY)
    assert bad.exit_code == 1
    assert "lead_agency_id" in bad.error
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    # No half-built file is left next to the database.
    assert sorted(path.name for path in tmp_path.iterdir() if path.name != "export") == files_before


def test_settings_match_the_values_these_tests_assume():
    settings = load_settings().query_settings()
    assert (settings["reply_working_days"], settings["held_after_days"]) == (15, 7)
    assert (settings["never_present_min_listed"], settings["rarely_present_min_listed"],
            settings["rarely_present_max_rate"], settings["under_quota_min_months"],
            settings["holding_min_items"]) == (3, 5, 0.5, 3, 2)


def test_run_query_checks_parameters(con):
    # The runner refuses a named query run without its parameters.
    from outreach.query.db import QueryError

    with pytest.raises(QueryError):
        run_query(con, "monthly_trend", {})
