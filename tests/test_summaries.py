"""The summary tables by entity and month (queries/staging/tables/25_summaries.sql) change no figure.

A national period's question is answered from agency_months and the feedback summaries (a sum over
the period's months) instead of the attendance rows and feedback items. Every fast path that reads
them sits beside its plain definition, and the plain one is taken when the summaries are switched
off (summaries_built() false, feedback_summary_key empty). So each test compares a database with
the summaries and a copy with them switched off, over random periods (whole months, a ref_date
inside a month, before and after the data), the agency and commune filters, a mid-month as_of and
other settings, and requires identical results. A copy with a corrupted summary must differ, so the
fast paths are really read.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil

import duckdb
import pandas as pd
import pytest

from outreach.config import load_settings
from outreach.ingest.summaries import FEEDBACK_SUMMARIES, fill_feedback_summaries, write_summary_gates
from outreach.query import db, shared, stored
from outreach.query.periods import add_months, resolve_period

# The named queries that reach a summary (through period_kpis, agency_scorecard_rows,
# official_flag_rows, feedback_km or commune_coverage_rows) are all among these; every one is compared.
QUERIES = stored.stored_queries()


def _switch_off(path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create or replace macro summaries_built() as false")
        con.execute("delete from feedback_summary_key")
        con.execute("delete from late_visit_key")
        write_summary_gates(con)


@pytest.fixture(scope="module", params=["fixture", "demo"])
def pair(request, make_database, tmp_path_factory):
    """(database with the summaries, a copy with them switched off)."""
    path = make_database() if request.param == "fixture" else request.getfixturevalue("demo_database")
    plain = tmp_path_factory.mktemp(f"plain_{request.param}") / "plain.duckdb"
    shutil.copy(path, plain)
    _switch_off(plain)
    return path, plain


def _bounds(con):
    settings = load_settings()
    bounds = db.run_query(con, "data_as_of", {}).iloc[0]
    as_of = pd.Timestamp(bounds["as_of"]).date()
    return settings, as_of, db.visits_from_of(bounds, as_of, settings)


def _random_scopes(con, rng: random.Random, as_of: dt.date, visits_from: dt.date, count: int) -> list[tuple[str, db.Scope]]:
    """Random whole-month periods from a few months before the data to the as_of month, some with
    the agency or the commune filter; and the edges: the default, the as_of month alone, a period
    ending before the data and one starting in the month after the data's first."""
    agencies = [row[0] for row in con.execute("select distinct agency_id from officials order by 1").fetchall()]
    communes = [row[0] for row in con.execute("select distinct commune_code from visits order by 1").fetchall()]
    first = add_months(visits_from.replace(day=1), -3)
    months = []
    month = first
    while month <= as_of.replace(day=1):
        months.append(month)
        month = add_months(month, 1)
    scopes = [("default", db.Scope(period=resolve_period(data_as_of=as_of, visits_from=visits_from))),
              ("as_of month", db.Scope(period=resolve_period(data_as_of=as_of, start=as_of.replace(day=1),
                                                             visits_from=visits_from))),
              ("before the data", db.Scope(period=resolve_period(data_as_of=as_of, start=first, end=first,
                                                                 visits_from=visits_from))),
              ("second month on", db.Scope(period=resolve_period(data_as_of=as_of, start=add_months(visits_from, 1),
                                                                 visits_from=visits_from)))]
    for index in range(count):
        start, end = sorted(rng.sample(months, 2)) if len(months) > 1 else (months[0], months[0])
        if end > add_months(start, 14):
            end = add_months(start, 14)
        period = resolve_period(data_as_of=as_of, start=start, end=end, visits_from=visits_from)
        kind = index % 4
        agency = rng.choice(agencies) if kind == 1 else None
        commune = rng.choice(communes) if kind == 3 else None
        scopes.append((f"{start:%Y-%m}..{end:%Y-%m} agency={agency} commune={commune}",
                       db.Scope(period=period, agency=agency, commune=commune)))
    return scopes


def _compare(fast_path, plain_path, scopes, settings, names=QUERIES) -> int:
    compared = 0
    with duckdb.connect(str(fast_path), read_only=True) as fast, \
            duckdb.connect(str(plain_path), read_only=True) as plain, db.computed():
        for label, scope in scopes:
            for name in names:
                params = scope.params_for(name, settings)
                shared.clear()
                got = db.run_query(fast, name, params)
                shared.clear()
                want = db.run_query(plain, name, params)
                pd.testing.assert_frame_equal(got, want, check_exact=True, obj=f"{name}, {label}")
                compared += 1
    return compared


