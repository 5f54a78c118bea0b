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
per_official as (
    select
        i.official_id,
        sum(i.items)::bigint as heard_elsewhere_first,
        count(*)::bigint as communes,
        -- Sorted distinct names joined by ', ' (a list sort is cheaper than an ordered string_agg).
        array_to_string(list_sort(list(distinct coalesce(c.commune_name, i.commune_code))), ', ') as commune_names,
        min(i.first_received_date) as first_received_date,
        max(i.last_received_date) as last_received_date,
    from per_commune as i
    left join communes as c on c.commune_code = i.commune_code
    group by i.official_id
),
final as (
    select
        p.official_id,
        o.full_name,
        o.agency_id,
        a.agency_name,
        p.heard_elsewhere_first,
        p.communes,
        p.commune_names,
        p.first_received_date,
        p.last_received_date,
    from per_official as p
    join officials as o using (official_id)
    left join agencies as a on a.agency_id = o.agency_id
    where $agency is null or o.agency_id = $agency
    order by p.heard_elsewhere_first desc, p.official_id
)
select * from final
