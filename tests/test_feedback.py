"""The citizen feedback page (Ý kiến người dân): its queries, its logic module and the page itself.

The shared macros (feedback_asof, feedback_in_period, feedback_km) are tested in test_metrics.py;
here the page's own queries are checked:

- on the hand-made fixture (tests/fixtures/export, story in test_metrics.py), with every expected
  value worked out by hand in the comments: as_of = 2025-10-15, default period 2024-11-01 ..
  2025-10-15; the twelve items of the period are YK0001..YK0012;
- on a copy of the fixture with a few extra items (deadlines across Tết 2026 and the 2026 make-up
  Saturday, replies on day 7 and day 8 without forwarding, an on-the-spot item);
- on the seeded demo province against its ground truth (slow agencies, planted held items) and
  against an independent pandas reading of docs/metrics.md (tests/oracle.py) from the export files.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import statistics
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import oracle
from outreach.query import db
from outreach.views import feedback
from outreach.config import load_settings
from outreach.i18n import TEXT
from outreach.ingest.load import ingest
from outreach.query.periods import resolve_period
from support import ROOT, TODAY, _plain, _records, copy_fixture, write_config, open_tab, cards

D = dt.date.fromisoformat
AS_OF = D("2025-10-15")
START = D("2024-11-01")
PAGE = "pages/2_y_kien.py"
FEEDBACK_QUERIES = [name for name in db.query_names() if name.startswith("feedback_")]


# ---------------------------------------------------------------- helpers


def _row(frame: pd.DataFrame) -> dict:
    assert len(frame) == 1
    return {key: _plain(value) for key, value in frame.iloc[0].to_dict().items()}


def _close(actual: dict, expected: dict) -> None:
    problems = []
    for key, want in expected.items():
        got = actual[key]
        ok = (got is None) if want is None else (
            got is not None and math.isclose(got, want, rel_tol=1e-9) if isinstance(want, float) else got == want)
        if not ok:
            problems.append(f"{key}: expected {want!r}, got {got!r}")
    assert not problems, "\n".join(problems)


def run(con, name: str, *, start=START, ref_date=AS_OF, as_of=AS_OF, commune=None, agency=None) -> pd.DataFrame:
    """Run a named query with the fixture's default scope, or the dates and filters given."""
    params = db.Scope(period=resolve_period(data_as_of=AS_OF)).available(load_settings())
    params.update(start=start, ref_date=ref_date, as_of=as_of, commune=commune, agency=agency)
    query = db.load_query(name)
    return db.run_query(con, name, {key: params[key] for key in query.parameters})


def test_the_page_queries_use_only_scope_and_settings_parameters():
    # The page runs them through ui.run, which supplies only these names.
    available = set(db.Scope(period=resolve_period(data_as_of=AS_OF)).available(load_settings()))
    assert len(FEEDBACK_QUERIES) >= 12
    for name in FEEDBACK_QUERIES:
        assert db.load_query(name).parameters <= available, name


# ---------------------------------------------------------------- fixture: headline and flow


def test_summary_on_fixture(con):
    _close(_row(run(con, "feedback_summary")), {
        "received": 12,                  # YK0001..YK0012
        "handled_on_spot": 1,            # YK0003
        "forwarded": 7,                  # YK0001 (DV31), 02, 06, 08, 11 (DV32), 04, 05 (DV01)
        "replied": 7,                    # 01, 02, 03 (on the spot), 04, 05, 11, 12
        "replied_on_time": 5,            # 01 (on its due date), 03, 04, 11, 12
        "resolved": 1,                   # YK0001 (YK0014 is in the previous period)
        "open": 5,                       # 06, 07, 08, 09, 10
        "open_overdue": 2,               # 06, 07 (08 is due on as_of itself: not overdue)
        "held_information": 4,           # 05 (forwarded day 8), 07, 09, 12
        "on_time_rate": 5 / 9,           # 5 / (7 replied + 2 overdue)
        "median_days_km": 24,            # S(24) = 0.4125 (test_metrics)
        "p90_days_km": None,             # S never <= 0.1
        "median_days_replied_only": 17.0,  # 0, 9, 17, 17, 24, 24, 28
        # Working days of the replies: 0, 7, 13, 13, 15, 16, 18 -> 13.
        "median_working_days_replied_only": 13.0,
        "oldest_open_days": 72,          # YK0006, received 2025-08-04
    })


def test_flow_on_fixture(con):
    frame = run(con, "feedback_flow")
    assert _records(frame, ["route", "status", "items", "resolved", "held_information"]) == [
        # YK0003 answered on the spot: replied on its received date, on time.
        ("on_spot", "replied_on_time", 1, 0, 0),
        ("on_spot", "replied_late", 0, 0, 0),
        ("on_spot", "open_in_time", 0, 0, 0),
        ("on_spot", "open_overdue", 0, 0, 0),
        # Forwarded: on time 01 (resolved), 04, 11; late 02, 05 (held: forwarded on day 8);
        # open in time 08 (due on as_of); overdue 06.
        ("forwarded", "replied_on_time", 3, 1, 0),
        ("forwarded", "replied_late", 2, 0, 1),
        ("forwarded", "open_in_time", 1, 0, 0),
        ("forwarded", "open_overdue", 1, 0, 0),
        # Not forwarded: 12 replied on time (held); 09 (held) and 10 open in time; 07 overdue (held).
        ("not_forwarded", "replied_on_time", 1, 0, 1),
        ("not_forwarded", "replied_late", 0, 0, 0),
        ("not_forwarded", "open_in_time", 2, 0, 1),
        ("not_forwarded", "open_overdue", 1, 0, 1),
    ]
    summary = _row(run(con, "feedback_summary"))
    assert frame["items"].sum() == summary["received"]
    assert frame["held_information"].sum() == summary["held_information"]


def test_flow_lists_all_twelve_cells_when_the_scope_is_empty(con):
    # Nothing was forwarded to DV02.
    frame = run(con, "feedback_flow", agency="DV02")
    assert len(frame) == 12 and frame["items"].sum() == 0
    assert _row(run(con, "feedback_summary", agency="DV02"))["on_time_rate"] is None


# ---------------------------------------------------------------- fixture: items extract


ITEM_COLUMNS = ["feedback_id", "due_effective", "days_to_reply", "working_days_to_reply", "on_time", "is_open",
                "is_overdue", "is_held_information"]


def test_items_extract_has_the_contract_columns_and_no_personal_data(con):
    frame = run(con, "feedback_items")
    for column in ITEM_COLUMNS:
        assert column in frame.columns
    assert not {"citizen_name", "citizen_phone"} & set(frame.columns)
    # The fixture's citizens (YK0001 Lê Văn Tám 0912345678, YK0002 Ngô Thị Mai, YK0005 Đinh Văn Lộc)
    # appear nowhere in the extract.
    text = [str(cell) for cell in frame.to_numpy().ravel()]
    for personal in ("Lê Văn Tám", "0912345678", "Ngô Thị Mai", "0987000111", "Đinh Văn Lộc", "0909555123"):
        assert not any(personal in cell for cell in text), personal
    assert list(frame["feedback_id"]) == ["YK0001", "YK0012", "YK0002", "YK0003", "YK0004", "YK0005", "YK0006",
                                          "YK0007", "YK0008", "YK0009", "YK0011", "YK0010"]  # by received date


