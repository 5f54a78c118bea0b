"""The import's pre-aggregated tables give exactly what the raw tables give.

queries/staging builds tables at import (held_attendance, present_official_months, the quota
grid, feedback_base, held_visit_topics) so that pages do not join millions of rows on every
filter change. Each test below computes the same macro output straight from the raw contract
tables (the macros as they were before the pre-aggregates, kept here as the reference) and
compares row for row, on the fixture and the demo, over periods that probe the edges:
- the default period and the previous one (which starts before the first held visit),
- a period reaching past the last held visit (an as_of later than the data),
- a mid-month ref_date (a partial last month),
- a commune filter and an agency filter.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from outreach.query import db
from outreach.config import load_settings

REF_HELD = """
    select v.visit_id, v.commune_code, v.hamlet_id, v.lead_agency_id, v.visit_type, v.topic,
           v.citizens_attending, v.visit_date, date_trunc('month', v.visit_date)::date as visit_month
    from visits as v
    where v.status = 'held' and v.visit_date between $start and $ref
      and ($commune is null or v.commune_code = $commune)
"""

REF_ATTENDANCE = f"""
    select a.visit_id, a.official_id, o.agency_id, h.commune_code, h.lead_agency_id, a.listed, a.status,
           a.status in ('present', 'late') as is_present, h.visit_date, h.visit_month
    from attendance as a
    join ({REF_HELD}) as h using (visit_id)
    join officials as o using (official_id)
"""

REF_QUOTA = f"""
with months as (
    select m::date as month_start, last_day(m::date) as month_end
    from unnest(generate_series($start::timestamp, $ref::timestamp, interval 1 month)) as t(m)
    where last_day(m::date) <= $ref
),
active as (
    select a.official_id, a.commune_code, m.month_start, a.required_visits_per_month, a.visit_type
    from assignments as a
    join officials as o using (official_id)
    join months as m on a.assigned_from <= m.month_start and (a.assigned_to is null or a.assigned_to >= m.month_end)
    where ($commune is null or a.commune_code = $commune) and ($agency is null or o.agency_id = $agency)
),
required as (
    select official_id, month_start, sum(required_visits_per_month)::bigint as required from active group by all
),
attended as (
    select c.official_id, c.month_start, count(distinct p.visit_id)::bigint as attended
    from (select distinct official_id, commune_code, month_start from active) as c
    join ({REF_ATTENDANCE}) as p
      on p.official_id = c.official_id and p.commune_code = c.commune_code
     and p.visit_month = c.month_start and p.is_present
    group by all
),
typed as (
    -- docs/metrics.md, "Quota by visit type": per typed requirement, the counting visits of its type.
    select k.official_id, k.month_start, k.visit_type, k.required,
           (select count(distinct p.visit_id)
            from (select distinct official_id, commune_code, month_start from active) as c
            join ({REF_ATTENDANCE}) as p
              on p.official_id = c.official_id and p.commune_code = c.commune_code
             and p.visit_month = c.month_start and p.is_present
            join visits as v on v.visit_id = p.visit_id
            where c.official_id = k.official_id and c.month_start = k.month_start
              and v.visit_type = k.visit_type) as visits
    from (select official_id, month_start, visit_type, sum(required_visits_per_month) as required
          from active where visit_type is not null group by all having sum(required_visits_per_month) > 0) as k
),
typed_months as (
    select official_id, month_start, sum(required)::bigint as typed_required,
           sum(least(visits, required))::bigint as typed_used, bool_or(visits < required) as typed_short
    from typed group by all
)
select r.official_id, r.month_start, r.required, coalesce(t.attended, 0)::bigint as attended,
       coalesce(y.typed_required, 0)::bigint as typed_required, coalesce(y.typed_used, 0)::bigint as typed_used,
       r.required > 0 as is_counted,
       r.required > 0 and not coalesce(y.typed_short, false)
           and coalesce(t.attended, 0) - coalesce(y.typed_used, 0) >= r.required - coalesce(y.typed_required, 0)
           as is_met
