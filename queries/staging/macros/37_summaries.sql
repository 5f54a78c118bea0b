-- Plain definitions of the summary tables of tables/25_summaries.sql (docs/metrics.md, "Tables built
-- at import"): each macro gives a summary's rows from the macros that define the figures, and the
-- import fills the table from it (agency_months, quota_running_totals, quota_failing_months:
-- tables/38_fill_summaries.sql; the feedback summaries:
-- outreach/ingest/summaries.py, fill_feedback_summaries). tests/test_summaries.py compares every fast path
-- that reads a summary with the plain definition, over random periods.
-- Depends on: attendance_in_period (macros/30_attendance.sql), quota_months (macros/31_quota.sql),
-- feedback_asof (macros/32_feedback.sql), quota_grid_months, quota_commune_months (tables/21_quota.sql);
-- the contract tables officials, visits.

-- Per agency (the officials' agency) and month of the quota grid: listed rows present and listed rows
-- not excused at held visits (the attendance rate's numerator and divisor), and the official-months
-- counted and met (docs/metrics.md, "Participation"), without the data start (the queries keep the
-- months from visits_from on, edge rule 18).
create or replace macro agency_month_rows() as table
with attendance as (
    select
        agency_id,
        visit_month as month_start,
        count(*) filter (where listed and is_present)::bigint as listed_present,
        count(*) filter (where listed and status <> 'excused')::bigint as listed_not_excused,
    from attendance_in_period(date '0001-01-01', date '9999-12-31', null)
    group by all
),
quota as (
    select
        o.agency_id,
        q.month_start,
        count(*) filter (where q.is_counted)::bigint as months_counted,
        count(*) filter (where q.is_met)::bigint as months_met,
    from quota_months((select min(month_start) from quota_grid_months),
                      (select max(month_end) from quota_grid_months), null, null,
                      {'visits_from': null::date}) as q
    join officials as o using (official_id)
    group by all
)
select
    agency_id,
    month_start,
    coalesce(a.listed_present, 0)::bigint as listed_present,
    coalesce(a.listed_not_excused, 0)::bigint as listed_not_excused,
    coalesce(q.months_counted, 0)::bigint as months_counted,
    coalesce(q.months_met, 0)::bigint as months_met,
from attendance as a
full outer join quota as q using (agency_id, month_start);

-- Per official with a counted quota month in the grid, and every month of the grid: the quota months
-- counted and met before the month and through it (docs/metrics.md, "Participation"), without the data
-- start; with the official's agency.
create or replace macro quota_running_month_rows() as table
with months as (
    select official_id, month_start, is_counted, is_met,
    from quota_months((select min(month_start) from quota_grid_months),
                      (select max(month_end) from quota_grid_months), null, null,
                      {'visits_from': null::date})
),
counted as (
    select distinct official_id, from months where is_counted
),
dense as (
    select
        c.official_id,
        g.month_start,
        coalesce(m.is_counted, false)::bigint as counted,
        coalesce(m.is_met, false)::bigint as met,
    from counted as c
    cross join quota_grid_months as g
    left join months as m using (official_id, month_start)
),
running as (
    select
        official_id,
        month_start,
        counted,
        met,
        sum(counted) over through_month as counted_through,
        sum(met) over through_month as met_through,
    from dense
    window through_month as (partition by official_id order by month_start
                             rows between unbounded preceding and current row)
)
select
    r.official_id,
    o.agency_id,
    r.month_start,
    (r.counted_through - r.counted)::bigint as counted_before,
    (r.met_through - r.met)::bigint as met_before,
    r.counted_through::bigint as counted_through,
    r.met_through::bigint as met_through,
from running as r
join officials as o using (official_id);

-- Per official and month of the grid counted and not met (docs/metrics.md, "Flags", under_quota), without
-- the data start; with the official's agency.
create or replace macro quota_failing_month_rows() as table
select q.official_id, o.agency_id, q.month_start,
from quota_months((select min(month_start) from quota_grid_months),
                  (select max(month_end) from quota_grid_months), null, null,
                  {'visits_from': null::date}) as q
join officials as o using (official_id)
where q.is_counted and not q.is_met;

-- Per month received and forwarded_to (empty: not forwarded): the items and their statuses on p_as_of
-- (docs/metrics.md, "Citizen feedback").
create or replace macro feedback_forwarded_month_rows(p_as_of, p_settings) as table
select
    received_month,
    forwarded_to,
    count(*)::bigint as items,
    count(*) filter (where is_replied)::bigint as replied,
    count(*) filter (where on_time)::bigint as replied_on_time,
    count(*) filter (where is_overdue)::bigint as open_overdue,
    count(*) filter (where is_replied or is_overdue)::bigint as replied_or_overdue,
from feedback_asof(p_as_of, p_settings)
group by all;

-- Per month received and recorder: the held-information items (edge rule 14) on p_as_of.
create or replace macro feedback_held_month_rows(p_as_of, p_settings) as table
select
    received_month,
    recorded_by,
    recorder_agency_id,
    count(*)::bigint as held_items,
from feedback_asof(p_as_of, p_settings)
where is_held_information
group by all;

-- Per month received and Kaplan-Meier time (km_days: days to reply, or days open until p_as_of): the
-- items replied and all items (edge rule 13).
create or replace macro feedback_km_month_rows(p_as_of, p_settings) as table
select
    received_month,
    km_days::bigint as km_days,
    count(*) filter (where is_replied)::bigint as replied_at,
    count(*)::bigint as leaving_at,
from feedback_asof(p_as_of, p_settings)
group by all;

-- Per official, month and visit type: the counting visits of the month's last
-- p_settings.last_minute_days days (the late visits of last_minute_months, macros/36_beyond.sql).
create or replace macro late_visit_month_rows(p_settings) as table
select
    a.official_id,
    a.agency_id,
    a.visit_month as month_start,
    v.visit_type,
    count(distinct a.visit_id)::bigint as late_visits,
from attendance_in_period(date '0001-01-01', date '9999-12-31', null) as a
join visits as v using (visit_id)
join quota_commune_months as c
  on c.official_id = a.official_id and c.commune_code = a.commune_code and c.month_start = a.visit_month
where a.is_present
  and a.visit_date > last_day(a.visit_date) - p_settings['last_minute_days']::integer
group by all;
