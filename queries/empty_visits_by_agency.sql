-- One row per lead agency with a held visit in the period (docs/metrics.md, "Signs of form's sake"):
-- held visits it led, the empty ones among them and their share.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null
with held as (
    select lead_agency_id, count(*)::bigint as visits_held,
    from held_visits($start, $ref_date, $commune)
    where $agency is null or lead_agency_id = $agency
    group by all
),
empty as (
    select lead_agency_id, count(*)::bigint as empty_visits,
    from empty_visit_rows($start, $ref_date, $as_of, $commune)
    group by all
),
final as (
    select
        h.lead_agency_id,
        a.agency_name as lead_agency_name,
        h.visits_held,
        coalesce(e.empty_visits, 0)::bigint as empty_visits,
        rate_of(coalesce(e.empty_visits, 0), h.visits_held) as empty_share,
    from held as h
    left join empty as e using (lead_agency_id)
    left join agencies as a on a.agency_id = h.lead_agency_id
    order by empty_visits desc, h.lead_agency_id
)
select * from final