from required as r left join attended as t using (official_id, month_start)
left join typed_months as y using (official_id, month_start)
"""

REF_FEEDBACK = """
with items as (
    select f.feedback_id, f.commune_code, f.visit_id, f.channel, f.topic, f.recorded_by, f.forwarded_to,
           f.handled_on_spot, f.received_date,
           case when f.forwarded_date <= $as_of then f.forwarded_date end as forwarded_date,
           f.due_date,
           case when f.replied_date <= $as_of then f.replied_date
                when f.handled_on_spot then f.received_date end as replied_date,
           case when f.resolved_date <= $as_of then f.resolved_date end as resolved_date
    from feedback as f where f.received_date <= $as_of
),
with_due as (
    select i.*, coalesce(i.due_date, due_day.day) as due_effective, received_day.working_day_index as received_index
    from items as i
    join calendar as received_day on received_day.day = i.received_date
    left join calendar as due_day
      on due_day.is_working_day and due_day.working_day_index = received_day.working_day_index + $days
)
select w.feedback_id, w.commune_code, w.visit_id, w.channel, w.topic, w.recorded_by,
       recorder.agency_id as recorder_agency_id, w.forwarded_to, w.handled_on_spot,
       w.forwarded_date is not null as is_forwarded, w.replied_date is not null as is_replied,
       w.replied_date is null as is_open, w.replied_date is null and $as_of > w.due_effective as is_overdue,
       case when w.replied_date is not null then w.replied_date <= w.due_effective end as on_time,
       not w.handled_on_spot and w.received_date <= $as_of - $held
           and not coalesce(w.forwarded_date <= w.received_date + $held, false)
           and not coalesce(w.replied_date <= w.received_date + $held, false) as is_held_information,
       (w.replied_date - w.received_date)::bigint as days_to_reply,
       (reply_day.working_day_index - w.received_index)::bigint as working_days_to_reply,
       coalesce(w.replied_date, $as_of) - w.received_date as km_days,
       ($as_of - w.received_date)::bigint as age_days,
       w.received_date, date_trunc('month', w.received_date)::date as received_month,
       w.forwarded_date, w.due_effective, w.replied_date, w.resolved_date
from with_due as w
left join calendar as reply_day on reply_day.day = w.replied_date
left join officials as recorder on recorder.official_id = w.recorded_by
"""

REF_OVERLAPS = f"""
with held as (select *, topic_key(topic) as topic_key from ({REF_HELD}))
select a.commune_code, a.topic, a.visit_id as visit_id_1, b.visit_id as visit_id_2,
       a.lead_agency_id as lead_agency_1, b.lead_agency_id as lead_agency_2,
       a.visit_date as visit_date_1, b.visit_date as visit_date_2,
       abs(b.visit_date - a.visit_date)::bigint as days_apart
from held as a
join held as b
  on a.commune_code = b.commune_code and a.topic_key = b.topic_key and a.visit_id < b.visit_id
 and a.lead_agency_id <> b.lead_agency_id and abs(b.visit_date - a.visit_date) <= $days
