-- Overview macro: period_kpis (the headline figures of one period). Parameters: see
-- queries/staging/README.md.
-- Depends on: held_visits (macros/10_visits.sql), official_attendance (macros/30_attendance.sql),
-- quota_months (macros/31_quota.sql), feedback_in_period, feedback_km (macros/32_feedback.sql),
-- commune_coverage_rows (macros/33_coverage.sql), official_flag_rows (macros/34_people.sql).

-- Headline figures of one period (the overview's KPI cards).
create or replace macro period_kpis(p_start, p_ref, p_as_of, p_commune, p_agency,
                                    p_settings) as table
with visits_kpi as (
    select count(*)::bigint as held_visits,
    from held_visits(p_start, p_ref, p_commune)
    where p_agency is null or lead_agency_id = p_agency
),
coverage_kpi as (
    select
        rate_of(count(*) filter (where is_covered), count(*)) as communes_covered_share,
    from commune_coverage_rows(p_start, p_ref, p_commune, p_agency)
),
quota_kpi as (
    select
        rate_of(count(*) filter (where is_met), count(*) filter (where is_counted)) as quota_met_share,
    from quota_months(p_start, p_ref, p_commune, p_agency, p_settings)
),
attendance_kpi as (
    select
        rate_of(sum(listed_present), sum(listed_not_excused)) as attendance_rate,
    from official_attendance(p_start, p_ref, p_commune, p_agency)
),
feedback_kpi as (
    select
        count(*)::bigint as feedback_received,
        on_time_rate_of(count(*) filter (where on_time), count(*) filter (where is_replied),
                        count(*) filter (where is_overdue)) as on_time_rate,
    from feedback_in_period(p_start, p_ref, p_as_of, p_commune, p_agency,
                            p_settings)
),
km_kpi as (
    select median_days_km,
    from feedback_km(p_start, p_ref, p_as_of, p_commune, p_agency,
                     p_settings, 'all')
),
flags_kpi as (
    select count(distinct official_id)::bigint as officials_flagged,
    from official_flag_rows(p_start, p_ref, p_as_of, p_commune, p_agency,
                            p_settings)
)
-- A period that ends before the data start gets start > ref (docs/metrics.md, "Data start"): it has
-- no figures at all, so every one is empty rather than 0.
select
    case when p_start <= p_ref then v.held_visits end as held_visits,
    case when p_start <= p_ref then c.communes_covered_share end as communes_covered_share,
    case when p_start <= p_ref then q.quota_met_share end as quota_met_share,
    case when p_start <= p_ref then a.attendance_rate end as attendance_rate,
    case when p_start <= p_ref then f.feedback_received end as feedback_received,
    case when p_start <= p_ref then f.on_time_rate end as on_time_rate,
    case when p_start <= p_ref then (select median_days_km from km_kpi) end as median_days_km,
    case when p_start <= p_ref then g.officials_flagged end as officials_flagged,
from visits_kpi as v, coverage_kpi as c, quota_kpi as q, attendance_kpi as a, feedback_kpi as f, flags_kpi as g;
