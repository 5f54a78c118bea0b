-- Macros of the officials (Cán bộ) and agencies (Đơn vị) pages, docs/metrics.md "Flags on
-- officials" and "Agency scorecard": official_flag_rows (docs/metrics.md, "Flags"), official_flag_evidence_rows
-- and agency_scorecard_rows (docs/metrics.md, "Agency review"). Parameters: see queries/staging/README.md.
-- Depends on: official_attendance, agency_communes_visited (macros/30_attendance.sql), quota_months,
-- official_quota_counts (macros/31_quota.sql), feedback_in_period (macros/32_feedback.sql), listed_absences
-- (tables/20_attendance.sql), agency_months, the feedback summaries and their macros
-- (tables/25_summaries.sql), agency_assignment_spans (tables/25_summaries.sql), quota_grid_months
-- (tables/21_quota.sql); the contract tables communes, agencies, officials, assignments.

-- Flags on officials (docs/metrics.md, "Flags", edge rules 7-9, 14): one row per official and flag.
create or replace macro official_flag_rows(p_start, p_ref, p_as_of, p_commune, p_agency,
                                           p_settings) as table
with participation as (
    select
        *,
        rate_of(listed_present, listed_not_excused) as attendance_rate,
    from official_attendance(p_start, p_ref, p_commune, p_agency)
),
never_present as (
    select
        official_id,
        'listed_never_present' as flag,
        listed_not_excused as evidence_count,
    from participation
    where listed_not_excused >= p_settings['never_present_min_listed'] and present = 0
),
rarely_present as (
    select
        official_id,
        'rarely_present' as flag,
        listed_not_excused as evidence_count,
    from participation
    where listed_not_excused >= p_settings['rarely_present_min_listed']
      and attendance_rate < p_settings['rarely_present_max_rate']
      and official_id not in (select official_id from never_present)
),
under_quota as (
    -- The longest run of consecutive counted months not met (official_quota_counts).
    select
        official_id,
        'under_quota' as flag,
        longest_failing_run as evidence_count,
    from official_quota_counts(p_start, p_ref, p_commune, p_agency, p_settings)
    where longest_failing_run >= p_settings['under_quota_min_months']
),
holding as (
    -- Held-information items per recorder. Fast path without the commune filter: the per-month
    -- counts of feedback_held_months (tables/25_summaries.sql) with the rest of a month cut short
    -- before as_of from the items; plain definition: the items of feedback_in_period (the third
    -- branch). Kept equal by tests/test_summaries.py::test_official_flag_rows_equal_their_plain_definition.
    select
        official_id,
        'holding_information' as flag,
        sum(held_items)::bigint as evidence_count,
    from (
        select recorded_by as official_id, held_items,
        from feedback_held_months
        where p_commune is null
          and feedback_summary_applies(p_as_of, p_settings)
          and feedback_summary_month(received_month, p_start, p_ref, p_as_of)
          and recorded_by is not null
          and (p_agency is null or recorder_agency_id = p_agency)
        union all
        select f.recorded_by, count(*),
        from feedback_in_period(feedback_rest_start(p_start, p_ref), p_ref, p_as_of, p_commune, null,
                                p_settings) as f
        where p_commune is null
          and feedback_summary_rest(p_ref, p_as_of)
          and feedback_summary_applies(p_as_of, p_settings)
          and f.is_held_information
          and f.recorded_by is not null
          and (p_agency is null or f.recorder_agency_id = p_agency)
        group by all
        union all
        select f.recorded_by, count(*),
        from feedback_in_period(p_start, p_ref, p_as_of, p_commune, null,
                                p_settings) as f
        where not (p_commune is null and feedback_summary_applies(p_as_of, p_settings))
          and f.is_held_information
          and f.recorded_by is not null
          and (p_agency is null or f.recorder_agency_id = p_agency)
        group by all
    )
    group by all
    having sum(held_items) >= p_settings['holding_min_items']
)
select * from never_present
union all select * from rarely_present
union all select * from under_quota
union all select * from holding;