where $agency is null or $agency in (a.lead_agency_id, b.lead_agency_id)
"""


def _same(left: pd.DataFrame, right: pd.DataFrame, label: str) -> None:
    assert list(left.columns) == list(right.columns), label
    key = list(left.columns)
    a = left.sort_values(key, na_position="first").reset_index(drop=True)
    b = right.sort_values(key, na_position="first").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=label)


def _cases(con: duckdb.DuckDBPyConnection) -> list[dict]:
    as_of, _first = db.data_as_of(con)
    first_held, last_held = con.execute(
        "select min(visit_date), max(visit_date) from visits where status = 'held'").fetchone()
    commune = con.execute("select commune_code from visits where status = 'held' "
                          "group by all order by count(*) desc, commune_code limit 1").fetchone()[0]
    agency = con.execute("select agency_id from officials group by all order by count(*) desc, agency_id limit 1").fetchone()[0]
    year_before = as_of.replace(day=1) - dt.timedelta(days=330)
    start = year_before.replace(day=1)
    mid = last_held.replace(day=1) + dt.timedelta(days=9)  # a ref_date inside the last month with visits
    return [
        {"label": "default", "start": start, "ref": as_of, "as_of": as_of, "commune": None, "agency": None},
        {"label": "before the data", "start": (first_held.replace(day=1) - dt.timedelta(days=400)).replace(day=1),
         "ref": first_held + dt.timedelta(days=40), "as_of": as_of, "commune": None, "agency": None},
        {"label": "after the data", "start": start, "ref": last_held + dt.timedelta(days=75),
         "as_of": last_held + dt.timedelta(days=75), "commune": None, "agency": None},
        {"label": "mid-month", "start": start, "ref": mid, "as_of": mid, "commune": None, "agency": None},
        {"label": "commune", "start": start, "ref": as_of, "as_of": as_of, "commune": commune, "agency": None},
        {"label": "agency", "start": start, "ref": as_of, "as_of": as_of, "commune": None, "agency": agency},
        {"label": "both", "start": start, "ref": as_of, "as_of": as_of, "commune": commune, "agency": agency},
    ]


@pytest.fixture(scope="module", params=["fixture", "demo"])
def con(request, make_database):
    # The fixture export (default settings, from the shared factory) and the default-size demo.
    path = make_database() if request.param == "fixture" else request.getfixturevalue("demo_database")
    with duckdb.connect(str(path), read_only=True) as connection:
        yield connection


def test_quota_months_equal_the_raw_computation(con):
    for case in _cases(con):
        params = {k: case[k] for k in ("start", "ref", "commune", "agency")}
        got = con.execute("select * from quota_months($start, $ref, $commune, $agency, {'visits_from': null})", params).df()
        want = con.execute(REF_QUOTA, params).df()
        _same(got, want, f"quota_months, {case['label']}")
        if case["label"] == "default":
            assert len(want) > 0
        if case["label"] == "after the data":
            # Months after the last held visit come from the assignments, not the grid.
            last_grid_month = con.execute("select max(month_start) from quota_grid_months").fetchone()[0]
            beyond = got[got["month_start"].dt.date > last_grid_month]
            assert len(beyond) > 0 and (beyond["attended"] == 0).all()


def test_attendance_in_period_equals_the_raw_join(con):
    for case in _cases(con):
        params = {k: case[k] for k in ("start", "ref", "commune")}
        got = con.execute("select * from attendance_in_period($start, $ref, $commune)", params).df()
        want = con.execute(REF_ATTENDANCE, params).df()
        _same(got, want, f"attendance_in_period, {case['label']}")


def test_feedback_asof_equals_the_raw_computation(con):
    settings = load_settings().query_settings()
    for case in _cases(con):
        for days in (settings["reply_working_days"], 5):
            params = {"as_of": case["as_of"], "days": days, "held": settings["held_after_days"]}
            got = con.execute("select * from feedback_asof($as_of, {'reply_working_days': $days, "
                              "'held_after_days': $held})", params).df()
            want = con.execute(REF_FEEDBACK, params).df()
            _same(got, want, f"feedback_asof, {case['label']}, {days} working days")


def test_overlap_pairs_equal_the_plain_self_join(con):
    stored = con.execute("select overlap_stored_days()").fetchone()[0]
    # Windows inside the pairs stored at import (up to and at the edge) and one wider (computed
    # at query time by the second branch).
    for case in _cases(con):
        for days in (0, 7, 30, stored, stored + 9):
            params = {k: case[k] for k in ("start", "ref", "commune", "agency")} | {"days": days}
            got = con.execute("select * from overlap_pairs($start, $ref, $commune, $agency, $days)", params).df()
            want = con.execute(REF_OVERLAPS, params).df()
            _same(got, want, f"overlap_pairs, {case['label']}, {days} days")


REF_OFFICIAL_ATTENDANCE = f"""
select official_id,
       count(*) filter (where listed)::bigint as listed,
       count(*) filter (where is_present)::bigint as present,
       count(*) filter (where status = 'late')::bigint as late,
       count(*) filter (where listed and status = 'absent')::bigint as absent,
       count(*) filter (where listed and status = 'excused')::bigint as excused,
       count(*) filter (where listed and is_present)::bigint as listed_present,
       count(*) filter (where listed and status <> 'excused')::bigint as listed_not_excused
