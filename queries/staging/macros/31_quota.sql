-- Quota macro (docs/metrics.md, "Participation", edge rules 2, 7): quota_months. Parameters: see queries/staging/README.md.
-- Depends on: quota_grid_months, quota_commune_months, quota_official_months (tables/21_quota.sql);
-- the contract tables assignments, officials.

-- Quota per official and month (docs/metrics.md, "Participation", edge rules 2, 7): one row per official and
-- month of the period that ended on or before ref_date and in which the official had
-- an assignment active for the whole month. Months of the grid are read from it; months
-- outside it (a period reaching before the first or after the last held visit) are
-- computed from the assignments, with nothing attended.
-- Fast path: from_grid (the quota tables); plain definition: months_outside and outside (from the
-- assignments). Kept equal to the raw computation by
-- tests/test_preaggregates.py::test_quota_months_equal_the_raw_computation.
create or replace macro quota_months(p_start, p_ref, p_commune, p_agency, p_settings) as table
with from_grid as (
    select official_id, month_start, required, attended,
    from quota_official_months
    where p_commune is null
      and month_start >= p_start and month_end <= p_ref
      and (p_agency is null or agency_id = p_agency)
    union all
    select official_id, month_start, sum(required)::bigint as required, sum(attended)::bigint as attended,
    from quota_commune_months
    where p_commune is not null and commune_code = p_commune
      and month_start >= p_start and month_end <= p_ref
      and (p_agency is null or agency_id = p_agency)
    group by official_id, month_start
),
months_outside as (
    select
        m::date as month_start,
        last_day(m::date) as month_end,
    from unnest(generate_series(p_start::timestamp, p_ref::timestamp, interval 1 month)) as t(m)
    where last_day(m::date) <= p_ref
      and m::date not in (select month_start from quota_grid_months)
),
outside as (
    select
        a.official_id,
        m.month_start,
        sum(a.required_visits_per_month)::bigint as required,
        0::bigint as attended,
    from assignments as a
    join officials as o using (official_id)
    join months_outside as m
      on a.assigned_from <= m.month_start
     and (a.assigned_to is null or a.assigned_to >= m.month_end)
    where (p_commune is null or a.commune_code = p_commune)
      and (p_agency is null or o.agency_id = p_agency)
    group by all
),
quota_rows as (
    select * from from_grid
    union all
    select * from outside
)
select
    official_id,
    month_start,
    required,
    attended,
    -- Edge rule 18: a month before the data start is not counted (visits_from empty: nothing is cut).
    required > 0 and coalesce(month_start >= p_settings['visits_from'], true) as is_counted,
    required > 0 and coalesce(month_start >= p_settings['visits_from'], true)
        and attended >= required as is_met,
from quota_rows;
