-- Import-time summary tables by entity and month (docs/metrics.md, "Tables built at import"), so that
-- a period's question on the whole country is a sum over at most 12 months of small rows instead of a
-- group-by over millions of attendance rows or feedback items:
--   agency_months: per agency (the officials' agency) and month of the quota grid, the listed
--     attendance counts of the attendance rate and the quota months counted and met (no data start
--     applied: a period's sum keeps the months from visits_from on);
--   quota_running_totals, quota_failing_months: per official, the quota months counted and met as
--     running totals over the grid's months, and the months counted and not met (the same, per official);
--   feedback_forwarded_months, feedback_held_months, feedback_km_months: per month received, the
--     feedback counts by forwarded_to, the held-information items by recorder, and the items by
--     Kaplan-Meier time; they depend on as_of and two settings (statuses are judged on as_of, edge
--     rule 3), so they hold one as_of and settings, named by feedback_summary_key, and are read only
--     when a query asks for exactly those (feedback_summary_applies, macros/37_summaries.sql).
-- They are created empty here, because the macros that read them (macros/30-36) are bound when created
-- and the macros they are built from come later: agency_months, quota_running_totals and
-- quota_failing_months are filled by tables/38_fill_summaries.sql from agency_month_rows,
-- quota_running_month_rows and quota_failing_month_rows (macros/37_summaries.sql, their plain definitions);
-- the feedback summaries by the import (outreach/ingest/summaries.py, fill_feedback_summaries) for the
-- data's as_of and the import's settings, from the macros of macros/37_summaries.sql. A database whose
-- feedback summaries are empty (a partitioned export opened by outreach/query/lake.py) computes from
-- the items, with the same results.
-- Kept equal to their plain definitions by tests/test_summaries.py.
-- The file also builds agency_assignment_spans, a pre-aggregate of the assignments, and
-- head_visit_months, the heads' visits per month, official_assignment_spans and
-- official_multi_commune_days (below).
-- Depends on: held_attendance (tables/20_attendance.sql); the contract tables assignments, officials,
-- visits.

-- The assignments of each agency's officials as (agency, commune, from, to), duplicates removed
-- (about half the rows nationally): an agency has a commune assigned in a period when one of its
-- spans overlaps the period (edge rule 4). Fast path of assigned_communes in agency_scorecard_rows
-- (macros/34_people.sql); plain definition: assignments joined with officials, kept equal by
-- tests/test_summaries.py::test_agency_assignment_spans_are_the_assignments_of_each_agency.
create or replace table agency_assignment_spans as
select distinct o.agency_id, a.commune_code, a.assigned_from, a.assigned_to,
from assignments as a
join officials as o using (official_id)
order by all;

create or replace table agency_months (
    agency_id varchar,
    month_start date,
    listed_present bigint,
    listed_not_excused bigint,
    months_counted bigint,
    months_met bigint,
);

-- Per official with a counted quota month in the grid (tables/21_quota.sql), for every month of the grid:
-- the official's quota months counted and met before that month and through it (running totals, no data
-- start applied: a period's sum keeps the months from visits_from on), and the official's agency. A
-- period's counts are two look-ups per official. Fast path of official_quota_counts (macros/31_quota.sql).
create or replace table quota_running_totals (
    official_id varchar,
    agency_id varchar,
    month_start date,
    counted_before bigint,
    met_before bigint,
    counted_through bigint,
    met_through bigint,
);

-- Per official and month of the grid counted and not met (no data start): the months the under_quota
-- runs are made of. Fast path of official_quota_counts.
create or replace table quota_failing_months (
    official_id varchar,
    agency_id varchar,
    month_start date,
);

create or replace table feedback_forwarded_months (
    received_month date,
    forwarded_to varchar,
    items bigint,
    replied bigint,
    replied_on_time bigint,
    open_overdue bigint,
    replied_or_overdue bigint,
);

create or replace table feedback_held_months (
    received_month date,
    recorded_by varchar,
    recorder_agency_id varchar,
    held_items bigint,
);

create or replace table feedback_km_months (
    received_month date,
    km_days bigint,
    replied_at bigint,
    leaving_at bigint,
);

-- Per official (with the official's agency), month and visit type: the counting visits (present, held,
-- in a commune of a whole-month assignment) of the month's last last_minute_days calendar days
-- (docs/metrics.md, "Signs of form's sake"), for the import's setting, named by late_visit_key.
-- Fast path of late_visits in last_minute_months (macros/36_beyond.sql); filled by the import from
-- late_visit_month_rows (macros/37_summaries.sql).
create or replace table late_visit_months (
    official_id varchar,
    agency_id varchar,
    month_start date,
    visit_type varchar,
    late_visits bigint,
);

create or replace table late_visit_key (
    last_minute_days bigint,
);

-- Per official (with the official's agency) and met quota month of the grid: early_attended and
-- is_last_minute of last_minute_months (macros/36_beyond.sql) for the import's last_minute_days (named by
-- late_visit_key), computed with no data start, so that a month is met here when it is met by its visits:
-- the fast path keeps the months from visits_from on, which is what the data start changes (a month
-- before it is not counted, so not met; edge rule 18). Months outside the quota grid have nothing
-- attended and are never met. Filled by the import from last_minute_months over the whole grid.
create or replace table last_minute_month_status (
    official_id varchar,
    agency_id varchar,
    month_start date,
    required bigint,
    attended bigint,
    early_attended bigint,
    is_last_minute boolean,
);

-- Whether late_visit_months and last_minute_month_status hold p_settings' last_minute_days: false here; the import rewrites it as a
-- comparison with the value late_visit_key holds (outreach/ingest/summaries.py, write_summary_gates), so that
-- the branch it rules out is pruned when a query is planned.
create or replace macro late_visits_apply(p_settings) as false;

-- The as_of and settings the feedback summaries were built for (no row: not built).
create or replace table feedback_summary_key (
    as_of date,
    reply_working_days bigint,
    held_after_days bigint,
);

-- Whether agency_months and head_visit_months are filled: false until tables/38_fill_summaries.sql
-- fills agency_months and replaces this macro by one that says true. A macro, not a table, so that the
-- branch a query does not take is pruned when the query is planned, also inside a lateral join
-- (agency_score_by_quarter); a test switches the fast paths off by replacing it again
-- (tests/test_summaries.py).
create or replace macro summaries_built() as false;

-- Whether the feedback summaries hold the statuses on p_as_of with these settings: false here; the import
-- rewrites it as a comparison with the values feedback_summary_key holds (write_summary_gates), pruned
-- when a query is planned like summaries_built().
create or replace macro feedback_summary_applies(p_as_of, p_settings) as false;

-- Whether a month's feedback summary rows belong to the period [p_start, p_ref] when the summaries hold
-- the statuses on p_as_of: the month starts on or after p_start (a month's first day) and all its items
-- were received by p_ref (the month ended by p_ref, or p_ref is on or after as_of, after which no item
-- is received). The rest of a period, the days of p_ref's month when it is cut short before as_of, is
-- read from the items (feedback_summary_rest).
create or replace macro feedback_summary_month(p_month, p_start, p_ref, p_as_of) as
    p_month >= p_start and p_month <= p_ref and (last_day(p_month) <= p_ref or p_ref >= p_as_of);

-- Whether the period has such a rest: p_ref's month cut short before as_of. Its days run from
-- feedback_rest_start(p_start, p_ref) to p_ref.
create or replace macro feedback_summary_rest(p_ref, p_as_of) as
    p_ref < last_day(p_ref) and p_ref < p_as_of;

create or replace macro feedback_rest_start(p_start, p_ref) as
    greatest(p_start, date_trunc('month', p_ref)::date);

-- Per head (is_head) and month with a present row: the distinct held visits of type doi_thoai and of
-- another type at which the head was present (docs/metrics.md, "Heads' direct dialogues"), over
-- every commune. Fast path of head_dialogue_months and head_dialogues (macros/36_beyond.sql) without
-- the commune filter; plain definition: their branch from attendance_in_period. Kept equal by
-- tests/test_summaries.py (every query and macro compared with the summaries switched off).
create or replace table head_visit_months as
select
    h.official_id,
    h.visit_month as month_start,
    count(distinct h.visit_id) filter (where v.visit_type = 'doi_thoai')::bigint as dialogues,
    count(distinct h.visit_id) filter (where v.visit_type <> 'doi_thoai')::bigint as other_visits,
from held_attendance as h
join visits as v using (visit_id)
join officials as o using (official_id)
where h.is_present and o.is_head
group by all
order by month_start, official_id;

-- Each official's assignments to a commune merged into disjoint date spans (overlapping assignments
-- joined; an open end is 9999-12-31): a date lies in one of them exactly when some assignment of the
-- official to the commune covers it. Read by heard_elsewhere_official_counts (macros/36_beyond.sql);
-- kept equal to the count over every assignment by
-- tests/test_summaries.py::test_heard_elsewhere_counts_equal_their_plain_definition.
create or replace table official_assignment_spans as
with ordered as (
    select
        official_id,
        commune_code,
        assigned_from,
        coalesce(assigned_to, date '9999-12-31') as assigned_to,
        max(coalesce(assigned_to, date '9999-12-31')) over (
            partition by official_id, commune_code order by assigned_from, assigned_to
            rows between unbounded preceding and 1 preceding) as earlier_end,
    from assignments
),
islands as (
    select
        *,
        sum(case when earlier_end is null or assigned_from > earlier_end then 1 else 0 end) over (
            partition by official_id, commune_code order by assigned_from, assigned_to
            rows between unbounded preceding and current row) as island,
    from ordered
)
select official_id, commune_code, min(assigned_from) as span_from, max(assigned_to) as span_to,
from islands
group by official_id, commune_code, island
order by commune_code, span_from;

-- Per official (with the attendance row's agency) and day present at held visits in two communes or
-- more (docs/metrics.md, "Signs of form's sake"): the distinct communes, their codes and the visits.
-- No setting is applied, so it serves every multi_commune_min_communes of 2 or more. Fast path of
-- multi_commune_rows (macros/36_beyond.sql); plain definition: its branch from attendance_in_period,
-- kept equal by tests/test_summaries.py (every query compared with the summaries switched off).
create or replace table official_multi_commune_days as
with present as (
    select official_id, agency_id, visit_date, commune_code, visit_id,
    from held_attendance
    where is_present
),
days as (
    -- Days in at least two communes: a cheap min/max test before the distinct aggregates.
    select official_id, agency_id, visit_date,
    from present
    group by all
    having min(commune_code) <> max(commune_code)
)
select
    official_id,
    agency_id,
    visit_date,
    count(distinct commune_code)::bigint as communes,
    list(distinct commune_code order by commune_code) as commune_list,
    string_agg(distinct commune_code, ';' order by commune_code) as commune_codes,
    string_agg(distinct visit_id, ';' order by visit_id) as visit_ids,
from present
semi join days using (official_id, agency_id, visit_date)
group by all
order by visit_date, official_id;
