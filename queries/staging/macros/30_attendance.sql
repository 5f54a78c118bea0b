-- Attendance macros (docs/metrics.md, "Participation", edge rule 7): attendance_in_period (attendance rows of the held visits
-- of a period), agency_communes_visited (edge rule 16) and official_attendance (participation counts
-- per official). Parameters: see queries/staging/README.md.
-- Depends on: held_attendance, agency_commune_months (tables/20_attendance.sql), quota_grid_months
-- (tables/21_quota.sql), attendance_running_totals (tables/22_participation.sql).

-- Attendance rows of held visits in the period, with the present flag (present or late).
-- Reads the fast path held_attendance; kept equal to the raw join by
-- tests/test_preaggregates.py::test_attendance_in_period_equals_the_raw_join.
create or replace macro attendance_in_period(p_start, p_ref, p_commune) as table
select
    visit_id,
    official_id,
    agency_id,
    commune_code,
    lead_agency_id,
    listed,
    status,
    is_present,
    visit_date,
    visit_month,
from held_attendance
where visit_date between p_start and p_ref
  and (p_commune is null or commune_code = p_commune);

-- Communes where an official of the agency was present at a held visit of the period (rule
-- 8.16): whole months from agency_commune_months, the partial last month (ref_date before its
-- month's end) from the rows. p_start is a month's first day, as everywhere here.
-- Fast path: agency_commune_months (whole months); plain definition: the present rows of
-- attendance_in_period. Kept equal by
-- tests/test_preaggregates.py::test_agency_communes_visited_equal_the_present_rows.
create or replace macro agency_communes_visited(p_start, p_ref, p_commune) as table
select distinct agency_id, commune_code,
from (
    select agency_id, commune_code,
    from agency_commune_months
    where month_start >= p_start and last_day(month_start) <= p_ref
      and (p_commune is null or commune_code = p_commune)
    union all
    select agency_id, commune_code,
    from attendance_in_period(p_start, p_ref, p_commune)
    where is_present and visit_date >= date_trunc('month', p_ref) and p_ref < last_day(p_ref)
);

-- Whole months of the period are a difference of two running totals (the last whole month's
-- minus the month's before the period); the rest (a partial last month, or everything when a
-- commune is chosen) is counted from the rows. Gives exactly the counts of the rows.
-- Fast path: whole_months (attendance_running_totals); plain definition: from_rows. Kept equal by
-- tests/test_preaggregates.py::test_official_attendance_equals_the_counts_of_the_rows.
create or replace macro official_attendance(p_start, p_ref, p_commune, p_agency) as table
with edges as (
    select
        max(month_start) filter (where month_start >= p_start and month_end <= p_ref) as full_end,
        max(month_start) filter (where month_start < p_start) as prior,
    from quota_grid_months
),
before_period as (
    -- The running totals of the month before the period, joined first to the one edge row: a left
    -- join straight from the last month's totals would build its hash table on every month's rows.
    select b.*,
    from edges
    join attendance_running_totals as b on b.month_start = edges.prior
    where p_commune is null
),
whole_months as (
    select
        e.official_id,
        e.attendance_rows - coalesce(b.attendance_rows, 0) as attendance_rows,
        e.listed - coalesce(b.listed, 0) as listed,
        e.present - coalesce(b.present, 0) as present,
        e.late - coalesce(b.late, 0) as late,
        e.absent - coalesce(b.absent, 0) as absent,
        e.excused - coalesce(b.excused, 0) as excused,
        e.listed_present - coalesce(b.listed_present, 0) as listed_present,
        e.listed_not_excused - coalesce(b.listed_not_excused, 0) as listed_not_excused,
    from edges
    join attendance_running_totals as e on e.month_start = edges.full_end
    left join before_period as b using (official_id)
    where p_commune is null
      and (p_agency is null or e.agency_id = p_agency)
),
from_rows as (
    select
        official_id,
        count(*)::bigint as attendance_rows,
        count(*) filter (where listed)::bigint as listed,
        count(*) filter (where is_present)::bigint as present,
        count(*) filter (where status = 'late')::bigint as late,
        count(*) filter (where listed and status = 'absent')::bigint as absent,
        count(*) filter (where listed and status = 'excused')::bigint as excused,
        count(*) filter (where listed and is_present)::bigint as listed_present,
        count(*) filter (where listed and status <> 'excused')::bigint as listed_not_excused,
    from attendance_in_period(p_start, p_ref, p_commune)
    -- Without a commune: only the partial last month (none when ref_date ends a month). Held
    -- visits of earlier months are all in grid months, whose running totals count them.
    where (p_commune is not null or (visit_date >= date_trunc('month', p_ref) and p_ref < last_day(p_ref)))
      and (p_agency is null or agency_id = p_agency)
    group by official_id
),
combined as (
    select * from whole_months
    union all
    select * from from_rows
)
select
    official_id,
    sum(listed)::bigint as listed,
    sum(present)::bigint as present,
    sum(late)::bigint as late,
    sum(absent)::bigint as absent,
    sum(excused)::bigint as excused,
    sum(listed_present)::bigint as listed_present,
    sum(listed_not_excused)::bigint as listed_not_excused,
from combined
group by official_id
having sum(attendance_rows) > 0;
