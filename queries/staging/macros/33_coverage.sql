-- Coverage macros: commune_coverage_rows (docs/metrics.md, "Coverage", edge rule 5) and overlap_pairs (edge rule 6).
-- Parameters: see queries/staging/README.md.
-- Depends on: held_visits (macros/10_visits.sql), attendance_in_period (macros/30_attendance.sql),
-- present_official_months (tables/20_attendance.sql),
-- overlap_candidates, overlap_pairs_computed, overlap_stored_days (tables/24_overlaps.sql); the
-- contract tables communes, hamlets, visits, assignments, officials.

-- Coverage per commune (docs/metrics.md, "Coverage", edge rule 5). The agency filter keeps visits led by the
-- agency and officials of the agency.
create or replace macro commune_coverage_rows(p_start, p_ref, p_commune, p_agency) as table
with scope as (
    select * from communes where p_commune is null or commune_code = p_commune
),
held as (
    select * from held_visits(p_start, p_ref, p_commune)
    where p_agency is null or lead_agency_id = p_agency
),
last_visit as (
    select commune_code, max(visit_date) as last_visit_date,
    from visits
    where status = 'held' and visit_date <= p_ref
      and (p_agency is null or lead_agency_id = p_agency)
    group by all
),
hamlet_totals as (
    select commune_code, count(*)::bigint as hamlets_total,
    from hamlets
    group by all
),
visit_totals as (
    select
        commune_code,
        count(*)::bigint as visits_held,
        count(distinct hamlet_id)::bigint as hamlets_visited,
    from held
    group by all
),
assigned as (
    select a.commune_code, count(distinct a.official_id)::bigint as officials_assigned,
    from assignments as a
    join officials as o using (official_id)
    where a.assigned_from <= p_ref
      and (a.assigned_to is null or a.assigned_to >= p_start)
      and (p_agency is null or o.agency_id = p_agency)
    group by all
),
present as (
    -- Distinct officials present at its held visits. Fast path without the agency filter: the
    -- whole months of the period from present_official_months (one row per official, commune and
    -- month present), the rest of a month cut short by ref_date from the rows; plain definition:
    -- the present rows of attendance_in_period (the agency filter's branch, for every month).
    -- Kept equal by tests/test_summaries.py::test_commune_coverage_rows_equal_their_plain_definition.
    select commune_code, count(distinct official_id)::bigint as officials_present,
    from (
        select commune_code, official_id,
        from present_official_months
        where p_agency is null
          and month_start >= p_start and last_day(month_start) <= p_ref
          and (p_commune is null or commune_code = p_commune)
        union all
        select commune_code, official_id,
        from attendance_in_period(date_trunc('month', p_ref)::date, p_ref, p_commune)
        where p_agency is null and p_ref < last_day(p_ref) and is_present and visit_date >= p_start
        union all
        select commune_code, official_id,
        from attendance_in_period(p_start, p_ref, p_commune)
        where p_agency is not null and is_present and lead_agency_id = p_agency
    )
    group by all
)
select
    s.commune_code,
    s.commune_name,
    s.province_code,
    s.population,
    coalesce(v.visits_held, 0)::bigint as visits_held,
    coalesce(h.hamlets_total, 0)::bigint as hamlets_total,
    coalesce(v.hamlets_visited, 0)::bigint as hamlets_visited,
    coalesce(a.officials_assigned, 0)::bigint as officials_assigned,
    coalesce(p.officials_present, 0)::bigint as officials_present,
    rate_of(coalesce(v.visits_held, 0) * 1000.0, s.population) as visits_per_1000,
    coalesce(v.visits_held, 0) >= 1 as is_covered,
    l.last_visit_date,
    (p_ref - l.last_visit_date)::bigint as days_since_last_visit,
from scope as s
left join visit_totals as v using (commune_code)
left join hamlet_totals as h using (commune_code)
left join last_visit as l using (commune_code)
left join assigned as a using (commune_code)
left join present as p using (commune_code);

-- Overlapping held visits of the period (edge rule 6) with p_max_days apart at most: up to
-- overlap_stored_days() a filter of the pairs built at import; beyond it, computed (the branch
-- that does not apply is pruned when the query is planned).
-- Fast path: overlap_candidates; plain definition: overlap_pairs_computed (both in
-- tables/24_overlaps.sql). Kept equal by
-- tests/test_preaggregates.py::test_overlap_pairs_equal_the_plain_self_join.
create or replace macro overlap_pairs(p_start, p_ref, p_commune, p_agency, p_max_days) as table
select
    commune_code, topic, visit_id_1, visit_id_2, lead_agency_1, lead_agency_2, visit_date_1, visit_date_2,
    days_apart,
from overlap_candidates
where p_max_days <= overlap_stored_days()
  and days_apart <= p_max_days
  and visit_date_1 between p_start and p_ref
  and visit_date_2 between p_start and p_ref
  and (p_commune is null or commune_code = p_commune)
  and (p_agency is null or p_agency in (lead_agency_1, lead_agency_2))
union all
select *
from overlap_pairs_computed(p_start, p_ref, p_commune, p_agency, p_max_days)
where p_max_days > overlap_stored_days();
