-- Overview macro: period_kpis (the headline figures of one period). Parameters: see
-- queries/staging/README.md.
-- Depends on: held_visits (macros/10_visits.sql), attendance_in_period, official_attendance
-- (macros/30_attendance.sql), quota_months (macros/31_quota.sql), feedback_in_period, feedback_km
-- (macros/32_feedback.sql), official_flag_rows (macros/34_people.sql), agency_months, the feedback
-- summaries and their macros (tables/25_summaries.sql), quota_grid_months (tables/21_quota.sql); the
-- contract table communes.

-- Headline figures of one period (the overview's KPI cards).
create or replace macro period_kpis(p_start, p_ref, p_as_of, p_commune, p_agency,
                                    p_settings) as table
with visits_kpi as (
    select count(*)::bigint as held_visits,
    from held_visits(p_start, p_ref, p_commune)
    where p_agency is null or lead_agency_id = p_agency
),
coverage_kpi as (
    -- Share of communes covered (docs/metrics.md, "Coverage"): communes of the scope with a held
    -- visit of the period (led by the agency under its filter) over all communes of the scope, the
    -- is_covered of commune_coverage_rows without its other columns. Kept equal to the share of
    -- commune_coverage_rows by tests/test_summaries.py::test_period_kpis_equal_their_plain_definition.
    select
        rate_of(count(h.commune_code), count(*)) as communes_covered_share,
    from communes as s
    left join (
        select distinct commune_code,
        from held_visits(p_start, p_ref, p_commune)
        where p_agency is null or lead_agency_id = p_agency
    ) as h using (commune_code)
    where p_commune is null or s.commune_code = p_commune
),
-- The quota, attendance and feedback figures below have a fast path without the commune filter: the
-- whole months of the period summed from agency_months and feedback_forwarded_months
-- (tables/25_summaries.sql), the rest of a month cut short from the rows; plain definition: the
-- branch for the commune filter, from quota_months, official_attendance and feedback_in_period.
-- Kept equal by tests/test_summaries.py::test_period_kpis_equal_their_plain_definition.
quota_kpi as (
    select
        rate_of(sum(months_met), sum(months_counted)) as quota_met_share,
    from (
        select months_met, months_counted,
        from agency_months
        where p_commune is null and summaries_built() and (p_agency is null or agency_id = p_agency)
          and month_start >= p_start and last_day(month_start) <= p_ref
          and coalesce(month_start >= p_settings['visits_from'], true)
        union all
        -- Months outside the grid of tables/21_quota.sql are not in agency_months: quota_month_rows
        -- gives them (and the grid's months too in the plain branch).
        select count(*) filter (where is_met), count(*) filter (where is_counted),
        from quota_month_rows(p_start, p_ref, p_commune, p_agency, p_settings,
                              not (p_commune is null and summaries_built()))
    )
),
attendance_kpi as (
    select
        rate_of(sum(listed_present), sum(listed_not_excused)) as attendance_rate,
    from (
        select listed_present, listed_not_excused,
        from agency_months
        where p_commune is null and summaries_built() and (p_agency is null or agency_id = p_agency)
          and month_start >= p_start and last_day(month_start) <= p_ref
        union all
        select count(*) filter (where listed and is_present), count(*) filter (where listed and status <> 'excused'),
        from attendance_in_period(date_trunc('month', p_ref)::date, p_ref, p_commune)
        where p_commune is null and summaries_built()
          and p_ref < last_day(p_ref) and visit_date >= p_start
          and (p_agency is null or agency_id = p_agency)
        union all
        select listed_present, listed_not_excused,
        from official_attendance(p_start, p_ref, p_commune, p_agency)
        where not (p_commune is null and summaries_built())
    )
),
feedback_kpi as (
    select
        sum(items)::bigint as feedback_received,
        on_time_rate_of(sum(replied_on_time), sum(replied), sum(open_overdue)) as on_time_rate,
    from (
        select items, replied_on_time, replied, open_overdue,
        from feedback_forwarded_months
        where p_commune is null and (p_agency is null or forwarded_to = p_agency)
          and feedback_summary_applies(p_as_of, p_settings)
          and feedback_summary_month(received_month, p_start, p_ref, p_as_of)
        union all
        select count(*), count(*) filter (where on_time), count(*) filter (where is_replied),
            count(*) filter (where is_overdue),
        from feedback_in_period(feedback_rest_start(p_start, p_ref), p_ref, p_as_of, p_commune, p_agency,
                                p_settings)
        where p_commune is null
          and feedback_summary_rest(p_ref, p_as_of)
          and feedback_summary_applies(p_as_of, p_settings)
        union all
        select count(*), count(*) filter (where on_time), count(*) filter (where is_replied),
            count(*) filter (where is_overdue),
        from feedback_in_period(p_start, p_ref, p_as_of, p_commune, p_agency,
                                p_settings)
        where not (p_commune is null and feedback_summary_applies(p_as_of, p_settings))
    )
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
