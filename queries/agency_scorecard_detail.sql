-- One row per agency: the scorecard (agency_scorecard) with the counts behind each rate, whether
-- each rate has enough evidence and its standing
-- (communes assigned / covered, listed present / listed not excused, months met / counted,
-- replied on time / replied or overdue, items forwarded), whether it is ranked, how many are
-- ranked and the size of each review group.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $settings (reply_working_days,
--         held_after_days, weights, group_share, min_officials, evidence minimums)
with scorecard as (
    select *
    from agency_scorecard_rows($start, $ref_date, $as_of, $commune,
                               $settings)
),
final as (
    select *
    from scorecard
    order by rank nulls last, score desc nulls last, agency_id
)
select * from final