def test_every_query_equals_its_plain_definition_over_random_periods(pair):
    fast_path, plain_path = pair
    with duckdb.connect(str(fast_path), read_only=True) as con:
        settings, as_of, visits_from = _bounds(con)
        assert con.execute("select summaries_built()").fetchone()[0]
        assert con.execute("select count(*) from agency_months").fetchone()[0] > 0
        assert con.execute("select count(*) from feedback_summary_key").fetchone()[0] == 1
        scopes = _random_scopes(con, random.Random(17), as_of, visits_from, count=6)
    assert _compare(fast_path, plain_path, scopes, settings) > 0


def test_other_settings_are_computed_from_the_items(pair, tmp_path):
    # The feedback summaries hold one reply deadline and one held-information delay: with others the
    # queries must not read them (if they did, the counts of the import's settings would come out).
    fast_path, plain_path = pair
    with duckdb.connect(str(fast_path), read_only=True) as con:
        settings, as_of, visits_from = _bounds(con)
    config = tmp_path / "outreach.toml"
    config.write_text("[feedback]\nreply_working_days = 5\nheld_after_days = 2\n", encoding="utf-8")
    other = load_settings(config)
    assert other.query_settings()["reply_working_days"] == 5
    scope = db.Scope(period=resolve_period(data_as_of=as_of, visits_from=visits_from))
    names = ["overview_kpis", "agency_scorecard_detail", "official_flags", "feedback_summary"]
    _compare(fast_path, plain_path, [("reply in 5 days", scope)], other, names)


def test_macros_equal_their_plain_definition_with_a_ref_date_inside_a_month(pair):
    # Callers may end a period on any day (the quarter windows end on month ends, tests on any day):
    # the rest of a month cut short before as_of is read from the rows.
    fast_path, plain_path = pair
    rng = random.Random(23)
    calls = [
        "select * from period_kpis($start, $ref, $as_of, null, $agency, $settings)",
        "select * from agency_scorecard_rows($start, $ref, $as_of, null, $settings)",
        "select * from official_flag_rows($start, $ref, $as_of, null, $agency, $settings)",
        "select * from feedback_km($start, $ref, $as_of, null, null, $settings, 'all')",
        "select * from commune_coverage_rows($start, $ref, null, $agency)",
        "select * from head_dialogue_months($start, $ref, null, $agency, $settings)",
        "select * from head_dialogues($start, $ref, null, $agency)",
    ]
    with duckdb.connect(str(fast_path), read_only=True) as fast, duckdb.connect(str(plain_path), read_only=True) as plain:
        settings, as_of, visits_from = _bounds(fast)
        agencies = [row[0] for row in fast.execute("select distinct agency_id from officials order by 1").fetchall()]
        first = add_months(visits_from, -2)
        span = (as_of - first).days
        for index in range(8):
            ref = first + dt.timedelta(days=rng.randrange(span + 1))
            if index == 0:
                ref = as_of - dt.timedelta(days=1) if as_of.day > 1 else as_of   # inside the as_of month
            start = add_months(ref.replace(day=1), -rng.randrange(0, 7))
            agency = rng.choice(agencies) if index % 3 == 2 else None
            params = {"start": start, "ref": ref, "as_of": as_of, "agency": agency,
                      "settings": {**settings.query_settings(), "visits_from": visits_from}}
            for sql in calls:
                used = {key: value for key, value in params.items() if f"${key}" in sql}
                got = fast.execute(sql, used).df()
                want = plain.execute(sql, used).df()
                key = list(got.columns)
                pd.testing.assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                                              want.sort_values(key).reset_index(drop=True),
                                              check_exact=True, obj=f"{sql[14:40]} {start}..{ref} {agency}")


