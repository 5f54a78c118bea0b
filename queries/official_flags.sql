-- One row per official and flag (docs/metrics.md, "Flags" and "Beyond the roster"): the flag code, its evidence count (listed
-- non-excused visits, the longest run of unmet months, or held items) and a short summary of
-- the evidence (the absences with date, commune and visit; the unmet months with attended /
-- required; the held items with date and commune), from official_flag_evidence_rows.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null, and the
--         settings $settings.reply_working_days, $settings.held_after_days, $settings.never_present_min_listed,
--         $settings.rarely_present_min_listed, $settings.rarely_present_max_rate, $settings.under_quota_min_months,
--         $settings.holding_min_items
with flag_list as (
    select *
    from official_flag_rows($start, $ref_date, $as_of, $commune, $agency,
                            $settings)
    union all
    select * from beyond_flag_rows($start, $ref_date, $as_of, $commune, $agency, $settings)
),
evidence as (
    select *
    from official_flag_evidence_rows($start, $ref_date, $as_of, $commune, $agency,
                                     $settings)
    union all by name
    select * from beyond_flag_evidence_rows($start, $ref_date, $as_of, $commune, $agency, $settings)
),
evidence_lines as (
    select
        official_id,
        flag,
        evidence_date,
        evidence_id,
        case evidence_type
            when 'visit' then strftime(evidence_date, '%d/%m/%Y') || ' ' || coalesce(commune_name, commune_code)
                || ' (' || evidence_id || ', chủ trì: ' || coalesce(lead_agency_name, lead_agency_id) || ')'
            when 'month' then strftime(evidence_date, '%m/%Y') || ': có mặt ' || attended || '/' || required || ' buổi'
            when 'dialogue_month' then strftime(evidence_date, '%m/%Y') || ': không đối thoại (có mặt '
                || attended || ' buổi khác)'
            when 'last_minute_month' then strftime(evidence_date, '%m/%Y') || ': đạt ' || attended || '/'
                || required || ' buổi nhờ các buổi cuối tháng'
            else evidence_id || ' tiếp nhận ' || strftime(evidence_date, '%d/%m/%Y')
                || ' ' || coalesce(commune_name, commune_code)
        end as line,
    from evidence
),
summaries as (
    select
        official_id,
        flag,
        string_agg(line, '; ' order by evidence_date, evidence_id) as evidence_summary,
    from evidence_lines
    group by all
),
final as (
    select
        f.official_id,
        f.flag,
        f.evidence_count,
        s.evidence_summary,
    from flag_list as f
    left join summaries as s using (official_id, flag)
    order by f.official_id,
        case f.flag
            when 'listed_never_present' then 1
            when 'rarely_present' then 2
            when 'under_quota' then 3
            when 'holding_information' then 4
            when 'head_without_dialogue' then 5
            else 6 end
)
select * from final
