-- One row per agency (METRICS 7, rules 8.16-8.17): officials, the four pooled rates, held items,
-- score (100 x weighted mean of the non-empty rates), rank among ranked agencies (ties share the
-- better rank) and review_group (commend, correct or empty). The ranking compares all agencies:
-- the agency filter does not apply; the commune filter restricts the figures to that commune.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, and the settings
--         $settings.reply_working_days, $settings.held_after_days, $settings.weight_coverage, $settings.weight_attendance,
--         $settings.weight_quota, $settings.weight_on_time, $settings.group_share, $settings.min_officials
with scorecard as (
    select *
    from agency_scorecard_rows($start, $ref_date, $as_of, $commune,
                               $settings)
),
final as (
    select
        agency_id,
        agency_name,
        officials,
        coverage_rate,
        attendance_rate,
        quota_rate,
        on_time_rate,
        held_items,
        score,
        rank,
        review_group,
    from scorecard
    order by rank nulls last, score desc nulls last, agency_id
)
select * from final
