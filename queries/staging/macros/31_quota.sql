-- Quota macro (docs/metrics.md, "Participation", edge rules 2, 7): quota_months. Parameters: see queries/staging/README.md.
-- Depends on: quota_grid_months, quota_commune_months, quota_official_months, quota_type_commune_months
-- (tables/21_quota.sql); quota_running_totals, quota_failing_months, summaries_built (tables/25_summaries.sql);
-- the contract tables assignments, officials.

-- Typed requirements per official, month and visit type (docs/metrics.md, "Quota by visit type"):
-- required(m, T) and the visits of type T that count (present, held, in a commune of a whole-month
-- assignment), from quota_type_commune_months; a commune filter keeps that commune's rows.
create or replace macro quota_type_months(p_start, p_ref, p_commune, p_agency) as table
select
    official_id,
    month_start,
    visit_type,
    sum(required)::bigint as required,
    sum(attended)::bigint as attended,
    least(sum(attended), sum(required))::bigint as used,
from quota_type_commune_months
where month_start >= p_start and month_end <= p_ref
  and (p_commune is null or commune_code = p_commune)
  and (p_agency is null or agency_id = p_agency)
group by all
having sum(required) > 0;

-- The typed requirements of a month summed: required, used (min(visits of T, required(m, T)) summed
-- over T) and whether one of them is short.
create or replace macro quota_typed_months(p_start, p_ref, p_commune, p_agency) as table
select
    official_id,
    month_start,
    sum(required)::bigint as typed_required,
    sum(used)::bigint as typed_used,
    bool_or(attended < required) as typed_short,
from quota_type_months(p_start, p_ref, p_commune, p_agency)
group by all;

-- Quota per official and month (docs/metrics.md, "Participation", edge rules 2, 7): one row per official and
-- month of the period that ended on or before ref_date and in which the official had
-- an assignment active for the whole month. Months of the grid are read from it; months
-- outside it (a period reaching before the first or after the last held visit) are
-- computed from the assignments, with nothing attended.
-- Fast path: from_grid (the quota tables); plain definition: months_outside and outside (from the
-- assignments). Kept equal to the raw computation by
-- tests/test_preaggregates.py::test_quota_months_equal_the_raw_computation.
-- p_with_grid false leaves the months of the grid out (the fast paths of the summaries,
-- tables/25_summaries.sql, read those months from agency_months and ask only for the others).
create or replace macro quota_month_rows(p_start, p_ref, p_commune, p_agency, p_settings, p_with_grid) as table
with from_grid as (
    select official_id, month_start, required, attended, null::bigint as typed_outside,
    from quota_official_months
    where p_with_grid and p_commune is null
      and month_start >= p_start and month_end <= p_ref
      and (p_agency is null or agency_id = p_agency)
    union all
    select official_id, month_start, sum(required)::bigint as required, sum(attended)::bigint as attended,
        null::bigint as typed_outside,
    from quota_commune_months
    where p_with_grid and p_commune is not null and commune_code = p_commune
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
        coalesce(sum(a.required_visits_per_month) filter (where a.visit_type is not null), 0)::bigint as typed_outside,
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
),
typed as (
    -- Typed requirements (docs/metrics.md, "Quota by visit type"); outside the grid nothing was
    -- attended, so a month there is never met whatever its types.
    select * from quota_typed_months(p_start, p_ref, p_commune, p_agency)
    where p_with_grid
)
select
    q.official_id,
    q.month_start,
    q.required,
    q.attended,
    coalesce(t.typed_required, q.typed_outside, 0)::bigint as typed_required,
    coalesce(t.typed_used, 0)::bigint as typed_used,
    -- Edge rule 18: a month before the data start is not counted (visits_from empty: nothing is cut).
    q.required > 0 and coalesce(q.month_start >= p_settings['visits_from'], true) as is_counted,
    -- met: every typed requirement met, and the visits left after them serve the "any" one. With
    -- no typed requirement this is attended >= required.
    q.required > 0 and coalesce(q.month_start >= p_settings['visits_from'], true)
        and not coalesce(t.typed_short, false)
        and q.attended - coalesce(t.typed_used, 0) >= q.required - coalesce(t.typed_required, q.typed_outside, 0)
        and not (coalesce(q.typed_outside, 0) > 0 and q.attended = 0) as is_met,
from quota_rows as q
left join typed as t using (official_id, month_start);

-- Quota per official and month (the rows above, every month of the period).
create or replace macro quota_months(p_start, p_ref, p_commune, p_agency, p_settings) as table
select * from quota_month_rows(p_start, p_ref, p_commune, p_agency, p_settings, true);

