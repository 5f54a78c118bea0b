-- One row per agency: the scorecard (agency_scorecard) with the counts behind each rate
-- (communes assigned / covered, listed present / listed not excused, months met / counted,
-- replied on time / replied or overdue, items forwarded), whether it is ranked, how many are
-- ranked and the size of each review group.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, and the settings
--         $reply_working_days, $held_after_days, $weight_coverage, $weight_attendance,
--         $weight_quota, $weight_on_time, $group_share, $min_officials
with scorecard as (
    select *
    from agency_scorecard_rows($start, $ref_date, $as_of, $commune,
                               $reply_working_days, $held_after_days,
                               $weight_coverage, $weight_attendance, $weight_quota, $weight_on_time,
                               $group_share, $min_officials)
),
final as (
    select *
    from scorecard
    order by rank nulls last, score desc nulls last, agency_id
)
select * from final
