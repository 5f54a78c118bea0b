-- One row for the period: the overview's headline figures, and the same with prev_ for
-- the previous period of equal length (statuses judged on the same as_of, edge rule 3).
-- params: $start date, $ref_date date, $prev_start date, $prev_ref_date date, $as_of date,
--         $commune text|null, $agency text|null, and the settings $settings.reply_working_days,
--         $settings.held_after_days, $settings.never_present_min_listed, $settings.rarely_present_min_listed,
--         $settings.rarely_present_max_rate, $settings.under_quota_min_months, $settings.holding_min_items
with current_period as (
    select *
    from period_kpis(
        $start, $ref_date, $as_of, $commune, $agency,
        $settings)
),
previous_period as (
    select *
    from period_kpis(
        $prev_start, $prev_ref_date, $as_of, $commune, $agency,
        $settings)
),
final as (
    select
        c.held_visits,
        c.communes_covered_share,
        c.quota_met_share,
        c.attendance_rate,
        c.feedback_received,
        c.on_time_rate,
        c.median_days_km,
        c.officials_flagged,
        p.held_visits as prev_held_visits,
        p.communes_covered_share as prev_communes_covered_share,
        p.quota_met_share as prev_quota_met_share,
        p.attendance_rate as prev_attendance_rate,
        p.feedback_received as prev_feedback_received,
        p.on_time_rate as prev_on_time_rate,
        p.median_days_km as prev_median_days_km,
        p.officials_flagged as prev_officials_flagged,
    from current_period as c, previous_period as p
)
select * from final