def test_items_deadlines_across_tet_and_a_make_up_saturday(con):
    items = run(con, "feedback_items").set_index("feedback_id")
    working = oracle.WorkingDays(range(2024, 2027))
    # YK0001 received Mon 2025-01-20 with no due date. The holidays library closes Jan 27 - Jan 31
    # for Tết, so the 15th working day is Mon 2025-02-17 (it would be Feb 10 without Tết).
    assert all(not working.is_working(D("2025-01-27") + dt.timedelta(days=n)) for n in range(5))
    assert _plain(items.loc["YK0001", "due_effective"]) == working.nth_after(D("2025-01-20"), 15) == D("2025-02-17")
    # Replied on that very day: on time, 15 working days, 28 calendar days.
    assert _records(items.loc[["YK0001"]].reset_index(), ITEM_COLUMNS) == [
        ("YK0001", D("2025-02-17"), 28, 15, True, False, False, False)]
    # YK0002 received Tue 2025-04-22: Saturday 2025-04-26 is an official make-up working day in the
    # holidays library, so the 15th working day is Thu 05-15 (Fri 05-16 without it). Replied 05-16:
    # one working day late, 16 working days.
    assert D("2025-04-26") in working.make_up
    assert _records(items.loc[["YK0002"]].reset_index(), ITEM_COLUMNS) == [
        ("YK0002", D("2025-05-15"), 24, 16, False, False, False, False)]


def test_items_open_items_are_neither_late_nor_on_time(con):
    items = run(con, "feedback_items").set_index("feedback_id")
    rows = _records(items.loc[["YK0008", "YK0009", "YK0010", "YK0006"]].reset_index(), ITEM_COLUMNS)
    assert rows == [
        # Due on as_of itself: open, not overdue, on_time empty.
        ("YK0008", D("2025-10-15"), None, None, None, True, False, False),
        # Due 10-22 and 10-31, after as_of: in time so far (YK0009 is held: never forwarded in 14 days).
        ("YK0009", D("2025-10-22"), None, None, None, True, False, True),
        ("YK0010", D("2025-10-31"), None, None, None, True, False, False),
        # Due 08-25 < as_of: overdue, and still not counted as "late" (on_time stays empty).
        ("YK0006", D("2025-08-25"), None, None, None, True, True, False),
    ]


# ---------------------------------------------------------------- fixture: Kaplan-Meier curve


# (days, at risk, replies, censored, S(t)) worked out from the twelve items of the period:
# km times 0 e (YK0003), 5 c (10), 9 e (11), 14 c (09), 17 e e (04, 12), 24 e e (02, 05), 25 c (08),
# 28 e (01), 44 c (07), 72 c (06).
FIXTURE_CURVE = [
    (0, 12, 1, 0, 11 / 12),                      # 1 - 1/12
    (5, 11, 0, 1, 11 / 12),
    (9, 10, 1, 0, 11 / 12 * 9 / 10),             # 0.825
    (14, 9, 0, 1, 0.825),
    (17, 8, 2, 0, 0.825 * 6 / 8),                # 0.61875
    (24, 6, 2, 0, 0.61875 * 4 / 6),              # 0.4125 <= 0.5: the median
    (25, 4, 0, 1, 0.4125),
    (28, 3, 1, 0, 0.4125 * 2 / 3),               # 0.275
    (44, 2, 0, 1, 0.275),
    (72, 1, 0, 1, 0.275),                        # never <= 0.1: no p90
]


def test_km_curve_worked_by_hand(con):
    frame = run(con, "feedback_km_curve")
    rows = _records(frame, ["days", "at_risk", "replied", "censored", "survival"])
    assert [row[:4] for row in rows] == [row[:4] for row in FIXTURE_CURVE]
    for (_, _, _, _, got), (_, _, _, _, want) in zip(rows, FIXTURE_CURVE):
        assert math.isclose(got, want, rel_tol=1e-12)


def test_km_curve_matches_lifelines_and_the_summary(con):
    from lifelines import KaplanMeierFitter

    frame = run(con, "feedback_km_curve")
    durations = frame.loc[frame.index.repeat(frame["replied"] + frame["censored"])]["days"].tolist()
    events = []
    for _, row in frame.iterrows():
        events += [1] * int(row["replied"]) + [0] * int(row["censored"])
    fitter = KaplanMeierFitter().fit(durations, event_observed=events)
    lifelines_curve = fitter.survival_function_["KM_estimate"]
    for days, survival in zip(frame["days"], frame["survival"]):
        assert math.isclose(lifelines_curve.loc[days], survival, rel_tol=1e-9), days
    # The curve's first t with S <= 0.5 is the summary's (and the macro's) median.
    summary = _row(run(con, "feedback_summary"))
    assert int(frame.loc[frame["survival"] <= 0.5 + 1e-9, "days"].iloc[0]) == summary["median_days_km"] == 24
    assert fitter.median_survival_time_ == 24
    assert frame["replied"].sum() == summary["replied"]
    assert frame["censored"].sum() == summary["open"]


def test_km_curve_under_the_agency_filter_reaches_an_exact_half(con):
    # DV01: YK0004 17 e, YK0005 24 e -> S(17) = 1/2 exactly (the median), S(24) = 0.
    frame = run(con, "feedback_km_curve", agency="DV01")
    assert _records(frame, ["days", "at_risk", "replied", "censored", "survival"]) == [(17, 2, 1, 0, 0.5), (24, 1, 1, 0, 0.0)]


# ---------------------------------------------------------------- fixture: monthly, by agency, by dimension


def test_monthly_on_fixture(con):
    frame = run(con, "feedback_monthly")
    columns = ["month", "received", "replied", "replied_on_time", "open_overdue", "on_time_rate", "median_days_km",
               "p90_days_km", "median_days_replied_only"]
    assert _records(frame, columns) == [
        (D("2024-11-01"), 0, 0, 0, 0, None, None, None, None),
        (D("2024-12-01"), 0, 0, 0, 0, None, None, None, None),
        (D("2025-01-01"), 1, 1, 1, 0, 1.0, 28, 28, 28.0),     # YK0001
        (D("2025-02-01"), 0, 0, 0, 0, None, None, None, None),
        (D("2025-03-01"), 1, 1, 1, 0, 1.0, 17, 17, 17.0),     # YK0012
        (D("2025-04-01"), 1, 1, 0, 0, 0.0, 24, 24, 24.0),     # YK0002 late: a real 0, not empty
        (D("2025-05-01"), 0, 0, 0, 0, None, None, None, None),
        (D("2025-06-01"), 1, 1, 1, 0, 1.0, 0, 0, 0.0),        # YK0003 on the spot
        # YK0004 17 e, YK0005 24 e: S(17) = 1/2 -> 17; S(24) = 0 -> 24; (17 + 24) / 2.
        (D("2025-07-01"), 2, 2, 1, 0, 0.5, 17, 24, 20.5),
        (D("2025-08-01"), 1, 0, 0, 1, 0.0, None, None, None),  # YK0006 open overdue, censored
        (D("2025-09-01"), 2, 0, 0, 1, 0.0, None, None, None),  # YK0007 overdue, YK0008 due on as_of
        # YK0010 5 c, YK0011 9 e (2 at risk -> 1/2), YK0009 14 c; 09 and 10 not yet due.
        (D("2025-10-01"), 3, 1, 1, 0, 1.0, 9, None, 9.0),
    ]