def test_a_mid_month_as_of(pair, tmp_path):
    # Summaries built for an as_of inside a month (an analyst's as_of): the queries of that as_of read
    # them, periods ending in that month and before it; equal to the plain definition.
    fast_path, plain_path = pair
    copy = tmp_path / "mid.duckdb"
    shutil.copy(fast_path, copy)
    with duckdb.connect(str(copy)) as con:
        settings, as_of, visits_from = _bounds(con)
        mid = as_of.replace(day=1) - dt.timedelta(days=18)
        fill_feedback_summaries(con, settings, as_of=mid)
        assert con.execute("select as_of from feedback_summary_key").fetchall() == [(mid,)]
    scopes = [(f"as_of {mid}", db.Scope(period=resolve_period(data_as_of=as_of, as_of=mid, visits_from=visits_from))),
              (f"as_of {mid}, 2 months", db.Scope(period=resolve_period(data_as_of=as_of, as_of=mid,
                                                                        start=add_months(mid.replace(day=1), -1),
                                                                        visits_from=visits_from))),
              (f"as_of {mid}, ending a month before", db.Scope(period=resolve_period(
                  data_as_of=as_of, as_of=mid, end=add_months(mid.replace(day=1), -1), visits_from=visits_from)))]
    names = ["overview_kpis", "agency_scorecard_detail", "agency_score_by_quarter", "official_flags",
             "official_participation", "feedback_summary", "feedback_km_curve"]
    _compare(copy, plain_path, scopes, settings, names)


def test_the_summaries_are_their_plain_macros(pair):
    fast_path, _plain = pair
    with duckdb.connect(str(fast_path), read_only=True) as con:
        settings, as_of, _visits_from = _bounds(con)
        key = con.execute("select as_of, reply_working_days, held_after_days from feedback_summary_key").fetchall()
        values = settings.query_settings()
        assert key == [(as_of, values["reply_working_days"], values["held_after_days"])]

        def same(table: str, plain_sql: str, params=None, rows: bool = True) -> None:
            got = con.execute(f"select * from {table} order by all").df()
            want = con.execute(f"{plain_sql} order by all", params).df()
            assert len(want) > 0 or not rows, table
            pd.testing.assert_frame_equal(got, want, check_dtype=False, obj=table)

        same("agency_months", "select * from agency_month_rows()")
        same("quota_running_totals", "select * from quota_running_month_rows()")
        same("quota_failing_months", "select * from quota_failing_month_rows()")
        keys = {"as_of": as_of, "settings": {"reply_working_days": values["reply_working_days"],
                                             "held_after_days": values["held_after_days"]}}
        for table, macro in FEEDBACK_SUMMARIES:
            same(table, f"select * from {macro}($as_of::date, $settings)", keys)
        assert con.execute("select * from late_visit_key").fetchall() == [(values["last_minute_days"],)]
        # (the fixture has no visit in a month's last days that counts for quota: rows may be none)
        same("late_visit_months", "select * from late_visit_month_rows($settings)",
             {"settings": {"last_minute_days": values["last_minute_days"]}}, rows=False)
        # agency_months against the raw rows: the pooled attendance counts per agency, all months.
        totals = con.execute("""
            select o.agency_id, count(*) filter (where a.listed and a.status in ('present', 'late')) as listed_present,
                   count(*) filter (where a.listed and a.status <> 'excused') as listed_not_excused
            from attendance as a join visits as v using (visit_id) join officials as o using (official_id)
            where v.status = 'held' group by all order by all""").df()
        summed = con.execute("""select agency_id, sum(listed_present) as listed_present,
                                       sum(listed_not_excused) as listed_not_excused
                                from agency_months group by all order by all""").df()
        merged = summed.merge(totals, on="agency_id", how="outer", suffixes=("", "_raw")).fillna(0)
        assert len(merged) > 0
        assert (merged["listed_present"] == merged["listed_present_raw"]).all()
        assert (merged["listed_not_excused"] == merged["listed_not_excused_raw"]).all()


