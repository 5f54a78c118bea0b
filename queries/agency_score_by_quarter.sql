-- One row per agency and calendar quarter of the period: the scorecard rates and score (docs/metrics.md "Agency review") computed
-- on the part of the quarter inside the period (window_start .. window_end; a quota month counts
-- only when it ended inside the window), statuses still judged on as_of (edge rule 3).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $settings (reply_working_days,
--         held_after_days, weights, group_share, min_officials, evidence minimums)
with quarters as (
    select
        q::date as quarter_start,
        greatest(q::date, $start::date) as window_start,
        least(last_day((q + interval 2 month)::date), $ref_date::date) as window_end,
    from unnest(generate_series(date_trunc('quarter', $start::date)::timestamp, $ref_date::timestamp,
                                interval 3 month)) as t(q)
),
scores as (
    select
        w.quarter_start,
        w.window_start,
        w.window_end,
        s.*,
    from quarters as w,
    lateral agency_scorecard_rows(w.window_start, w.window_end, $as_of, $commune,
                                  $settings) as s
),
final as (
    select
        agency_id,
        agency_name,
        quarter_start,
        window_start,
        window_end,
        coverage_rate,
        attendance_rate,
        quota_rate,
        on_time_rate,
        held_items,
        score,
        rank,
        review_group,
    from scores
    order by agency_id, quarter_start
)
select * from final