BY_AGENCY_COLUMNS = ["agency_id", "agency_name", "forwarded", "replied", "replied_on_time", "open", "open_overdue",
                     "on_time_rate", "median_days_km", "p90_days_km", "median_days_replied_only"]


def test_by_agency_on_fixture_lists_every_agency_worst_first(con):
    frame = run(con, "feedback_by_agency")
    assert list(frame.columns) == BY_AGENCY_COLUMNS
    assert _records(frame, BY_AGENCY_COLUMNS) == [
        # YK0002 late, YK0006 overdue, YK0008 open in time, YK0011 on time -> 1 / (2 + 1);
        # KM 9 e, 24 e, 25 c, 72 c: S(24) = 1/2 -> 24; replied-only (9 + 24) / 2.
        ("DV32", "UBND Xã Tân Phú", 4, 2, 1, 2, 1, 1 / 3, 24, None, 16.5),
        # YK0004 on time, YK0005 late -> 1/2; 17 e, 24 e.
        ("DV01", "Ban Dân vận Tỉnh ủy", 2, 2, 1, 0, 0, 0.5, 17, 24, 20.5),
        # YK0001 replied on its due date.
        ("DV31", "UBND Phường Bình An", 1, 1, 1, 0, 0, 1.0, 28, 28, 28.0),
        # Nothing forwarded: zeros and empty rates (edge rule 15).
        ("DV02", "Sở Nông nghiệp và Môi trường", 0, 0, 0, 0, 0, None, None, None, None),
    ]


def test_by_agency_filters(con):
    # Commune 99002: only DV32's items (YK0002, 06, 08, 11) come from there; every agency is listed.
    frame = run(con, "feedback_by_agency", commune="99002").set_index("agency_id")
    assert list(frame["forwarded"].sort_index().items()) == [("DV01", 0), ("DV02", 0), ("DV31", 0), ("DV32", 4)]
    # Agency filter: that agency only.
    assert _records(run(con, "feedback_by_agency", agency="DV31"), ["agency_id", "forwarded", "on_time_rate"]) == [
        ("DV31", 1, 1.0)]


def test_league_ranks_best_first_and_lists_worst_first(con):
    league = feedback.league_table(run(con, "feedback_by_agency"))
    # On-time rates DV31 1.0 > DV01 0.5 > DV32 1/3; DV02 has none and is not ranked.
    assert _records(league, ["agency_id", "rank"]) == [("DV32", 3), ("DV01", 2), ("DV31", 1), ("DV02", None)]


def test_league_ties_share_the_better_rank():
    frame = pd.DataFrame({
        "agency_id": ["A", "B", "C", "D", "E"],
        "on_time_rate": [0.9, 0.9, 0.9, 0.5, None],
        "open_overdue": [1, 1, 0, 0, 0],
        "median_days_km": [10, 10, 30, pd.NA, pd.NA],
    })
    league = feedback.league_table(frame)
    # C is best (same rate, fewer overdue); A and B tie for 2; D is last (a lower rate wins over
    # anything else); E has no rate.
    assert _records(league, ["agency_id", "rank"]) == [("D", 4), ("A", 2), ("B", 2), ("C", 1), ("E", None)]
    # Same rate and overdue count: a median never reached ranks below any reached median.
    tie = pd.DataFrame({"agency_id": ["X", "Y"], "on_time_rate": [0.8, 0.8], "open_overdue": [2, 2],
                        "median_days_km": [pd.NA, 90]})
    assert _records(feedback.league_table(tie), ["agency_id", "rank"]) == [("X", 2), ("Y", 1)]


def test_by_dimension_channel_on_fixture(con):
    frame = run(con, "feedback_by_dimension")
    channel = frame[frame["dimension"] == "channel"]
    columns = ["group_key", "items", "replied", "replied_on_time", "open", "open_overdue", "held_information",
               "on_time_rate", "median_days_km", "p90_days_km", "median_days_replied_only"]
    assert _records(channel, columns) == [
        # YK0001 28 e (on time), YK0005 24 e (late, held), YK0007 44 c (overdue, held), YK0009 14 c (held):
        # 1 / (2 + 1); S(24) = 2/3, S(28) = 1/3 -> 28; (24 + 28) / 2.
        ("hotline", 4, 2, 1, 2, 1, 3, 1 / 3, 28, None, 26.0),
        # YK0002 24 e (late), YK0006 72 c (overdue), YK0012 17 e (on time, held): S(17) = 2/3, S(24) = 1/3.
        ("letter", 3, 2, 1, 1, 1, 1, 1 / 3, 24, None, 20.5),
        ("dialogue", 1, 1, 1, 0, 0, 0, 1.0, 9, 9, 9.0),        # YK0011
        # YK0010 5 c, YK0004 17 e (2 at risk -> 1/2), YK0008 25 c.
        ("online", 3, 1, 1, 2, 0, 0, 1.0, 17, None, 17.0),
        ("visit", 1, 1, 1, 0, 0, 0, 1.0, 0, 0, 0.0),           # YK0003 on the spot
    ]
    for dimension in feedback.DIMENSIONS:
        assert frame.loc[frame["dimension"] == dimension, "items"].sum() == 12, dimension
    # The agency dimension agrees with feedback_by_agency, and keeps the not-forwarded items as a group.
    agency = frame[frame["dimension"] == "agency"].set_index("group_key", drop=False)
    assert _records(agency.loc[["DV32"]], ["group_name", "items", "on_time_rate", "median_days_km"]) == [
        ("UBND Xã Tân Phú", 4, 1 / 3, 24)]
    unforwarded = agency[agency["group_key"].isna()]
    assert _records(unforwarded, ["items", "median_days_km", "median_days_replied_only"]) == [(5, 17, 8.5)]


def test_dimension_table_labels_groups_in_vietnamese(con):
    frame = run(con, "feedback_by_dimension")
    channels = feedback.dimension_table(frame, "channel", lang="vi")
    assert list(channels["group_name"]) == ["Đường dây nóng", "Đơn thư", "Qua đối thoại", "Trực tuyến",
                                            "Qua buổi tiếp xúc"]
    agencies = feedback.dimension_table(frame, "agency", lang="vi")
    assert "(chưa chuyển đơn vị)" in set(agencies["group_name"])
    communes = feedback.dimension_table(frame, "commune", lang="vi")
    assert set(communes["group_name"]) == {"Phường Bình An", "Xã Tân Phú", "Xã Phước Hòa"}