-- The evidence behind each flag of official_flag_rows (docs/metrics.md, "Flags"): one row per piece of evidence.
--   listed_never_present, rarely_present: the held visits where the official was listed and
--     absent (excused absences are never evidence);
--   under_quota: every counted month that was not met, with run_months = the length of the run
--     of consecutive unmet counted months it belongs to (the flag needs a run of
--     p_settings.under_quota_min_months);
--   holding_information: the held-information items charged to the official.
-- official_flag_evidence_rows is official_flag_evidence_of over the flag rows of official_flag_rows, passed
-- as one list argument (p_flags: a list of {official_id, flag, evidence_count}): so the query runner can
-- hand it the flag rows it already holds instead of evaluating the flags again inside the evidence
-- (docs/metrics.md, "Shared intermediate results"; outreach/query/shared.py, COMPOSED).
create or replace macro official_flag_evidence_of(p_start, p_ref, p_as_of, p_commune, p_agency,
                                                  p_settings, p_flags) as table
with flag_list as (
    select unnest(p_flags, recursive := true)
),
absence_evidence as (
    select
        f.official_id,
        f.flag,
        'visit' as evidence_type,
        a.visit_id as evidence_id,
        a.visit_date as evidence_date,
        a.commune_code,
        a.lead_agency_id,
        a.status as attendance_status,
    from flag_list as f
    join listed_absences as a using (official_id)
    where f.flag in ('listed_never_present', 'rarely_present')
      and a.visit_date between p_start and p_ref
      and (p_commune is null or a.commune_code = p_commune)
),
unmet_month_list as (
    select
        q.official_id,
        q.month_start,
        q.required,
        q.attended,
        -- Consecutive calendar months share a run id (gaps and islands).
        (year(q.month_start) * 12 + month(q.month_start))
            - row_number() over (partition by q.official_id order by q.month_start) as run_id,
    from quota_months(p_start, p_ref, p_commune, p_agency, p_settings) as q
    where q.is_counted and not q.is_met
      and q.official_id in (select official_id from flag_list where flag = 'under_quota')
),
month_evidence as (
    select
        official_id,
        'under_quota' as flag,
        'month' as evidence_type,
        strftime(month_start, '%Y-%m') as evidence_id,
        month_start as evidence_date,
        required,
        attended,
        count(*) over (partition by official_id, run_id)::bigint as run_months,
    from unmet_month_list
),
item_evidence as (
    select
        f.official_id,
        f.flag,
        'feedback' as evidence_type,
        i.feedback_id as evidence_id,
        i.received_date as evidence_date,
        i.commune_code,
        i.topic,
        i.channel,
        i.forwarded_to,
        i.forwarded_date,
        i.replied_date,
    from flag_list as f
    join feedback_in_period(p_start, p_ref, p_as_of, p_commune, null,
                            p_settings) as i
      on i.recorded_by = f.official_id
    where f.flag = 'holding_information'
      and i.is_held_information
),
all_evidence as (
    select * from absence_evidence
    union all by name select * from month_evidence
    union all by name select * from item_evidence
)
select
    e.official_id,
    e.flag,
    e.evidence_type,
    e.evidence_id,
    e.evidence_date,
    e.commune_code,
    c.commune_name,
    e.lead_agency_id,
    lead.agency_name as lead_agency_name,
    e.attendance_status,
    e.required::bigint as required,
    e.attended::bigint as attended,
    e.run_months::bigint as run_months,
    e.topic,
    e.channel,
    e.forwarded_to,
    forwarded.agency_name as forwarded_to_name,
    e.forwarded_date,
    e.replied_date,
from all_evidence as e
left join communes as c on c.commune_code = e.commune_code
left join agencies as lead on lead.agency_id = e.lead_agency_id
left join agencies as forwarded on forwarded.agency_id = e.forwarded_to;

create or replace macro official_flag_evidence_rows(p_start, p_ref, p_as_of, p_commune, p_agency,
                                                    p_settings) as table
select * from official_flag_evidence_of(p_start, p_ref, p_as_of, p_commune, p_agency, p_settings,
    (select list({'official_id': official_id, 'flag': flag, 'evidence_count': evidence_count})
     from official_flag_rows(p_start, p_ref, p_as_of, p_commune, p_agency, p_settings)));

