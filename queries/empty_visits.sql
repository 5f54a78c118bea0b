-- One row per empty visit of the period (docs/metrics.md, "Signs of form's sake"): a held visit with
-- citizens_attending 0 or empty and no feedback item naming its visit_id.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null
with visits_empty as (
    select * from empty_visit_rows($start, $ref_date, $as_of, $commune)
    where $agency is null or lead_agency_id = $agency
),
final as (
    select
        e.visit_id,
        e.visit_date,
        e.commune_code,
        c.commune_name,
        e.lead_agency_id,
        a.agency_name as lead_agency_name,
        e.visit_type,
        e.citizens_attending,
    from visits_empty as e
    left join communes as c using (commune_code)
    left join agencies as a on a.agency_id = e.lead_agency_id
    order by e.visit_date, e.visit_id
)
select * from final