def test_agency_assignment_spans_are_the_assignments_of_each_agency(con):
    got = con.execute("select * from agency_assignment_spans order by all").df()
    want = con.execute("select distinct o.agency_id, a.commune_code, a.assigned_from, a.assigned_to "
                       "from assignments as a join officials as o using (official_id) order by all").df()
    assert len(want) > 0
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_a_corrupted_summary_changes_the_figures(pair, tmp_path):
    # The comparisons above can fail: with one summary row changed the fast path gives another figure.
    fast_path, plain_path = pair
    copy = tmp_path / "corrupt.duckdb"
    shutil.copy(fast_path, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("update agency_months set months_met = months_met + 1 where months_counted > 0")
        con.execute("update feedback_forwarded_months set items = items + 1")
        settings, as_of, visits_from = _bounds(con)
    scope = db.Scope(period=resolve_period(data_as_of=as_of, visits_from=visits_from))
    with pytest.raises(AssertionError):
        _compare(copy, plain_path, [("corrupted", scope)], settings, ["overview_kpis"])



@pytest.mark.parametrize("threshold", [1, 2, 3])
def test_present_in_many_places_equals_its_plain_definition(pair, tmp_path, threshold):
    # official_multi_commune_days serves every threshold of 2 or more; 1 (every present day) is computed
    # from the rows. The demo plants officials present in two communes on one day: rows for 2.
    fast_path, plain_path = pair
    with duckdb.connect(str(fast_path), read_only=True) as con:
        settings, as_of, visits_from = _bounds(con)
        scopes = _random_scopes(con, random.Random(threshold), as_of, visits_from, count=4)
    config = tmp_path / "outreach.toml"
    config.write_text(f"[coverage]\nmulti_commune_min_communes = {threshold}\n", encoding="utf-8")
    other = load_settings(config)
    assert other.query_settings()["multi_commune_min_communes"] == threshold
    assert _compare(fast_path, plain_path, scopes, other, ["multi_commune_presence"]) == len(scopes)
    with duckdb.connect(str(fast_path), read_only=True) as con:
        days = con.execute("select count(*) from official_multi_commune_days").fetchone()[0]
    if threshold == 2 and days:
        # the summary is read: without its rows the fast path finds nobody
        copy = tmp_path / "corrupt.duckdb"
        shutil.copy(fast_path, copy)
        with duckdb.connect(str(copy)) as con:
            con.execute("delete from official_multi_commune_days")
        default = [("default", db.Scope(period=resolve_period(data_as_of=as_of, visits_from=visits_from)))]
        with pytest.raises(AssertionError):
            _compare(copy, plain_path, default, other, ["multi_commune_presence"])



def _corrupted_copy_differs(pair, tmp_path, table: str, update: str, names: list[str]) -> None:
    """A copy of the fast database with `update` applied to the summary `table` (which has rows) must
    give other figures than the plain one for `names`: the fast path really reads the table."""
    fast_path, plain_path = pair
    copy = tmp_path / "corrupt.duckdb"
    shutil.copy(fast_path, copy)
    with duckdb.connect(str(copy)) as con:
        assert con.execute(f"select count(*) from {table}").fetchone()[0] > 0
        con.execute(update)
        settings, as_of, visits_from = _bounds(con)
    scope = db.Scope(period=resolve_period(data_as_of=as_of, visits_from=visits_from))
    with pytest.raises(AssertionError):
        _compare(copy, plain_path, [("corrupted", scope)], settings, names)


def test_heard_elsewhere_counts_are_the_span_items_summed(pair):
    # heard_elsewhere_official_counts (participation) and heard_elsewhere_span_items (the per-official
    # list) compute the same sums two ways; they must agree.
    fast_path, _plain = pair
    with duckdb.connect(str(fast_path), read_only=True) as con:
        rows = 0
        for label, params in _beyond_cases(con):
            args = "$start, $ref, $as_of, $commune, $settings"
            used = {k: params[k] for k in ("start", "ref", "as_of", "commune", "settings")}
            counts = con.execute(f"select * from heard_elsewhere_official_counts({args}) order by all", used).df()
            summed = con.execute(f"select official_id, sum(items)::bigint as heard_elsewhere_first "
                                 f"from heard_elsewhere_span_items({args}) group by all order by all", used).df()
            pd.testing.assert_frame_equal(counts, summed, check_dtype=False, obj=label)
            rows += len(counts)
    assert rows > 0

def test_heard_elsewhere_items_are_read(pair, tmp_path):
    # Without the looked-up visit items every item would be heard elsewhere first: the figures differ.
    with duckdb.connect(str(pair[0]), read_only=True) as con:
        assert con.execute("select count(last_visit_item_id) from heard_elsewhere_items").fetchone()[0] > 0
    _corrupted_copy_differs(pair, tmp_path, "heard_elsewhere_items",
                            "update heard_elsewhere_items set last_visit_item_id = null, last_visit_channel_date = null",
                            ["heard_elsewhere_first", "heard_elsewhere_by_commune"])


def test_last_minute_month_status_is_read(pair, tmp_path):
    # Every met month marked as met at month end: the last-minute flag's figures differ.
    _corrupted_copy_differs(pair, tmp_path, "last_minute_month_status",
                            "update last_minute_month_status set is_last_minute = true, early_attended = 0",
                            ["official_flags", "official_participation"])


def test_quota_running_totals_are_read(pair, tmp_path):
    # One more month met through every month: the participation's quota months met differ.
    _corrupted_copy_differs(pair, tmp_path, "quota_running_totals",
                            "update quota_running_totals set met_through = met_through + 1",
                            ["official_participation"])


def test_quota_failing_months_are_read(pair, tmp_path):
    # Without the failing months no official is under quota: the flags differ.
    with duckdb.connect(str(pair[0]), read_only=True) as con:
        settings, as_of, visits_from = _bounds(con)
        scope = db.Scope(period=resolve_period(data_as_of=as_of, visits_from=visits_from))
        flags = db.run_query(con, "official_flags", scope.params_for("official_flags", settings))
        assert (flags["flag"] == "under_quota").any()
    _corrupted_copy_differs(pair, tmp_path, "quota_failing_months", "delete from quota_failing_months",
                            ["official_flags"])


def test_the_demo_has_officials_present_in_many_places(demo_database):
    # (so that the comparisons above meet rows: the demo plants such days)
    with duckdb.connect(str(demo_database), read_only=True) as con:
        assert con.execute("select count(*) from official_multi_commune_days where communes >= 3").fetchone()[0] > 0


def test_multi_commune_days_are_the_present_rows(con):
    got = con.execute("select official_id, agency_id, visit_date, communes, commune_codes, visit_ids "
                      "from official_multi_commune_days order by all").df()
    want = con.execute("""
        select a.official_id, o.agency_id, v.visit_date, count(distinct v.commune_code) as communes,
               string_agg(distinct v.commune_code, ';' order by v.commune_code) as commune_codes,
               string_agg(distinct a.visit_id, ';' order by a.visit_id) as visit_ids
        from attendance as a join visits as v using (visit_id) join officials as o using (official_id)
        where v.status = 'held' and a.status in ('present', 'late')
        group by all having count(distinct v.commune_code) >= 2 order by all""").df()
    pd.testing.assert_frame_equal(got, want, check_dtype=False)

# The plain definitions of three macros of queries/staging/macros/36_beyond.sql that now take a faster
# road to the same rows: the early visits counted directly (last_minute_months counts the late ones),
# the visit-channel items joined on every earlier date (heard_elsewhere_rows takes the latest by an
# as-of join) and every (official, item) pair (heard_elsewhere_official_counts sums per day over
# merged assignment spans).
REF_LAST_MINUTE = """
with met as (
    select official_id, month_start, required, attended, typed_required,
    from quota_months($start, $ref, $commune, $agency, $settings)
    where is_met
),
early_visits as (
    select distinct a.official_id, a.visit_month as month_start, a.visit_id, v.visit_type,
    from attendance_in_period($start, $ref, $commune) as a
    join visits as v using (visit_id)
    join quota_commune_months as c
      on c.official_id = a.official_id and c.commune_code = a.commune_code and c.month_start = a.visit_month
    where a.is_present
      and a.visit_date <= last_day(a.visit_date) - $settings['last_minute_days']::integer
      and ($agency is null or a.agency_id = $agency)
),
early_total as (
    select official_id, month_start, count(*)::bigint as early_attended,
    from early_visits
    group by all
),
early_typed as (
    select
        t.official_id,
        t.month_start,
        sum(least(coalesce(e.n, 0), t.required))::bigint as early_used,
        bool_or(coalesce(e.n, 0) < t.required) as early_short,
    from quota_type_months($start, $ref, $commune, $agency) as t
    left join (
        select official_id, month_start, visit_type, count(*) as n,
        from early_visits
        group by all
    ) as e using (official_id, month_start, visit_type)
    group by all
)
select
    m.official_id,
    m.month_start,
    m.required,
    m.attended,
    coalesce(e.early_attended, 0)::bigint as early_attended,
    coalesce(t.early_short, false)
        or coalesce(e.early_attended, 0) - coalesce(t.early_used, 0) < m.required - m.typed_required
        as is_last_minute,
from met as m
left join early_total as e using (official_id, month_start)
left join early_typed as t using (official_id, month_start)
"""

REF_HEARD_ELSEWHERE = """
with items as (
    select feedback_id, commune_code, channel, topic, topic_key(topic) as topic_key, received_date,
    from feedback_asof($as_of, $settings)
    where received_date between $start and $ref
      and channel in ('hotline', 'online', 'letter', 'other')
      and ($commune is null or commune_code = $commune)
      and topic_key(topic) is not null
),
heard_on_visits as (
    select feedback_id, commune_code, topic_key(topic) as topic_key, received_date,
    from feedback_asof($as_of, $settings)
    where channel in ('visit', 'dialogue')
      and received_date <= $ref
      and ($commune is null or commune_code = $commune)
      and topic_key(topic) is not null
),
latest as (
    select
        i.feedback_id,
        arg_max(v.feedback_id, (v.received_date, v.feedback_id)) as last_visit_item_id,
        max(v.received_date) as last_visit_channel_date,
    from items as i
    join heard_on_visits as v
      on v.commune_code = i.commune_code and v.topic_key = i.topic_key and v.received_date <= i.received_date
    group by all
)
select
    i.feedback_id,
    i.commune_code,
    i.topic,
    i.channel,
    i.received_date,
    l.last_visit_item_id,
    l.last_visit_channel_date,
    (i.received_date - l.last_visit_channel_date)::bigint as days_after_visit_item,
    l.last_visit_channel_date is null
        or l.last_visit_channel_date < i.received_date - $settings['heard_elsewhere_window_days']::integer
        as is_heard_elsewhere_first,
from items as i
left join latest as l using (feedback_id)
"""

REF_HEARD_COUNTS = f"""
with h as ({REF_HEARD_ELSEWHERE})
select a.official_id, count(distinct h.feedback_id)::bigint as heard_elsewhere_first
from h
join assignments as a
  on a.commune_code = h.commune_code
 and a.assigned_from <= h.received_date
 and (a.assigned_to is null or a.assigned_to >= h.received_date)
where h.is_heard_elsewhere_first
group by all
"""


def _beyond_cases(con):
    settings, as_of, visits_from = _bounds(con)
    rng = random.Random(31)
    agencies = [row[0] for row in con.execute("select distinct agency_id from officials order by 1").fetchall()]
    communes = [row[0] for row in con.execute("select distinct commune_code from visits order by 1").fetchall()]
    cases = [(visits_from, as_of, None, None)]
    for index in range(5):
        ref = visits_from + dt.timedelta(days=rng.randrange((as_of - visits_from).days + 1))
        start = add_months(ref.replace(day=1), -rng.randrange(0, 8))
        cases.append((start, ref, rng.choice(communes) if index == 3 else None,
                      rng.choice(agencies) if index % 2 else None))
    base = {**settings.query_settings(), "visits_from": visits_from}
    for start, ref, commune, agency in cases:
        for last_minute_days in (base["last_minute_days"], 0, 9):
            for window in (base["heard_elsewhere_window_days"], 3):
                params = {"start": start, "ref": ref, "as_of": as_of, "commune": commune, "agency": agency,
                          "settings": {**base, "last_minute_days": last_minute_days,
                                       "heard_elsewhere_window_days": window}}
                yield f"{start}..{ref} commune={commune} agency={agency} days={last_minute_days} window={window}", params


def _same_rows(con, got_sql, want_sql, params, label):
    used = lambda sql: {key: value for key, value in params.items() if f"${key}" in sql}  # noqa: E731
    got = con.execute(got_sql, used(got_sql)).df()
    want = con.execute(want_sql, used(want_sql)).df()
    key = list(want.columns)
    assert list(got.columns) == key, label
    pd.testing.assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                                  want.sort_values(key).reset_index(drop=True), check_exact=True, obj=label)
    return len(want)


