-- One row per official assigned to a commune on the date an item there was heard elsewhere first
-- (docs/metrics.md, "Heard elsewhere first"): how many such items, in how many communes, the first
-- and last received date. A signal, not a flag.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null, and the
--         setting $settings.heard_elsewhere_window_days
with items as (
    select * from heard_elsewhere_officials($start, $ref_date, $as_of, $commune, $settings)
),
final as (
    select
        i.official_id,
        o.full_name,
        o.agency_id,
        a.agency_name,
        count(distinct i.feedback_id)::bigint as heard_elsewhere_first,
        count(distinct i.commune_code)::bigint as communes,
        string_agg(distinct coalesce(c.commune_name, i.commune_code), ', ' order by coalesce(c.commune_name, i.commune_code))
            as commune_names,
        min(i.received_date) as first_received_date,
        max(i.received_date) as last_received_date,
    from items as i
    join officials as o using (official_id)
    left join agencies as a on a.agency_id = o.agency_id
    left join communes as c on c.commune_code = i.commune_code
    where $agency is null or o.agency_id = $agency
    group by all
    order by heard_elsewhere_first desc, i.official_id
)
select * from final