# ---------------------------------------------------------------- fixture: backlog and open items


def test_backlog_on_fixture(con):
    frame = run(con, "feedback_backlog")
    assert list(frame.columns) == ["agency_id", "age_bucket", "open", "overdue"]
    assert _records(frame, ["agency_id", "age_bucket", "open", "overdue"]) == [
        # DV32: YK0008 25 days (due on as_of, not overdue), YK0006 72 days (overdue).
        ("DV32", "0-7", 0, 0),
        ("DV32", "8-15", 0, 0),
        ("DV32", "16-30", 1, 0),
        ("DV32", "31-60", 0, 0),
        ("DV32", ">60", 1, 1),
        # Not forwarded: YK0010 5 days, YK0009 14 days, YK0007 44 days (overdue).
        (None, "0-7", 1, 0),
        (None, "8-15", 1, 0),
        (None, "16-30", 0, 0),
        (None, "31-60", 1, 1),
        (None, ">60", 0, 0),
    ]


@pytest.mark.parametrize(("as_of", "item", "bucket"), [
    # YK0010 received 2025-10-10: 7 days old on 10-17 (0-7), 8 days on 10-18 (8-15).
    ("2025-10-17", "YK0010", "0-7"),
    ("2025-10-18", "YK0010", "8-15"),
    # YK0009 received 2025-10-01: 15 days on 10-16, 16 on 10-17.
    ("2025-10-16", "YK0009", "8-15"),
    ("2025-10-17", "YK0009", "16-30"),
    # YK0006 received 2025-08-04: 60 days on 10-03, 61 on 10-04.
    ("2025-10-03", "YK0006", "31-60"),
    ("2025-10-04", "YK0006", ">60"),
])
def test_backlog_bucket_edges(con, as_of, item, bucket):
    items = run(con, "feedback_open_items", ref_date=D(as_of), as_of=D(as_of)).set_index("feedback_id")
    age = int(items.loc[item, "age_days"])
    assert age == (D(as_of) - D({"YK0010": "2025-10-10", "YK0009": "2025-10-01", "YK0006": "2025-08-04"}[item])).days
    backlog = run(con, "feedback_backlog", ref_date=D(as_of), as_of=D(as_of))
    agency = items.loc[item, "forwarded_to"]
    cell = backlog[(backlog["agency_id"].fillna("") == (agency if isinstance(agency, str) else ""))
                   & (backlog["age_bucket"] == bucket)]
    # The item is alone in its cell: on these days the other open items of its agency are in other
    # buckets. DV32: YK0008 (09-20) is 13 / 14 days old on 10-03 / 10-04 (YK0011 not yet received).
    # Not forwarded: YK0007 (09-01) 45-47 days; on 10-16 YK0010 is 6, on 10-17 YK0009 16 and
    # YK0010 7, on 10-18 YK0009 17.
    assert len(cell) == 1
    assert int(cell["open"].iloc[0]) == 1


def test_open_items_oldest_first_in_calendar_and_working_days(con):
    frame = run(con, "feedback_open_items")
    assert not {"citizen_name", "citizen_phone"} & set(frame.columns)
    columns = ["feedback_id", "age_days", "working_days_open", "is_overdue", "days_overdue", "forwarded_to_name",
               "commune_name"]
    assert _records(frame, columns) == [
        # Working days d with received < d <= as_of (2025-10-15); Sep 1 and 2 are holidays.
        # Mon Aug 4: Aug 5-8 (4), 11-15 (9), 18-22 (14), 25-29 (19), Sep 3-5 (22), 8-12 (27), 15-19 (32),
        # 22-26 (37), Sep 29-Oct 3 (42), 6-10 (47), 13-15 (50). Due 08-25: 51 calendar days overdue.
        ("YK0006", 72, 50, True, 51, "UBND Xã Tân Phú", "Xã Tân Phú"),
        # Sep 1 (holiday): Sep 3-5 (3), ... Oct 13-15 (31). Due 09-23: 22 days overdue.
        ("YK0007", 44, 31, True, 22, None, "Phường Bình An"),
        # Sat Sep 20: Sep 22-26 (5), Sep 29-Oct 3 (10), 6-10 (15), 13-15 (18).
        ("YK0008", 25, 18, False, None, "UBND Xã Tân Phú", "Xã Tân Phú"),
        # Wed Oct 1: Oct 2-3 (2), 6-10 (7), 13-15 (10).
        ("YK0009", 14, 10, False, None, None, "Phường Bình An"),
        # Fri Oct 10: Oct 13, 14, 15.
        ("YK0010", 5, 3, False, None, None, "Phường Bình An"),
    ]
    working = oracle.WorkingDays(range(2024, 2027))
    for item, received in (("YK0006", "2025-08-04"), ("YK0007", "2025-09-01"), ("YK0008", "2025-09-20"),
                           ("YK0009", "2025-10-01"), ("YK0010", "2025-10-10")):
        days = [D(received) + dt.timedelta(days=n) for n in range(1, (AS_OF - D(received)).days + 1)]
        expected = sum(working.is_working(day) for day in days)
        assert int(frame.set_index("feedback_id").loc[item, "working_days_open"]) == expected, item


# ---------------------------------------------------------------- fixture: held information


def test_held_items_and_their_charging(con):
    frame = run(con, "feedback_held_items")
    assert _records(frame, ["feedback_id", "recorded_by", "recorder_agency_id", "days_to_forward", "days_to_reply",
                            "is_open"]) == [
        ("YK0009", "CB0001", "DV01", None, None, True),     # never forwarded, 14 days old
        ("YK0005", "CB0008", "DV02", 8, 24, False),          # forwarded on day 8
        ("YK0007", "CB0008", "DV02", None, None, True),      # never forwarded
        ("YK0012", None, None, None, 17, False),              # replied on day 17, recorded by nobody
    ]
    # YK0004 forwarded on day 7 is in time: not listed.
    assert "YK0004" not in set(frame["feedback_id"])


def test_held_information_at_exactly_seven_days(con):
    # YK0009 was received 2025-10-01 and never forwarded: on 10-08 it is exactly 7 days old and
    # held; on 10-07 it is only 6 days old and not yet held.
    def held(as_of: str) -> set[str]:
        return set(run(con, "feedback_held_items", ref_date=D(as_of), as_of=D(as_of))["feedback_id"])

    assert held("2025-10-08") == {"YK0005", "YK0007", "YK0009", "YK0012"}
    assert held("2025-10-07") == {"YK0005", "YK0007", "YK0012"}
    # YK0005 (received 07-01) forwarded on 07-09 = day 8; seen on 07-08 it is 7 days old, not
    # forwarded yet: already held. YK0004, forwarded on 07-08 = day 7, is in time.
    assert held("2025-07-08") == {"YK0005", "YK0012"}


