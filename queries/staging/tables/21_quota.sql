-- Import-time quota grid (edge rule 2): quota_grid_months (the months from the first to the last month
-- with a held visit), quota_commune_months (required and attended per official, commune and month)
-- and quota_official_months (the same summed over communes).
-- Depends on: the contract tables visits, assignments, officials; present_official_months
-- (tables/20_attendance.sql).
-- Fast path of quota_months (macros/31_quota.sql) inside the grid; plain definition: from the
-- assignments and the raw attendance (REF_QUOTA in tests/test_preaggregates.py), kept equal by
-- test_quota_months_equal_the_raw_computation.

-- Quota grid, built once at import for the months that have held visits (from the first
-- to the last such month). One row per official, commune and month in which the official had
-- assignments there active for the whole month (edge rule 2): the month's required visits (sum over
-- those assignments) and attended = distinct held visits in that commune and month at which the
-- official was present or late. Outside these months no visit is held, so attended is 0 there.
create or replace table quota_grid_months as
with bounds as (
    select
        date_trunc('month', min(visit_date))::timestamp as lo,
        date_trunc('month', max(visit_date))::timestamp as hi,
    from visits
    where status = 'held'
)
select m::date as month_start, last_day(m::date) as month_end,
from bounds, unnest(generate_series(bounds.lo, bounds.hi, interval 1 month)) as t(m)
where m is not null;

create or replace table quota_commune_months as
with active as (
    select
        a.official_id,
        o.agency_id,
        a.commune_code,
        m.month_start,
        m.month_end,
        sum(a.required_visits_per_month)::bigint as required,
    from assignments as a
    join officials as o using (official_id)
    join quota_grid_months as m
      on a.assigned_from <= m.month_start
     and (a.assigned_to is null or a.assigned_to >= m.month_end)
    group by all
)
select
    a.official_id,
    a.agency_id,
    a.commune_code,
    a.month_start,
    a.month_end,
    a.required,
    coalesce(p.attended, 0)::bigint as attended,
from active as a
left join present_official_months as p using (official_id, commune_code, month_start)
order by a.commune_code, a.month_start, a.official_id;

-- The same grid summed over communes: one row per official and month.
create or replace table quota_official_months as
select
    official_id,
    agency_id,
    month_start,
    month_end,
    sum(required)::bigint as required,
    sum(attended)::bigint as attended,
from quota_commune_months
group by all
order by month_start, official_id;
