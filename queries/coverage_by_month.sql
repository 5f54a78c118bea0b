-- One row per month of the period: communes with at least one held visit that month, and their share of all communes.
-- params: $start date, $ref_date date, $commune text|null, $agency text|null
with months as (
    select m::date as month,
    from unnest(generate_series($start::timestamp, $ref_date::timestamp, interval 1 month)) as t(m)
),
scope as (
    select count(*) as communes_total,
    from communes
    where $commune is null or commune_code = $commune
),
covered as (
    select visit_month as month, count(distinct commune_code)::bigint as communes_covered,
    from held_visits($start, $ref_date, $commune)
    where $agency is null or lead_agency_id = $agency
    group by all
),
final as (
    select
        m.month,
        coalesce(c.communes_covered, 0)::bigint as communes_covered,
        s.communes_total::bigint as communes_total,
        rate_of(coalesce(c.communes_covered, 0), s.communes_total) as covered_share,
    from months as m
    cross join scope as s
    left join covered as c using (month)
    order by m.month
)
select * from final
