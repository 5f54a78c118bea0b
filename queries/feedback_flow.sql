-- One row per route (handled on the spot, forwarded to an agency, not forwarded) and status on
-- as_of (replied on time, replied late, open and not yet due, open and overdue): how the items
-- received in the period travelled. All twelve combinations are listed, with zeros.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days
with items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, $agency,
                            $settings)
),
routes as (
    select * from (values (1, 'on_spot'), (2, 'forwarded'), (3, 'not_forwarded')) as r(route_order, route)
),
statuses as (
    select * from (values (1, 'replied_on_time'), (2, 'replied_late'), (3, 'open_in_time'), (4, 'open_overdue'))
        as s(status_order, status)
),
classified as (
    -- An item handled on the spot counts there even if it was also forwarded.
    select
        case
            when handled_on_spot then 'on_spot'
            when forwarded_to is not null then 'forwarded'
            else 'not_forwarded'
        end as route,
        case
            when is_replied and on_time then 'replied_on_time'
            when is_replied then 'replied_late'
            when is_overdue then 'open_overdue'
            else 'open_in_time'
        end as status,
        resolved_date is not null as is_resolved,
        is_held_information,
    from items
),
counted as (
    select
        route,
        status,
        count(*)::bigint as items,
        count(*) filter (where is_resolved)::bigint as resolved,
        count(*) filter (where is_held_information)::bigint as held_information,
    from classified
    group by all
),
final as (
    select
        r.route,
        s.status,
        coalesce(c.items, 0)::bigint as items,
        coalesce(c.resolved, 0)::bigint as resolved,
        coalesce(c.held_information, 0)::bigint as held_information,
    from routes as r
    cross join statuses as s
    left join counted as c using (route, status)
    order by r.route_order, s.status_order
)
select * from final
