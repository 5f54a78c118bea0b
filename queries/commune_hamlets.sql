-- One row per hamlet of the selected commune: held visits there in the period and the last one (never visited first).
-- params: $start date, $ref_date date, $agency text|null, $selected_commune text
with held as (
    select * from held_visits($start, $ref_date, $selected_commune)
    where $agency is null or lead_agency_id = $agency
),
last_ever as (
    select hamlet_id, max(visit_date) as last_visit_date,
    from visits
    where status = 'held' and visit_date <= $ref_date and commune_code = $selected_commune
      and ($agency is null or lead_agency_id = $agency)
    group by all
),
counts as (
    select hamlet_id, count(*)::bigint as visits_held,
    from held
    where hamlet_id is not null
    group by all
),
final as (
    select
        h.hamlet_id,
        h.hamlet_name,
        h.households,
        coalesce(c.visits_held, 0)::bigint as visits_held,
        l.last_visit_date,
    from hamlets as h
    left join counts as c using (hamlet_id)
    left join last_ever as l using (hamlet_id)
    where h.commune_code = $selected_commune
    order by coalesce(c.visits_held, 0), h.hamlet_name
)
select * from final