def test_held_by_official_and_agency(con):
    officials = run(con, "feedback_held_by_official")
    assert _records(officials, ["official_id", "full_name", "agency_id", "items_recorded", "held_items", "held_share",
                                "is_flagged"]) == [
        # CB0008 recorded YK0004, 05, 07; held 05 and 07 -> 2 >= 2: flagged.
        ("CB0008", "Bùi Văn Khánh", "DV02", 3, 2, 2 / 3, True),
        # CB0001 recorded YK0001, 09 in the period (YK0013 is earlier); held 09 only.
        ("CB0001", "Nguyễn Văn An", "DV01", 2, 1, 0.5, False),
        # Held items nobody recorded: listed, charged to nobody, never flagged.
        (None, None, None, 1, 1, 1.0, False),
    ]
    agencies = run(con, "feedback_held_by_agency")
    assert _records(agencies, ["agency_id", "items_recorded", "held_items", "held_share", "officials_with_held",
                               "officials_flagged"]) == [
        ("DV02", 3, 2, 2 / 3, 1, 1),            # CB0008's three items
        ("DV01", 3, 1, 1 / 3, 1, 0),            # CB0001 YK0001, 09 + CB0005 YK0010
        (None, 1, 1, 1.0, 0, 0),                # YK0012
    ]
    # The agency filter keeps items recorded by the agency's officials (not the agency forwarded to).
    assert set(run(con, "feedback_held_items", agency="DV02")["feedback_id"]) == {"YK0005", "YK0007"}
    assert list(run(con, "feedback_held_by_official", agency="DV02")["official_id"]) == ["CB0008"]


# ---------------------------------------------------------------- an extended fixture: 2026 calendar, day 7 replies


EXTRA_ITEMS = [
    # Not forwarded, replied on day 7: in time, not held. Replied on day 8: held.
    "YK9101,2025-06-02,99001,,hotline,Đất đai,CB0005,false,,,,2025-06-09,,Hỏi thủ tục cấp đổi sổ,,",
    "YK9102,2025-06-02,99001,,hotline,Đất đai,CB0005,false,,,,2025-06-10,,Hỏi thủ tục cấp đổi sổ,,",
    # Handled on the spot, never forwarded, no reply date: replied at once, never held.
    "YK9103,2025-06-02,99001,,visit,Đất đai,CB0005,true,,,,,,Hỏi lịch tiếp dân,,",
    # Tết 2026 (Feb 16-20 in the holidays library): received Tue 2026-02-10; working days Feb 11-13 (3),
    # Feb 23-27 (8), Mar 2-6 (13), Mar 9, 10 (15) -> due 2026-03-10 (Mar 3 without Tết); replied then.
    "YK9201,2026-02-10,99002,,letter,Môi trường,CB0004,false,DV32,2026-02-11,,2026-03-10,,Khói bụi,,",
    # Make-up Saturday 2026-08-22 (for the Aug 31 day off): received Fri 2026-08-14; Aug 17-21 (5),
    # Sat 22 (6), Aug 24-28 (11), Aug 31 - Sep 2 off, Sep 3, 4, 7, 8 (15) -> due 2026-09-08 (Sep 9
    # without the make-up day). Replied Sep 9: one working day late.
    "YK9202,2026-08-14,99002,,letter,Môi trường,CB0004,false,DV32,2026-08-17,,2026-09-09,,Nước thải,,",
]


@pytest.fixture(scope="module")
def extended(tmp_path_factory):
    directory = tmp_path_factory.mktemp("feedback_extended")
    export = copy_fixture(directory / "export")
    path = export / "feedback.csv"
    path.write_text(path.read_text(encoding="utf-8") + "".join(line + "\n" for line in EXTRA_ITEMS), encoding="utf-8")
    report = ingest(export, database=directory / "o.duckdb", rejects_path=directory / "r.csv", today=TODAY)
    assert report.exit_code == 0, (report.error, report.rejects)
    connection = duckdb.connect(str(directory / "o.duckdb"), read_only=True)
    yield connection
    connection.close()


def test_extended_deadlines_across_tet_2026_and_the_2026_make_up_saturday(extended):
    as_of = D("2026-09-09")
    items = run(extended, "feedback_items", start=D("2026-01-01"), ref_date=as_of, as_of=as_of)
    assert _records(items, ITEM_COLUMNS) == [
        ("YK9201", D("2026-03-10"), 28, 15, True, False, False, False),
        ("YK9202", D("2026-09-08"), 26, 16, False, False, False, False),
    ]
    working = oracle.WorkingDays(range(2025, 2028))
    assert working.nth_after(D("2026-02-10"), 15) == D("2026-03-10")
    assert D("2026-08-22") in working.make_up and working.nth_after(D("2026-08-14"), 15) == D("2026-09-08")


def test_extended_held_information_for_replies_on_day_7_and_day_8(extended):
    held = run(extended, "feedback_held_items")
    assert "YK9102" in set(held["feedback_id"])
    assert not {"YK9101", "YK9103"} & set(held["feedback_id"])
    officials = run(extended, "feedback_held_by_official").set_index("official_id")
    # CB0005 recorded YK0010, YK9101, 9102, 9103; only YK9102 is held.
    assert (int(officials.loc["CB0005", "items_recorded"]), int(officials.loc["CB0005", "held_items"])) == (4, 1)
    flow = run(extended, "feedback_flow").set_index(["route", "status"])
    # YK0003 and YK9103 on the spot, replied on their received dates.
    assert int(flow.loc[("on_spot", "replied_on_time"), "items"]) == 2


# ---------------------------------------------------------------- logic module


def _summary(**values) -> pd.Series:
    base = dict(received=100, handled_on_spot=30, forwarded=60, replied=80, replied_on_time=70, resolved=40,
                open=20, open_overdue=8, held_information=2, on_time_rate=70 / 88, median_days_km=12,
                p90_days_km=40, median_days_replied_only=6.0, median_working_days_replied_only=4.0,
                oldest_open_days=120)
    base.update(values)
    return pd.Series(base)


def test_km_explanation_names_the_reason_in_plain_vietnamese():
    longer = feedback.km_explanation(_summary(), lang="vi")
    assert longer == ("Chỉ tính 80 ý kiến đã trả lời thì trung vị là 6 ngày; nhưng còn 20 ý kiến đang chờ "
                      "(lâu nhất 120 ngày), và khi tính cả những ý kiến này thì phải 12 ngày mới có một nửa số ý "
                      "kiến được trả lời.")
    unreached = feedback.km_explanation(_summary(median_days_km=None, p90_days_km=None), lang="vi")
    assert "hơn một nửa số ý kiến vẫn chưa có trả lời" in unreached and "120 ngày" in unreached
    close = feedback.km_explanation(_summary(median_days_km=6, median_days_replied_only=6.5, open=2), lang="vi")
    assert close.startswith("Hai con số gần nhau (6 và 6,5 ngày) vì 80,0% số ý kiến")
    shorter = feedback.km_explanation(_summary(median_days_km=17, median_days_replied_only=20.5), lang="vi")
    assert shorter.startswith("Trung vị chỉ tính ý kiến đã trả lời (20,5 ngày) lấy trung bình của hai ý kiến ở giữa")
    everything = feedback.km_explanation(_summary(open=0, replied=100, median_days_km=6, median_days_replied_only=6.5),
                                         lang="vi")
    assert everything.startswith("Mọi ý kiến đều đã được trả lời, nên cả hai con số (6 và 6,5 ngày)")
    assert feedback.km_explanation(_summary(replied=0, median_days_km=None, median_days_replied_only=None),
                                   lang="vi") == "Chưa có ý kiến nào được trả lời, nên chưa tính được thời gian trả lời."
    assert feedback.km_explanation(_summary(received=0, replied=0, open=0), lang="vi") is None
    assert feedback.km_explanation(_summary(), lang="en").startswith("Counting only the 80 replied items")


