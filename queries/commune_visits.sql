-- One row per visit (held, planned or cancelled) in the selected commune during the period, newest first.
-- params: $start date, $ref_date date, $agency text|null, $selected_commune text
with visits_in_period as (
    select *
    from visits
    where commune_code = $selected_commune
      and visit_date between $start and $ref_date
      and ($agency is null or lead_agency_id = $agency)
),
presence as (
    select
        visit_id,
        count(*) filter (where listed)::bigint as officials_listed,
        count(*) filter (where status in ('present', 'late'))::bigint as officials_present,
    from attendance
    group by all
),
final as (
    select
        v.visit_id,
        v.visit_date,
        v.status,
        v.visit_type,
        h.hamlet_name,
        a.agency_name as lead_agency_name,
        v.topic,
        coalesce(p.officials_listed, 0)::bigint as officials_listed,
        coalesce(p.officials_present, 0)::bigint as officials_present,
        v.citizens_attending,
    from visits_in_period as v
    left join hamlets as h using (hamlet_id)
    left join agencies as a on a.agency_id = v.lead_agency_id
    left join presence as p using (visit_id)
    order by v.visit_date desc, v.visit_id
)
select * from final
