-- One row for the period: citizen-feedback headline figures over the items received in the
-- period (statuses on as_of), with the Kaplan-Meier and replied-only times to reply.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days
with items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, $agency,
                            $settings)
),
km as (
    select *
    from feedback_km($start, $ref_date, $as_of, $commune, $agency,
                     $settings, 'all')
),
counts as (
    select
        count(*)::bigint as received,
        count(*) filter (where handled_on_spot)::bigint as handled_on_spot,
        count(*) filter (where forwarded_to is not null)::bigint as forwarded,
        count(*) filter (where is_replied)::bigint as replied,
        count(*) filter (where on_time)::bigint as replied_on_time,
        count(*) filter (where resolved_date is not null)::bigint as resolved,
        count(*) filter (where is_open)::bigint as open,
        count(*) filter (where is_overdue)::bigint as open_overdue,
        count(*) filter (where is_held_information)::bigint as held_information,
        max(age_days) filter (where is_open)::bigint as oldest_open_days,
        median(working_days_to_reply) filter (where is_replied) as median_working_days_replied_only,
    from items
),
final as (
    select
        c.received,
        c.handled_on_spot,
        c.forwarded,
        c.replied,
        c.replied_on_time,
        c.resolved,
        c.open,
        c.open_overdue,
        c.held_information,
        on_time_rate_of(c.replied_on_time, c.replied, c.open_overdue) as on_time_rate,
        (select median_days_km from km) as median_days_km,
        (select p90_days_km from km) as p90_days_km,
        (select median_days_replied_only from km) as median_days_replied_only,
        c.median_working_days_replied_only,
        c.oldest_open_days,
    from counts as c
)
select * from final