def test_cards_and_sentence_format_vi_vn():
    cards = {card.key: card for card in feedback.flow_cards(_summary(received=40500, replied=38085), lang="vi")}
    assert cards["received"].value == "40.500"
    assert cards["replied"].note == "94,0% số tiếp nhận"
    assert cards["on_time_rate"].value == "79,5%"
    km = {card.key: card for card in feedback.km_cards(_summary(p90_days_km=None, median_days_replied_only=20.5),
                                                       lang="vi")}
    assert km["median_days_km"].value == "12 ngày"
    assert km["p90_days_km"].value == "chưa đạt"
    assert km["median_days_replied_only"].value == "20,5 ngày"
    assert km["median_days_replied_only"].note == "4 ngày làm việc"


def test_figures_build_from_fixture_frames(con):
    summary = run(con, "feedback_summary").iloc[0]
    flow = run(con, "feedback_flow")
    table, labels = feedback.flow_table(flow, lang="vi")
    # All items, on the spot, forwarded, not forwarded; four statuses; the first row is their sum.
    assert list(table.index) == ["all", "on_spot", "forwarded", "not_forwarded"] and list(table.columns) == list(feedback.STATUSES)
    assert (table.loc["all"] == table.iloc[1:].sum()).all() and table.loc["all"].sum() == flow["items"].sum()
    assert labels[0] == f"Tất cả ý kiến ({table.loc['all'].sum()})"
    html = feedback.flow_bars_html(flow, lang="vi")
    # One bar per route whose segments' widths are its shares (adding up to 100%), in vi-VN in the tooltips.
    bars = re.findall(r'<div class="ob-bar"[^>]*>(.*?)</div>', html)
    assert len(bars) == 4
    for (route, counts), bar in zip(table.iterrows(), bars):
        widths = [float(width) for width in re.findall(r"width:([0-9.]+)%", bar)]
        assert math.isclose(sum(widths), 100.0, abs_tol=0.01)
        assert len(widths) == int((counts > 0).sum())
    assert "Trả lời đúng hạn: " in html and "%)" in html and "," in re.search(r'title="([^"]*)"', html).group(1)
    km = feedback.km_chart(run(con, "feedback_km_curve"), summary, lang="vi")
    # The step starts at 100% still waiting on day 0 and goes right then down at each reply.
    curve = re.search(r'<path d="(M[^"]*)" fill="none" stroke="%s"' % feedback.CURVE_COLOUR, km).group(1)
    assert curve.startswith("M") and "H" in curve and "V" in curve
    tips = re.findall(r"<title>([^<]*)</title>", km)
    assert tips[0] == "Sau 0 ngày: 100,0% còn chờ" and all(tip.startswith("Sau ") for tip in tips)
    assert "Trung vị 24 ngày" in km  # p90 is not reached on the fixture: no p90 marker
    assert "90% sau" not in km
    assert "Chỉ tính đã trả lời: 17 ngày" in km
    assert ">100%</text>" in km and ">50%</text>" in km  # the share axis in vi-VN percentages
    monthly = feedback.monthly_figure(run(con, "feedback_monthly"), lang="vi")
    assert len(monthly.data) == 3
    backlog = run(con, "feedback_backlog")
    assert list(feedback.backlog_by_age(backlog)["open"]) == [1, 1, 1, 1, 1]
    names = feedback.agency_names(run(con, "feedback_by_agency"))
    by_agency = feedback.backlog_agency_figure(backlog, names, lang="vi")
    assert list(by_agency.data[0].y) == ["(chưa chuyển đơn vị)", "UBND Xã Tân Phú"]  # 3 open, then 2


def test_column_config_labels_every_shown_column():
    import streamlit as st

    from outreach.views import columns as columns_registry

    for columns in (feedback.LEAGUE_COLUMNS, feedback.BREAKDOWN_COLUMNS, feedback.OPEN_COLUMNS, feedback.HELD_ITEM_COLUMNS,
                    feedback.HELD_OFFICIAL_COLUMNS, feedback.HELD_AGENCY_COLUMNS):
        config = columns_registry.table_config(st.column_config, columns, "vi", page="feedback")
        assert set(config) == set(columns)
        assert all(config[column]["label"] == TEXT["fb_col_" + column]["vi"] for column in columns)
    # The registry's kinds: the league's on-time rate as a bar, dates dd/mm/yyyy, days as numbers.
    league = columns_registry.table_config(st.column_config, ["on_time_rate", "received_date", "age_days"], "vi",
                                           page="feedback")
    assert league["on_time_rate"]["type_config"]["type"] == "progress"
    assert league["received_date"]["type_config"]["format"] == "DD/MM/YYYY"
    assert league["age_days"]["type_config"]["format"] == "localized"


# ---------------------------------------------------------------- the demo province


def _load_feedback_export(directory: Path) -> pd.DataFrame:
    """feedback.csv read independently of the import (empty cells become None)."""
    frame = pd.read_csv(directory / "feedback.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig").astype(object)
    for column in oracle.DATE_COLUMNS["feedback"]:
        frame[column] = [D(value) if value else None for value in frame[column]]
    for column in ("forwarded_to", "recorded_by", "topic"):
        frame[column] = [value or None for value in frame[column]]
    frame["handled_on_spot"] = [value.strip().lower() in ("true", "1", "có", "x") for value in frame["handled_on_spot"]]
    return frame


@pytest.fixture(scope="module")
def demo(demo_export, demo_database):
    truth = json.loads((demo_export / "ground_truth.json").read_text(encoding="utf-8"))
    connection = duckdb.connect(str(demo_database), read_only=True)
    as_of, _ = db.data_as_of(connection)
    period = resolve_period(data_as_of=as_of)
    assert (as_of.isoformat(), f"{period.start:%Y-%m}") == (truth["as_of"], truth["default_period"]["start"])

    def query(name: str) -> pd.DataFrame:
        return run(connection, name, start=period.start, ref_date=period.ref_date, as_of=period.as_of)

    # The independent reading: tests/oracle.py's feedback_items on the export files.
    items = oracle.feedback_items({"feedback": _load_feedback_export(demo_export)}, as_of)
    items = items[items["received_date"].map(lambda day: period.start <= day <= period.ref_date)].copy()
    yield {"truth": truth, "query": query, "items": items, "period": period, "export": demo_export}
    connection.close()


