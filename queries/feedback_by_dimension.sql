-- One row per dimension (agency = forwarded_to, topic, commune, channel) and group, over the
-- items received in the period: counts, on-time rate, Kaplan-Meier median and p90, replied-only
-- median and held items. Items with no agency or no topic form a group whose key is empty.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days
with items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, $agency,
                            $settings)
),
dimensions as (
    select * from (values (1, 'agency'), (2, 'topic'), (3, 'commune'), (4, 'channel')) as d(dimension_order, dimension)
),
counts_by_set as (
    -- One pass over the items for the four groupings (the same group keys as the feedback_km
    -- macro; an item with no agency or topic falls in that grouping's empty-key group).
    select
        case
            when grouping(forwarded_to) = 0 then 'agency'
            when grouping(topic) = 0 then 'topic'
            when grouping(commune_code) = 0 then 'commune'
            else 'channel'
        end as dimension,
        coalesce(forwarded_to, topic, commune_code, channel) as group_key,
        count(*)::bigint as items,
        count(*) filter (where is_replied)::bigint as replied,
        count(*) filter (where on_time)::bigint as replied_on_time,
        count(*) filter (where is_open)::bigint as open,
        count(*) filter (where is_overdue)::bigint as open_overdue,
        count(*) filter (where is_held_information)::bigint as held_information,
    from items
    group by grouping sets ((forwarded_to), (topic), (commune_code), (channel))
),
counts as (
    select * from counts_by_set
),
km as (
    select 'agency' as dimension, * from feedback_km($start, $ref_date, $as_of, $commune, $agency,
                                                     $settings, 'agency')
    union all
    select 'topic', * from feedback_km($start, $ref_date, $as_of, $commune, $agency,
                                       $settings, 'topic')
    union all
    select 'commune', * from feedback_km($start, $ref_date, $as_of, $commune, $agency,
                                         $settings, 'commune')
    union all
    select 'channel', * from feedback_km($start, $ref_date, $as_of, $commune, $agency,
                                         $settings, 'channel')
),
final as (
    select
        c.dimension,
        c.group_key,
        case c.dimension
            when 'agency' then a.agency_name
            when 'commune' then m.commune_name
            else c.group_key
        end as group_name,
        c.items,
        c.replied,
        c.replied_on_time,
        c.open,
        c.open_overdue,
        c.held_information,
        on_time_rate_of(c.replied_on_time, c.replied, c.open_overdue) as on_time_rate,
        k.median_days_km,
        k.p90_days_km,
        k.median_days_replied_only,
    from counts as c
    join dimensions as d using (dimension)
    left join km as k
      on k.dimension = c.dimension
     and k.group_key is not distinct from c.group_key
    left join agencies as a on c.dimension = 'agency' and a.agency_id = c.group_key
    left join communes as m on c.dimension = 'commune' and m.commune_code = c.group_key
    order by d.dimension_order, on_time_rate asc nulls last, c.open_overdue desc, c.group_key nulls last
)
select * from final
