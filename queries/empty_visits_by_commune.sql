-- One row per commune with a held visit in the period (docs/metrics.md, "Signs of form's sake"):
-- held visits, the empty ones among them and their share.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null
with held as (
    select commune_code, count(*)::bigint as visits_held,
    from held_visits($start, $ref_date, $commune)
    where $agency is null or lead_agency_id = $agency
    group by all
),
empty as (
    select commune_code, count(*)::bigint as empty_visits,
    from empty_visit_rows($start, $ref_date, $as_of, $commune)
    where $agency is null or lead_agency_id = $agency
    group by all
),
final as (
    select
        h.commune_code,
        c.commune_name,
        h.visits_held,
        coalesce(e.empty_visits, 0)::bigint as empty_visits,
        rate_of(coalesce(e.empty_visits, 0), h.visits_held) as empty_share,
    from held as h
    left join empty as e using (commune_code)
    left join communes as c using (commune_code)
    order by empty_visits desc, h.commune_code
)
select * from final
