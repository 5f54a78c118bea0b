-- One row per agency: the scorecard (agency_scorecard) with the counts behind each rate
-- (communes assigned / covered, listed present / listed not excused, months met / counted,
-- replied on time / replied or overdue, items forwarded), whether it is ranked, how many are
-- ranked and the size of each review group.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, and the settings
--         $settings.reply_working_days, $settings.held_after_days, $settings.weight_coverage, $settings.weight_attendance,
--         $settings.weight_quota, $settings.weight_on_time, $settings.group_share, $settings.min_officials
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