-- Agency scorecard (docs/metrics.md, "Agency review"; edge rules 16-17): one row per agency of the
-- agencies table. The rates are pooled over all the agency's officials; a rate counts when its
-- divisor reaches its evidence minimum; agencies with at least min_officials officials, an
-- assignment overlapping the period and min_rates_with_evidence rates with evidence are ranked;
-- each ranked agency's standing on a rate is its mid-rank percentile among the ranked agencies with
-- evidence on it; score = the weighted mean of the four standings (a rate without evidence counts
-- 50); the top and bottom k = max(1, floor(group_share x ranked)) form the groups (commend wins).
create or replace macro agency_scorecard_rows(p_start, p_ref, p_as_of, p_commune,
                                              p_settings) as table
with official_counts as (
    select agency_id, count(*)::bigint as officials,
    from officials
    group by all
),
assigned_communes as (
    -- Communes assigned to the agency's officials by assignments overlapping the period (8.4).
    select distinct agency_id, commune_code,
    from agency_assignment_spans
    where assigned_from <= p_ref
      and (assigned_to is null or assigned_to >= p_start)
      and (p_commune is null or commune_code = p_commune)
),
visited_communes as (
    -- Communes where some official of the agency was present at a held visit (8.16).
    select agency_id, commune_code,
    from agency_communes_visited(p_start, p_ref, p_commune)
),
coverage_counts as (
    select
        s.agency_id,
        count(*)::bigint as communes_assigned,
        count(v.commune_code)::bigint as communes_covered,
    from assigned_communes as s
    left join visited_communes as v using (agency_id, commune_code)
    group by all
),
-- The counts per agency below have a fast path without the commune filter: the whole months of
-- the period summed from agency_months and the feedback summaries (tables/25_summaries.sql), the rest
-- of a month cut short from the rows; plain definition: the branch for the commune filter, from
-- official_attendance, quota_months and feedback_in_period. Kept equal by
-- tests/test_summaries.py::test_agency_scorecard_rows_equal_their_plain_definition.
attendance_counts as (
    select
        agency_id,
        sum(listed_present)::bigint as listed_present,
        sum(listed_not_excused)::bigint as listed_not_excused,
    from (
        select agency_id, listed_present, listed_not_excused,
        from agency_months
        where p_commune is null and summaries_built() and month_start >= p_start and last_day(month_start) <= p_ref
        union all
        select
            agency_id,
            count(*) filter (where listed and is_present),
            count(*) filter (where listed and status <> 'excused'),
        from attendance_in_period(date_trunc('month', p_ref)::date, p_ref, p_commune)
        where p_commune is null and summaries_built()
          and p_ref < last_day(p_ref) and visit_date >= p_start
        group by all
        union all
        select o.agency_id, p.listed_present, p.listed_not_excused,
        from official_attendance(p_start, p_ref, p_commune, null) as p
        join officials as o using (official_id)
        where not (p_commune is null and summaries_built())
    )
    group by all
),
quota_counts as (
    -- Quota months outside the grid of tables/21_quota.sql (before the first or after the last month
    -- with a held visit) are not in agency_months: they come from quota_month_rows in both branches
    -- (with the grid's months too in the plain one).
    select
        agency_id,
        sum(months_counted)::bigint as months_counted,
        sum(months_met)::bigint as months_met,
    from (
        select agency_id, months_counted, months_met,
        from agency_months
        where p_commune is null and summaries_built() and month_start >= p_start and last_day(month_start) <= p_ref
          and coalesce(month_start >= p_settings['visits_from'], true)
        union all
        select
            o.agency_id,
            count(*) filter (where q.is_counted),
            count(*) filter (where q.is_met),
        from quota_month_rows(p_start, p_ref, p_commune, null, p_settings,
                              not (p_commune is null and summaries_built())) as q
        join officials as o using (official_id)
        group by all
    )
    group by all
),
reply_counts as (
    select
        forwarded_to as agency_id,
        sum(items)::bigint as items_forwarded,
        sum(replied_on_time)::bigint as replied_on_time,
        sum(replied_or_overdue)::bigint as replied_or_overdue,
    from (
        select forwarded_to, items, replied_on_time, replied_or_overdue,
        from feedback_forwarded_months
        where p_commune is null
          and feedback_summary_applies(p_as_of, p_settings)
          and feedback_summary_month(received_month, p_start, p_ref, p_as_of)
        union all
        select forwarded_to, count(*), count(*) filter (where on_time), count(*) filter (where is_replied or is_overdue),
        from feedback_in_period(feedback_rest_start(p_start, p_ref), p_ref, p_as_of, p_commune, null, p_settings)
        where p_commune is null
          and feedback_summary_rest(p_ref, p_as_of)
          and feedback_summary_applies(p_as_of, p_settings)
        group by all
        union all
        select forwarded_to, count(*), count(*) filter (where on_time), count(*) filter (where is_replied or is_overdue),
        from feedback_in_period(p_start, p_ref, p_as_of, p_commune, null, p_settings)
        where not (p_commune is null and feedback_summary_applies(p_as_of, p_settings))
        group by all
    )
    where forwarded_to is not null
    group by all
),
held_counts as (
    select recorder_agency_id as agency_id, sum(held_items)::bigint as held_items,
    from (
        select recorder_agency_id, held_items,
        from feedback_held_months
        where p_commune is null
          and feedback_summary_applies(p_as_of, p_settings)
          and feedback_summary_month(received_month, p_start, p_ref, p_as_of)
          and recorded_by is not null
        union all
        select recorder_agency_id, count(*),
        from feedback_in_period(feedback_rest_start(p_start, p_ref), p_ref, p_as_of, p_commune, null, p_settings)
        where p_commune is null
          and feedback_summary_rest(p_ref, p_as_of)
          and feedback_summary_applies(p_as_of, p_settings)
          and is_held_information and recorded_by is not null
        group by all
        union all
        select recorder_agency_id, count(*),
        from feedback_in_period(p_start, p_ref, p_as_of, p_commune, null, p_settings)
        where not (p_commune is null and feedback_summary_applies(p_as_of, p_settings))
          and is_held_information and recorded_by is not null
        group by all
    )
    group by all
),
agency_rates as (
    select
        a.agency_id,
        a.agency_name,
        a.level,
        coalesce(o.officials, 0)::bigint as officials,
        coalesce(c.communes_assigned, 0)::bigint as communes_assigned,
        coalesce(c.communes_covered, 0)::bigint as communes_covered,
        coalesce(t.listed_present, 0)::bigint as listed_present,
        coalesce(t.listed_not_excused, 0)::bigint as listed_not_excused,
        coalesce(q.months_counted, 0)::bigint as months_counted,
        coalesce(q.months_met, 0)::bigint as months_met,
        coalesce(r.items_forwarded, 0)::bigint as items_forwarded,
        coalesce(r.replied_on_time, 0)::bigint as replied_on_time,
        coalesce(r.replied_or_overdue, 0)::bigint as replied_or_overdue,
        coalesce(h.held_items, 0)::bigint as held_items,
        rate_of(c.communes_covered, c.communes_assigned) as coverage_rate,
        rate_of(t.listed_present, t.listed_not_excused) as attendance_rate,
        rate_of(q.months_met, q.months_counted) as quota_rate,
        rate_of(r.replied_on_time, r.replied_or_overdue) as on_time_rate,
    from agencies as a
    left join official_counts as o using (agency_id)
    left join coverage_counts as c using (agency_id)
    left join attendance_counts as t using (agency_id)
    left join quota_counts as q using (agency_id)
    left join reply_counts as r using (agency_id)
    left join held_counts as h using (agency_id)
),
evidence as (
    -- A rate counts only when its divisor reaches the minimum (docs/metrics.md, "Agency review").
    select
        *,
        communes_assigned >= p_settings['min_evidence_coverage'] as coverage_evidence,
        listed_not_excused >= p_settings['min_evidence_attendance'] as attendance_evidence,
        months_counted >= p_settings['min_evidence_quota'] as quota_evidence,
        replied_or_overdue >= p_settings['min_evidence_on_time'] as on_time_evidence,
    from agency_rates
),
eligible as (
    select
        *,
        coverage_evidence::int + attendance_evidence::int + quota_evidence::int + on_time_evidence::int
            as rates_with_evidence,
        officials >= p_settings['min_officials']
            and communes_assigned > 0
            and coverage_evidence::int + attendance_evidence::int + quota_evidence::int
                + on_time_evidence::int >= p_settings['min_rates_with_evidence'] as is_ranked,
    from evidence
),
rate_values as (
    -- One row per ranked agency and rate with enough evidence: who is compared on that rate.
    select agency_id, rate_name, rate_value,
    from (
        select agency_id, 'coverage' as rate_name, coverage_rate as rate_value, from eligible
        where is_ranked and coverage_evidence
        union all
        select agency_id, 'attendance', attendance_rate, from eligible where is_ranked and attendance_evidence
        union all
        select agency_id, 'quota', quota_rate, from eligible where is_ranked and quota_evidence
        union all
        select agency_id, 'on_time', on_time_rate, from eligible where is_ranked and on_time_evidence
    )
),
standings as (
    -- Mid-rank percentile among the n ranked agencies with evidence on the rate:
    -- 100 x (lower + 1/2 x others equal) / (n - 1), 50 when n = 1. The rates are ratios of whole
    -- numbers, so two equal rates are the same double: "within 1e-12" is exact equality here
    -- (docs/metrics.md, "Choices"), and window functions count lower and equal ones.
    select
        agency_id,
        rate_name,
        case
            when count(*) over by_rate = 1 then 50.0
            else 100.0 * ((rank() over by_value - 1) + 0.5 * (count(*) over same_value - 1))
                 / (count(*) over by_rate - 1)
        end as standing,
    from rate_values
    window by_rate as (partition by rate_name),
           by_value as (partition by rate_name order by rate_value),
           same_value as (partition by rate_name, rate_value)
),
standing_columns as (
    select
        agency_id,
        max(standing) filter (where rate_name = 'coverage') as coverage_standing,
        max(standing) filter (where rate_name = 'attendance') as attendance_standing,
        max(standing) filter (where rate_name = 'quota') as quota_standing,
        max(standing) filter (where rate_name = 'on_time') as on_time_standing,
    from standings
    group by agency_id
),
scored as (
    -- score = weighted mean of the four standings; a rate without enough evidence counts 50.
    select
        e.*,
        s.coverage_standing,
        s.attendance_standing,
        s.quota_standing,
        s.on_time_standing,
        case when e.is_ranked then
            rate_of(p_settings['weight_coverage'] * coalesce(s.coverage_standing, 50.0)
                    + p_settings['weight_attendance'] * coalesce(s.attendance_standing, 50.0)
                    + p_settings['weight_quota'] * coalesce(s.quota_standing, 50.0)
                    + p_settings['weight_on_time'] * coalesce(s.on_time_standing, 50.0),
                    p_settings['weight_coverage'] + p_settings['weight_attendance']
                    + p_settings['weight_quota'] + p_settings['weight_on_time'])
        end as score,
    from eligible as e
    left join standing_columns as s using (agency_id)
),
ranks as (
    -- Rank 1 is the highest score; scores within 1e-9 share the better rank (1, 2, 2, 4): compared
    -- rounded to 9 decimals.
    select
        agency_id,
        rank() over (order by round(score, 9) desc) as rank,
        rank() over (order by round(score, 9) asc) as rank_from_bottom,
    from scored
    where is_ranked
),
ranked_rates as (
    select
        s.*,
        r.rank,
        r.rank_from_bottom,
        count(*) filter (where s.is_ranked) over () as ranked_agencies,
    from scored as s
    left join ranks as r using (agency_id)
)
select
    agency_id,
    agency_name,
    level,
    officials,
    communes_assigned,
    communes_covered,
    listed_present,
    listed_not_excused,
    months_counted,
    months_met,
    items_forwarded,
    replied_on_time,
    replied_or_overdue,
    coverage_rate,
    attendance_rate,
    quota_rate,
    on_time_rate,
    coverage_evidence,
    attendance_evidence,
    quota_evidence,
    on_time_evidence,
    rates_with_evidence::bigint as rates_with_evidence,
    coverage_standing,
    attendance_standing,
    quota_standing,
    on_time_standing,
    held_items,
    score,
    is_ranked,
    rank::bigint as rank,
    ranked_agencies::bigint as ranked_agencies,
    -- 1e-9 keeps e.g. 0.29 x 100 = 28.999999999999996 from losing an agency to floor().
    greatest(1, floor(p_settings['group_share'] * ranked_agencies + 1e-9))::bigint as group_size,
    case
        when not is_ranked then null
        when rank <= greatest(1, floor(p_settings['group_share'] * ranked_agencies + 1e-9)) then 'commend'
        when rank_from_bottom <= greatest(1, floor(p_settings['group_share'] * ranked_agencies + 1e-9)) then 'correct'
    end as review_group,
from ranked_rates;