-- Per official with a counted quota month in the period: the months counted and met (docs/metrics.md,
-- "Participation") and the longest run of consecutive counted months not met (the under_quota flag,
-- "Flags"; 0 when none). Read by official_participation and by official_flag_rows, whose rows the query
-- runner computes once per page and shares (outreach/query/shared.py).
-- Fast path without the commune filter: the grid's months from quota_running_totals (two look-ups per
-- official: counted through the period's last grid month minus counted before its first one from the
-- data start on) and quota_failing_months (tables/25_summaries.sql), the months outside the grid from
-- quota_month_rows; plain definition: every month from quota_month_rows. Kept equal by
-- tests/test_summaries.py (every query compared with the summaries switched off).
create or replace macro official_quota_counts(p_start, p_ref, p_commune, p_agency, p_settings) as table
with months as (
    -- Every quota month of the period (plain), or only those outside the grid (fast path).
    select official_id, month_start, is_counted, is_met,
    from quota_month_rows(p_start, p_ref, p_commune, p_agency, p_settings,
                          not (p_commune is null and summaries_built()))
),
edges as (
    -- The period's grid months: the first one from the data start on (edge rule 18), and the last.
    select
        min(month_start) filter (where coalesce(month_start >= p_settings['visits_from'], true)) as first_month,
        max(month_start) as last_month,
    from quota_grid_months
    where p_commune is null and summaries_built()
      and month_start >= p_start and month_end <= p_ref
),
through_last as (
    select r.official_id, r.counted_through, r.met_through,
    from edges
    join quota_running_totals as r on r.month_start = edges.last_month
    where p_commune is null and summaries_built()
      and (p_agency is null or r.agency_id = p_agency)
),
before_first as (
    select r.official_id, r.counted_before, r.met_before,
    from edges
    join quota_running_totals as r on r.month_start = edges.first_month
    where p_commune is null and summaries_built()
),
grid as (
    select
        l.official_id,
        l.counted_through - f.counted_before as months_counted,
        l.met_through - f.met_before as months_met,
    from through_last as l
    join before_first as f using (official_id)
),
failing as (
    select f.official_id, f.month_start,
    from edges
    join quota_failing_months as f
      on f.month_start >= edges.first_month and f.month_start <= edges.last_month
    where p_commune is null and summaries_built()
      and (p_agency is null or f.agency_id = p_agency)
    union all
    select official_id, month_start,
    from months
    where is_counted and not is_met
),
runs as (
    select official_id, run_id, count(*) as run_months,
    from (
        select
            official_id,
            (year(month_start) * 12 + month(month_start))
                - row_number() over (partition by official_id order by month_start) as run_id,
        from failing
    )
    group by all
),
longest as (
    select official_id, max(run_months)::bigint as longest_failing_run,
    from runs
    group by all
),
counts as (
    select official_id, sum(months_counted)::bigint as months_counted, sum(months_met)::bigint as months_met,
    from (
        select official_id, months_counted, months_met,
        from grid
        union all
        select official_id, count(*) filter (where is_counted), count(*) filter (where is_met),
        from months
        group by all
    )
    group by all
    having sum(months_counted) > 0
)
select c.official_id, c.months_counted, c.months_met, coalesce(l.longest_failing_run, 0)::bigint as longest_failing_run,
from counts as c
left join longest as l using (official_id);


-- One row per official, quota month and requirement (docs/metrics.md, "Quota by visit type"): each
-- typed requirement T with required(m, T) > 0 (counted = min(visits of T, required)), and the "any"
-- requirement (required = the month's required minus the typed ones, counted = the counting visits
-- left after the typed ones) when it is above 0 or the month has no typed requirement.
create or replace macro quota_requirement_months(p_start, p_ref, p_commune, p_agency, p_settings) as table
with months as (
    select * from quota_months(p_start, p_ref, p_commune, p_agency, p_settings)
),
typed as (
    select
        t.official_id,
        t.month_start,
        t.visit_type as requirement,
        t.required,
        t.used as counted,
        t.attended as visits_of_type,
    from quota_type_months(p_start, p_ref, p_commune, p_agency) as t
    semi join months as m using (official_id, month_start)
),
general as (
    select
        official_id,
        month_start,
        'any' as requirement,
        required - typed_required as required,
        attended - typed_used as counted,
        null::bigint as visits_of_type,
    from months
    where required - typed_required > 0 or typed_required = 0
),
requirements as (
    select * from typed
    union all
    select * from general
)
select
    r.official_id,
    r.month_start,
    r.requirement,
    r.required,
    r.counted,
    greatest(r.required - r.counted, 0)::bigint as missing,
    r.visits_of_type,
    m.required as month_required,
    m.attended as month_attended,
    m.is_counted,
    m.is_met,
from requirements as r
join months as m using (official_id, month_start);
