-- Import-time tables of attendance at held visits: held_attendance (attendance joined once with its
-- held visit and official) and, built from it, present_official_months, listed_absences and
-- agency_commune_months.
-- Depends on: the contract tables attendance, visits, officials.

-- Attendance of held visits, joined once at import (the pages filter it by period):
-- one row per attendance row whose visit is held, with the visit's commune, lead agency
-- and date and the official's agency. Sorted by month, then commune: a period reads only its months'
-- blocks, and a commune (the sidebar's filter) only its part of each month.
-- Fast path behind attendance_in_period (macros/30_attendance.sql); plain definition: attendance
-- joined with held_visits() and officials (REF_ATTENDANCE in tests/test_preaggregates.py), kept
-- equal by test_attendance_in_period_equals_the_raw_join.
create or replace table held_attendance as
select
    a.visit_id,
    a.official_id,
    o.agency_id,
    v.commune_code,
    v.lead_agency_id,
    a.listed,
    a.status,
    a.status in ('present', 'late') as is_present,
    v.visit_date,
    date_trunc('month', v.visit_date)::date as visit_month,
from attendance as a
join visits as v using (visit_id)
join officials as o using (official_id)
where v.status = 'held'
order by visit_month, v.commune_code, v.visit_date, a.official_id;

-- Presence per official, commune and month, built once at import: the distinct held
-- visits in the commune that month at which the official was present (or late). Quota
-- months are whole months (edge rule 2), so summing these rows over a period is exact.
create or replace table present_official_months as
select
    official_id,
    commune_code,
    visit_month as month_start,
    count(distinct visit_id)::bigint as attended,
from held_attendance
where is_present
group by all
order by month_start, official_id, commune_code;

-- Listed absences at held visits (the evidence of the presence flags, docs/metrics.md, "Flags"), built once
-- at import: the attendance rows with listed = true and status absent, sorted by date.
-- Fast path; plain definition: the listed, absent attendance rows of held visits (in
-- tests/test_preaggregates.py), kept equal by
-- test_listed_absences_are_the_listed_absent_rows_of_held_visits.
create or replace table listed_absences as
select visit_id, official_id, agency_id, commune_code, lead_agency_id, status, visit_date,
from held_attendance
where listed and status = 'absent'
order by visit_date, official_id;

-- Where each agency's officials were present, per month, built once at import: one row per
-- (official's agency, commune, month) with at least one present (or late) row at a held visit.
-- Fast path of the whole months of agency_communes_visited (macros/30_attendance.sql); plain
-- definition: the present rows of attendance_in_period, kept equal by
-- tests/test_preaggregates.py::test_agency_communes_visited_equal_the_present_rows.
create or replace table agency_commune_months as
select distinct agency_id, commune_code, visit_month as month_start,
from held_attendance
where is_present
order by month_start, agency_id, commune_code;
