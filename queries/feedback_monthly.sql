-- One row per month of the period, over the items received in that month (statuses on as_of):
-- received, replied, on time, open overdue, open and not yet due (a month with such items is still
-- settling: its rate and medians can move), on-time rate, Kaplan-Meier median and p90 and the
-- replied-only median. The last month may be cut short by ref_date.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days
with months as (
    select m::date as month,
    from unnest(generate_series($start::timestamp, $ref_date::timestamp, interval 1 month)) as t(m)
),
items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, $agency,
                            $settings)
),
counts as (
    select
        received_month as month,
        count(*)::bigint as received,
        count(*) filter (where is_replied)::bigint as replied,
        count(*) filter (where on_time)::bigint as replied_on_time,
        count(*) filter (where is_overdue)::bigint as open_overdue,
        count(*) filter (where not is_replied and not is_overdue)::bigint as open_not_due,
    from items
    group by all
),
km as (
    select *
    from feedback_km($start, $ref_date, $as_of, $commune, $agency,
                     $settings, 'month')
),
final as (
    select
        m.month,
        coalesce(c.received, 0)::bigint as received,
        coalesce(c.replied, 0)::bigint as replied,
        coalesce(c.replied_on_time, 0)::bigint as replied_on_time,
        coalesce(c.open_overdue, 0)::bigint as open_overdue,
        coalesce(c.open_not_due, 0)::bigint as open_not_due,
        on_time_rate_of(c.replied_on_time, c.replied, c.open_overdue) as on_time_rate,
        k.median_days_km,
        k.p90_days_km,
        k.median_days_replied_only,
    from months as m
    left join counts as c using (month)
    left join km as k on k.group_key = strftime(m.month, '%Y-%m')
    order by m.month
)
select * from final
