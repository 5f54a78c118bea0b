-- One row per agency (every agency of the agencies table, edge rule 15; only the selected one
-- under the agency filter): items of the period forwarded to it, replies, on-time rate, open
-- overdue items and Kaplan-Meier times to reply. Worst first: lowest on-time rate, then most
-- open overdue items, then the longest Kaplan-Meier median (never reached counts as longest).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days
with scope as (
    select agency_id, agency_name,
    from agencies
    where $agency is null or agency_id = $agency
),
items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, $agency,
                            $settings)
    where forwarded_to is not null
),
counts as (
    select
        forwarded_to as agency_id,
        count(*)::bigint as forwarded,
        count(*) filter (where is_replied)::bigint as replied,
        count(*) filter (where on_time)::bigint as replied_on_time,
        count(*) filter (where is_open)::bigint as open,
        count(*) filter (where is_overdue)::bigint as open_overdue,
    from items
    group by all
),
km as (
    select group_key as agency_id, median_days_km, p90_days_km, median_days_replied_only,
    from feedback_km($start, $ref_date, $as_of, $commune, $agency,
                     $settings, 'agency')
    where group_key is not null
),
joined as (
    select
        s.agency_id,
        s.agency_name,
        coalesce(c.forwarded, 0)::bigint as forwarded,
        coalesce(c.replied, 0)::bigint as replied,
        coalesce(c.replied_on_time, 0)::bigint as replied_on_time,
        coalesce(c.open, 0)::bigint as open,
        coalesce(c.open_overdue, 0)::bigint as open_overdue,
        k.median_days_km,
        k.p90_days_km,
        k.median_days_replied_only,
    from scope as s
    left join counts as c using (agency_id)
    left join km as k using (agency_id)
),
final as (
    select
        agency_id,
        agency_name,
        forwarded,
        replied,
        replied_on_time,
        open,
        open_overdue,
        on_time_rate_of(replied_on_time, replied, open_overdue) as on_time_rate,
        median_days_km,
        p90_days_km,
        median_days_replied_only,
    from joined
    order by
        on_time_rate asc nulls last,
        open_overdue desc,
        case when forwarded > 0 and median_days_km is null then 1 else 0 end desc,
        median_days_km desc nulls last,
        agency_id
)
select * from final
