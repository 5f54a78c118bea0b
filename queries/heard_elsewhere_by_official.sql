-- One row per official assigned to a commune on the date an item there was heard elsewhere first
-- (docs/metrics.md, "Heard elsewhere first"): how many such items, in how many communes, the first
-- and last received date. A signal, not a flag.
-- Fast path: per official and merged assignment span, from heard_elsewhere_span_items (no list of every
-- (official, item) pair); plain definition: the pairs of heard_elsewhere_officials (the second branch).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null, and the
--         setting $settings.heard_elsewhere_window_days
with per_commune as (
    select official_id, commune_code, sum(items)::bigint as items,
        min(first_received_date) as first_received_date, max(last_received_date) as last_received_date,
    from heard_elsewhere_span_items($start, $ref_date, $as_of, $commune, $settings)
    where summaries_built()
    group by all
    union all
    select official_id, commune_code, count(distinct feedback_id)::bigint,
        min(received_date), max(received_date),
    from heard_elsewhere_officials($start, $ref_date, $as_of, $commune, $settings)
    where not summaries_built()
    group by all
),
final as (
    select
        i.official_id,
        o.full_name,
        o.agency_id,
        a.agency_name,
        sum(i.items)::bigint as heard_elsewhere_first,
        count(*)::bigint as communes,
        string_agg(distinct coalesce(c.commune_name, i.commune_code), ', ' order by coalesce(c.commune_name, i.commune_code))
            as commune_names,
        min(i.first_received_date) as first_received_date,
        max(i.last_received_date) as last_received_date,
    from per_commune as i
    join officials as o using (official_id)
    left join agencies as a on a.agency_id = o.agency_id
    left join communes as c on c.commune_code = i.commune_code
    where $agency is null or o.agency_id = $agency
    group by all
    order by heard_elsewhere_first desc, i.official_id
)
select * from final