def test_last_minute_months_equal_their_plain_definition(pair):
    fast_path, _plain = pair
    rows = 0
    with duckdb.connect(str(fast_path), read_only=True) as con:
        for label, params in _beyond_cases(con):
            rows += _same_rows(con, "select * from last_minute_months($start, $ref, $commune, $agency, $settings)",
                               REF_LAST_MINUTE, params, f"last_minute_months {label}")
    assert rows > 0


def test_heard_elsewhere_rows_equal_their_plain_definition(pair):
    fast_path, _plain = pair
    rows = 0
    with duckdb.connect(str(fast_path), read_only=True) as con:
        for label, params in _beyond_cases(con):
            if params["settings"]["last_minute_days"] != 0:
                continue
            rows += _same_rows(con, "select * from heard_elsewhere_rows($start, $ref, $as_of, $commune, $settings)",
                               REF_HEARD_ELSEWHERE, params, f"heard_elsewhere_rows {label}")
    assert rows > 0


def test_heard_elsewhere_counts_equal_their_plain_definition(pair):
    fast_path, _plain = pair
    rows = 0
    with duckdb.connect(str(fast_path), read_only=True) as con:
        for label, params in _beyond_cases(con):
            if params["settings"]["last_minute_days"] != 0:
                continue
            rows += _same_rows(con, "select * from heard_elsewhere_official_counts($start, $ref, $as_of, $commune, "
                                    "$settings)", REF_HEARD_COUNTS, params, f"heard_elsewhere_official_counts {label}")
    assert rows > 0
