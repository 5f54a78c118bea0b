-- Plain definitions of the summary tables of tables/25_summaries.sql (docs/metrics.md, "Tables built
-- at import"): each macro gives a summary's rows from the macros that define the figures, and the
-- import fills the table from it (agency_months: tables/38_fill_summaries.sql; the feedback summaries:
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
