-- One row per agency (docs/metrics.md "Agency review"; edge rules 16-17): officials, the four
-- pooled rates each with its standing (0-100 among the ranked agencies with enough evidence on
-- it; empty without enough evidence or when the agency is not ranked), held items, score (the
-- weighted mean of the standings, a rate without evidence counting 50), rank (ties share the better
-- rank) and review_group (commend, correct or empty). Unranked agencies have empty standings,
-- score, rank and group. The ranking compares all agencies: the agency filter does not apply; the
-- commune filter restricts the figures to that commune.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $settings (reply_working_days,
--         held_after_days, weights, group_share, min_officials, evidence minimums)
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
        coverage_standing,
        attendance_rate,
        attendance_standing,
        quota_rate,
        quota_standing,
        on_time_rate,
        on_time_standing,
        held_items,
        score,
        rank,
        review_group,
    from scorecard
    order by rank nulls last, score desc nulls last, agency_id
)
select * from final