def test_demo_slow_agencies_are_at_the_bottom_of_the_league(demo):
    slow = set(demo["truth"]["slow_agencies"])
    league = feedback.league_table(demo["query"]("feedback_by_agency"))
    ranked = league[league["rank"].notna()]
    worst = set(ranked.nlargest(len(slow), "rank")["agency_id"])
    assert worst == slow
    # Worst first by default: they open the table, and nobody else shares their ranks.
    assert set(league["agency_id"].head(len(slow))) == slow
    assert ranked.loc[~ranked["agency_id"].isin(slow), "rank"].max() < ranked.loc[ranked["agency_id"].isin(slow), "rank"].min()


def test_demo_held_items_are_exactly_the_planted_ones(demo):
    held = demo["query"]("feedback_held_items")
    assert sorted(held["feedback_id"]) == demo["truth"]["held_items"]
    assert held["feedback_id"].is_unique
    # The oracle finds the same set, and the officials with 2 or more are the planted holders.
    assert sorted(demo["items"].loc[demo["items"]["is_held"], "feedback_id"]) == demo["truth"]["held_items"]
    officials = demo["query"]("feedback_held_by_official")
    assert sorted(officials.loc[officials["is_flagged"], "official_id"]) == demo["truth"]["flags"]["holding_information"]
    assert int(officials["held_items"].sum()) == len(demo["truth"]["held_items"])


def test_demo_items_extract_matches_the_oracle(demo):
    items = demo["items"]
    extract = demo["query"]("feedback_items").set_index("feedback_id")
    assert sorted(extract.index) == sorted(items["feedback_id"])
    working = oracle.WorkingDays(range(min(items["received_date"]).year - 1, demo["period"].as_of.year + 3))
    expected = items.set_index("feedback_id")
    got = extract.loc[expected.index]
    assert [_plain(day) for day in got["due_effective"]] == list(expected["due"])
    assert [_plain(value) for value in got["on_time"]] == list(expected["on_time"])
    assert list(got["is_open"]) == list(~expected["is_replied"])
    assert list(got["is_overdue"]) == list(expected["is_overdue"])
    assert list(got["is_held_information"]) == list(expected["is_held"])
    days = [(reply - received).days if reply is not None else None
            for reply, received in zip(expected["reply"], expected["received_date"])]
    assert [_plain(value) for value in got["days_to_reply"]] == days
    # Working days to reply: working days d with received < d <= reply, counted with the library.
    sample = expected[expected["is_replied"]].iloc[::25]
    for feedback_id, row in sample.iterrows():
        span = [row["received_date"] + dt.timedelta(days=n) for n in range(1, (row["reply"] - row["received_date"]).days + 1)]
        assert int(got.loc[feedback_id, "working_days_to_reply"]) == sum(working.is_working(d) for d in span), feedback_id


def test_demo_by_agency_extract_matches_the_oracle(demo):
    items = demo["items"]
    agencies = pd.read_csv(demo["export"] / "agencies.csv", dtype=str, keep_default_na=False)
    extract = demo["query"]("feedback_by_agency").set_index("agency_id")
    assert sorted(extract.index) == sorted(agencies["agency_id"])
    for agency_id in agencies["agency_id"]:
        mine = items[items["forwarded_to"] == agency_id]
        replied, overdue = int(mine["is_replied"].sum()), int(mine["is_overdue"].sum())
        on_time = int((mine["on_time"] == True).sum())  # noqa: E712
        replied_times = list(mine.loc[mine["is_replied"], "km_t"])
        expected = {
            "forwarded": len(mine), "replied": replied, "replied_on_time": on_time,
            "open": len(mine) - replied, "open_overdue": overdue,
            "on_time_rate": on_time / (replied + overdue) if replied + overdue else None,
            "median_days_km": oracle.kaplan_meier_quantile(mine, 0.5) if len(mine) else None,
            "p90_days_km": oracle.kaplan_meier_quantile(mine, 0.1) if len(mine) else None,
            "median_days_replied_only": float(statistics.median(replied_times)) if replied_times else None,
        }
        _close({key: _plain(extract.loc[agency_id, key]) for key in expected}, expected)


def test_demo_backlog_and_summary_match_the_oracle(demo):
    items, as_of = demo["items"], demo["period"].as_of
    open_items = items[~items["is_replied"]].copy()
    age = open_items["received_date"].map(lambda day: (as_of - day).days)
    open_items["age_bucket"] = pd.cut(age, [-1, 7, 15, 30, 60, 10**6], labels=list(feedback.AGE_BUCKETS)).astype(str)
    open_items["agency"] = open_items["forwarded_to"].fillna("")
    expected = open_items.groupby(["agency", "age_bucket"]).agg(open=("feedback_id", "size"), overdue=("is_overdue", "sum"))
    backlog = demo["query"]("feedback_backlog").assign(agency=lambda f: f["agency_id"].fillna(""))
    nonzero = backlog[backlog["open"] > 0].set_index(["agency", "age_bucket"])[["open", "overdue"]].sort_index()
    assert nonzero.astype(int).to_dict() == expected.sort_index().astype(int).to_dict()
    assert (backlog.groupby("agency").size() == len(feedback.AGE_BUCKETS)).all()

    summary = _row(demo["query"]("feedback_summary"))
    replied, overdue = int(items["is_replied"].sum()), int(items["is_overdue"].sum())
    _close(summary, {
        "received": len(items), "replied": replied, "open": len(items) - replied, "open_overdue": overdue,
        "replied_on_time": int((items["on_time"] == True).sum()),  # noqa: E712
        "held_information": int(items["is_held"].sum()),
        "handled_on_spot": int(items["handled_on_spot"].sum()),
        "forwarded": int(items["forwarded_to"].notna().sum()),
        "median_days_km": oracle.kaplan_meier_quantile(items, 0.5),
        "p90_days_km": oracle.kaplan_meier_quantile(items, 0.1),
        "median_days_replied_only": float(statistics.median(items.loc[items["is_replied"], "km_t"])),
    })


# ---------------------------------------------------------------- the page (AppTest)


@pytest.fixture()
def app(fixture_config, monkeypatch):
    monkeypatch.setenv("OUTREACH_CONFIG", str(fixture_config))
    from outreach.ui import results
    results.settings.clear()
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def _page(app):
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception
    return app


def _english_only_texts() -> set[str]:
    """English texts of this page that differ from their Vietnamese: none may show in Vietnamese."""
    return {entry["en"] for key, entry in TEXT.items() if key.startswith("fb_") and entry["en"] != entry["vi"]
            and len(entry["en"]) > 3 and "{" not in entry["en"]}