from ({REF_ATTENDANCE})
where $agency is null or agency_id = $agency
group by official_id
"""


def test_official_attendance_equals_the_counts_of_the_rows(con):
    as_of, _first = db.data_as_of(con)
    first_held = con.execute("select min(visit_date) from visits where status = 'held'").fetchone()[0]
    # Also: a period inside one month, and one that starts mid-data (running totals subtracted).
    extra = [{"label": "one month", "start": first_held.replace(day=1), "ref": first_held + dt.timedelta(days=3),
              "commune": None, "agency": None},
             {"label": "late start", "start": (as_of.replace(day=1) - dt.timedelta(days=100)).replace(day=1),
              "ref": as_of, "commune": None, "agency": None}]
    for case in _cases(con) + extra:
        params = {k: case[k] for k in ("start", "ref", "commune", "agency")}
        got = con.execute("select * from official_attendance($start, $ref, $commune, $agency)", params).df()
        want = con.execute(REF_OFFICIAL_ATTENDANCE, params).df()
        _same(got, want, f"official_attendance, {case['label']}")
        if case["label"] in ("default", "late start", "mid-month"):
            assert len(want) > 0, case["label"]


def test_agency_communes_visited_equal_the_present_rows(con):
    # Whole months from agency_commune_months, a partial last month from the rows: together the
    # distinct (agency, commune) of the period's present rows, also for quarter-sized windows.
    as_of, _first = db.data_as_of(con)
    quarter = {"label": "a quarter ending mid-month", "start": (as_of.replace(day=1) - dt.timedelta(days=62)).replace(day=1),
               "ref": as_of.replace(day=1) + dt.timedelta(days=12), "commune": None}
    for case in _cases(con) + [quarter]:
        params = {k: case[k] for k in ("start", "ref", "commune")}
        got = con.execute("select * from agency_communes_visited($start, $ref, $commune)", params).df()
        want = con.execute(f"select distinct agency_id, commune_code from ({REF_ATTENDANCE}) where is_present",
                           params).df()
        _same(got, want, f"agency_communes_visited, {case['label']}")
        if case["label"] in ("default", "mid-month"):
            assert len(want) > 0, case["label"]


def test_listed_absences_are_the_listed_absent_rows_of_held_visits(con):
    got = con.execute("select * from listed_absences").df()
    want = con.execute("select visit_id, official_id, o.agency_id, v.commune_code, v.lead_agency_id, a.status, "
                       "v.visit_date from attendance as a join visits as v using (visit_id) "
                       "join officials as o using (official_id) "
                       "where v.status = 'held' and a.listed and a.status = 'absent'").df()
    assert len(want) > 0
    _same(got, want, "listed_absences")


def test_replied_only_median_read_off_the_counts_equals_median(con):
    # feedback_km takes the replied-only median from the counts per number of days (no sort of the
    # items): it must equal median(days_to_reply) over the replied items, odd and even counts alike.
    settings = load_settings().query_settings()
    evens = 0
    for case in _cases(con):
        for dimension in ("all", "agency", "topic", "commune", "channel", "month"):
            params = {"start": case["start"], "ref": case["ref"], "as_of": case["as_of"], "commune": case["commune"],
                      "agency": case["agency"], "days": settings["reply_working_days"],
                      "held": settings["held_after_days"], "dimension": dimension}
            got = con.execute("select group_key, items, replied, median_days_replied_only from feedback_km("
                              "$start, $ref, $as_of, $commune, $agency, "
                              "{'reply_working_days': $days, 'held_after_days': $held}, $dimension)", params).df()
            want = con.execute("""
                select case $dimension when 'agency' then forwarded_to when 'topic' then topic
                                       when 'commune' then commune_code when 'channel' then channel
                                       when 'month' then strftime(received_month, '%Y-%m') else 'all' end as group_key,
                       count(*)::bigint as items, count(*) filter (where is_replied)::bigint as replied,
                       median(days_to_reply) filter (where is_replied) as median_days_replied_only
                from feedback_in_period($start, $ref, $as_of, $commune, $agency,
                                        {'reply_working_days': $days, 'held_after_days': $held})
                group by all""", params).df()
            _same(got, want, f"feedback_km {dimension}, {case['label']}")
            evens += int((want["replied"] % 2 == 0).sum())
    assert evens > 0
