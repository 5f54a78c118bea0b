-- One row per agency (forwarded_to; empty = not forwarded yet) and age bucket of the items of
-- the period still open on as_of: open items and open overdue items. Age = as_of - received, in
-- calendar days; buckets 0-7, 8-15, 16-30, 31-60, >60. Every bucket is listed for each agency
-- that has an open item.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days
with items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, $agency,
                            $settings)
    where is_open
),
buckets as (
    select * from (values
        (1, '0-7', 0, 7),
        (2, '8-15', 8, 15),
        (3, '16-30', 16, 30),
        (4, '31-60', 31, 60),
        (5, '>60', 61, null)
    ) as b(bucket_order, age_bucket, low_days, high_days)
),
agencies_with_open as (
    select distinct forwarded_to as agency_id,
    from items
),
counted as (
    select
        i.forwarded_to as agency_id,
        b.age_bucket,
        count(*)::bigint as open,
        count(*) filter (where i.is_overdue)::bigint as overdue,
    from items as i
    join buckets as b
      on i.age_days >= b.low_days
     and (b.high_days is null or i.age_days <= b.high_days)
    group by all
),
final as (
    select
        g.agency_id,
        b.age_bucket,
        coalesce(c.open, 0)::bigint as open,
        coalesce(c.overdue, 0)::bigint as overdue,
    from agencies_with_open as g
    cross join buckets as b
    left join counted as c
      on c.agency_id is not distinct from g.agency_id
     and c.age_bucket = b.age_bucket
    order by g.agency_id nulls last, b.bucket_order
)
select * from final
