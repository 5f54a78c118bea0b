-- Import-time running totals of the participation counts per official and month:
-- attendance_running_totals.
-- Depends on: held_attendance (tables/20_attendance.sql), quota_grid_months (tables/21_quota.sql).
-- Fast path of the whole months of official_attendance (macros/30_attendance.sql); plain
-- definition: the counts of the rows (from_rows in that macro, REF_OFFICIAL_ATTENDANCE in
-- tests/test_preaggregates.py), kept equal by
-- test_official_attendance_equals_the_counts_of_the_rows.

-- Participation counts per official (docs/metrics.md, "Participation", edge rule 7), from the rows of
-- attendance_in_period: attendance rows, listed, present (or late), late, listed absent,
-- listed excused, listed and present, listed and not excused.
-- Running totals per official and month, built once at import over the months from the first to
-- the last held visit (every month, so a total can be read at any of them): the counts of all
-- held visits up to the end of that month.
create or replace table attendance_running_totals as
with monthly as (
    select
        official_id,
        agency_id,
        visit_month as month_start,
        count(*)::bigint as attendance_rows,
        count(*) filter (where listed)::bigint as listed,
        count(*) filter (where is_present)::bigint as present,
        count(*) filter (where status = 'late')::bigint as late,
        count(*) filter (where listed and status = 'absent')::bigint as absent,
        count(*) filter (where listed and status = 'excused')::bigint as excused,
        count(*) filter (where listed and is_present)::bigint as listed_present,
        count(*) filter (where listed and status <> 'excused')::bigint as listed_not_excused,
    from held_attendance
    group by all
),
dense as (
    select
        o.official_id,
        o.agency_id,
        g.month_start,
        coalesce(m.attendance_rows, 0) as attendance_rows,
        coalesce(m.listed, 0) as listed,
        coalesce(m.present, 0) as present,
        coalesce(m.late, 0) as late,
        coalesce(m.absent, 0) as absent,
        coalesce(m.excused, 0) as excused,
        coalesce(m.listed_present, 0) as listed_present,
        coalesce(m.listed_not_excused, 0) as listed_not_excused,
    from (select distinct official_id, agency_id from monthly) as o
    cross join quota_grid_months as g
    left join monthly as m using (official_id, month_start)
)
select
    official_id,
    agency_id,
    month_start,
    sum(attendance_rows) over running::bigint as attendance_rows,
    sum(listed) over running::bigint as listed,
    sum(present) over running::bigint as present,
    sum(late) over running::bigint as late,
    sum(absent) over running::bigint as absent,
    sum(excused) over running::bigint as excused,
    sum(listed_present) over running::bigint as listed_present,
    sum(listed_not_excused) over running::bigint as listed_not_excused,
from dense
window running as (partition by official_id order by month_start rows between unbounded preceding and current row)
order by month_start, official_id;