def test_page_renders_in_vietnamese_with_its_key_elements(app):
    _page(app)
    assert app.title[0].value == "Ý kiến người dân"
    assert app.markdown[0].value.startswith("Số liệu đến ngày **15/10/2025**")
    labels = [metric.label for metric in cards(app)]
    assert labels[:8] == ["Tiếp nhận", "Giải đáp tại chỗ", "Chuyển đơn vị", "Đã trả lời", "Đã giải quyết xong",
                          "Đang chờ trả lời", "Quá hạn chưa trả lời", "Trả lời đúng hạn"]
    values = {metric.label: metric.value for metric in cards(app)}
    assert values["Tiếp nhận"] == "12" and values["Trả lời đúng hạn"] == "55,6%"
    assert values["Một nửa được trả lời trong"] == "24 ngày" and values["90% được trả lời trong"] == "chưa đạt"
    assert values["Chỉ tính ý kiến đã trả lời"] == "17 ngày"
    assert [tab.label for tab in app.tabs] == ["Thời gian trả lời", "Theo tháng", "Xếp hạng đơn vị", "Theo nhóm",
                                               "Tồn đọng", "Ém thông tin"]
    infos = [info.value for info in app.info]
    assert any(text.startswith("Chỉ tính 7 ý kiến đã trả lời thì trung vị là 17 ngày") for text in infos)
    shown = labels + [tab.label for tab in app.tabs]

    def texts() -> list[str]:
        return [element.value for kind in ("markdown", "subheader", "caption", "info") for element in getattr(app, kind)]

    shown += texts()
    # Each section draws its own tables only: the league (worst first), the breakdown, the open
    # items, then held by official, by agency and the held items.
    counts = {}
    for label in ("Theo tháng", "Xếp hạng đơn vị", "Theo nhóm", "Tồn đọng", "Ém thông tin"):
        open_tab(app, "feedback_tab", label)
        counts[label] = len(app.dataframe)
        if label == "Xếp hạng đơn vị":
            assert list(app.dataframe[0].value["agency_id"]) == ["DV32", "DV01", "DV31", "DV02"]
        shown += texts()
        infos += [info.value for info in app.info]
    assert any(text.startswith("**Quy tắc.**") and "7 ngày" in text for text in infos)
    assert counts == {"Theo tháng": 0, "Xếp hạng đơn vị": 1, "Theo nhóm": 1, "Tồn đọng": 1, "Ém thông tin": 3}
    assert list(app.dataframe[2].value["feedback_id"]) == ["YK0009", "YK0005", "YK0007", "YK0012"]
    # Query names in the definitions expander (`queries/feedback_items.sql`) are code, not prose.
    prose = [re.sub(r"`[^`]*`", "", value) for value in shown]
    leaked = [text for text in _english_only_texts()
              if any(re.search(r"(?<!\w)" + re.escape(text) + r"(?!\w)", value) for value in prose)]
    assert not leaked, leaked
    assert not any("chưa có trong phiên bản này" in info for info in infos)


def test_page_switches_to_english(app):
    _page(app)
    app.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Citizen feedback"
    assert [metric.label for metric in cards(app)][:2] == ["Received", "Answered on the spot"]


def test_page_dimension_switch(app):
    _page(app)
    open_tab(app, "feedback_tab", "Theo nhóm")
    app.radio(key="fb_dimension").set_value("channel").run()
    assert not app.exception
    assert list(app.dataframe[0].value["group_name"]) == ["Đường dây nóng", "Đơn thư", "Qua đối thoại", "Trực tuyến",
                                                          "Qua buổi tiếp xúc"]


def test_page_with_nothing_forwarded_still_shows_held_information(app):
    # Nothing was forwarded to DV02: the page says so and shows no figures for replies, but the items
    # its official CB0008 held back (YK0005, YK0007) are charged to DV02 and still listed.
    app.query_params["agency"] = "DV02"
    _page(app)
    assert any(info.value == "Không có ý kiến nào được tiếp nhận trong kỳ và phạm vi đang xem." for info in app.info)
    assert len(cards(app)) == 0
    open_tab(app, "feedback_tab", "Xếp hạng đơn vị")
    assert _records(app.dataframe[0].value, ["agency_id", "forwarded", "rank"]) == [("DV02", 0, None)]
    open_tab(app, "feedback_tab", "Ém thông tin")
    assert list(app.dataframe[-1].value["feedback_id"]) == ["YK0005", "YK0007"]
    assert "Định nghĩa và nguồn số liệu" in [box.label for box in app.main.expander]


def test_page_under_a_commune_filter(app):
    # Commune 99003 sent only YK0012: replied on day 17 without being forwarded (held, no recorder).
    app.query_params["commune"] = "99003"
    _page(app)
    values = {metric.label: metric.value for metric in cards(app)}
    assert values["Tiếp nhận"] == "1" and values["Đang chờ trả lời"] == "0"
    open_tab(app, "feedback_tab", "Tồn đọng")
    assert any(success.value == "Không còn ý kiến nào đang chờ trả lời." for success in app.success)
    open_tab(app, "feedback_tab", "Ém thông tin")
    assert list(app.dataframe[-1].value["feedback_id"]) == ["YK0012"]


def test_page_on_the_demo_province(demo_database, demo_export, tmp_path, monkeypatch):
    config = write_config(tmp_path, demo_database)
    monkeypatch.setenv("OUTREACH_CONFIG", str(config))
    from outreach.ui import results
    results.settings.clear()
    app = _page(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120))
    truth = json.loads((demo_export / "ground_truth.json").read_text(encoding="utf-8"))
    open_tab(app, "feedback_tab", "Xếp hạng đơn vị")
    league = app.dataframe[0].value
    assert set(league["agency_id"].head(len(truth["slow_agencies"]))) == set(truth["slow_agencies"])
    open_tab(app, "feedback_tab", "Ém thông tin")
    assert sorted(app.dataframe[2].value["feedback_id"]) == truth["held_items"]


def test_months_still_settling_are_faded_and_say_so(con):
    monthly = run(con, "feedback_monthly")
    # As of 2025-10-15, open and not yet due: YK0008 (received 2025-09-20) and YK0010 (2025-10-10);
    # every other open item is overdue. Those two months can still move.
    settling = [month.strftime("%Y-%m") for month, flag in zip(monthly["month"], feedback.settling_months(monthly))
                if flag]
    assert settling == ["2025-09", "2025-10"]
    figure = feedback.monthly_figure(monthly, lang="vi")
    naive, bars = figure.data[1], figure.data[2]
    flags = feedback.settling_months(monthly).tolist()
    assert all(value is None or math.isnan(value) for value, flag in zip(naive.y, flags) if flag)
    assert [opacity for opacity, flag in zip(bars.marker.opacity, flags) if flag] == [0.3, 0.3]
    assert feedback.settling_note(monthly, "vi").startswith("Tháng 09/2025, 10/2025 (mờ, dấu *)")


def test_share_bars_escape_their_texts_and_skip_empty_categories():
    from outreach.views.bars import share_bars_html

    table = pd.DataFrame({"a": [3, 0], "b": [1, 0]}, index=["x", "y"])
    html = share_bars_html(table, ['<img src=x onerror="alert(1)">', "rỗng"], names={"a": "A & B", "b": "<b>"},
                           colours={"a": "#111111", "b": "#222222"}, lang="vi", test_id="t")
    assert "<img" not in html and "&lt;img" in html and "<b>" not in html and "A &amp; B" in html
    assert "width:75.000%" in html and "width:25.000%" in html and "A &amp; B: 3 (75,0%)" in html
    assert html.count('class="ob-seg"') == 2  # the empty row draws an empty bar, never a 0-width segment
