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

-- Typed requirements (docs/metrics.md, "Quota by visit type"): for each official and month of the
-- grid with at least one assignment carrying a visit_type, one row per commune of the official's
-- whole-month assignments (any type) and per visit type T the official is asked for that month:
-- required = the commune's typed assignments of type T (0 when T is asked elsewhere), attended =
-- distinct held visits of type T in that commune and month at which the official was present.
-- Empty when no assignment has a visit_type: then every quota is exactly the general one.
create or replace table quota_type_commune_months as
with typed as (
    select
        a.official_id,
        a.commune_code,
        m.month_start,
        a.visit_type,
        sum(a.required_visits_per_month)::bigint as required,
    from assignments as a
    join quota_grid_months as m
      on a.assigned_from <= m.month_start
     and (a.assigned_to is null or a.assigned_to >= m.month_end)
    where a.visit_type is not null
    group by all
),
asked as (
    select distinct official_id, month_start, visit_type,
    from typed
),
present_typed as (
    select
        h.official_id,
        h.commune_code,
        h.visit_month as month_start,
        v.visit_type,
        count(distinct h.visit_id)::bigint as attended,
    from held_attendance as h
    join visits as v using (visit_id)
    semi join asked as k on k.official_id = h.official_id and k.month_start = h.visit_month
    where h.is_present
    group by all
)
select
    c.official_id,
    c.agency_id,
    c.commune_code,
    c.month_start,
    c.month_end,
    k.visit_type,
    coalesce(r.required, 0)::bigint as required,
    coalesce(p.attended, 0)::bigint as attended,
from quota_commune_months as c
join asked as k using (official_id, month_start)
left join typed as r using (official_id, commune_code, month_start, visit_type)
left join present_typed as p using (official_id, commune_code, month_start, visit_type)
order by c.month_start, c.official_id, c.commune_code, k.visit_type;
