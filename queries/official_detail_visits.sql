-- One row per attendance row of a held visit in the period (docs/metrics.md, "Participation", edge rule 7): who, which visit
-- (date, commune, hamlet, type, topic, lead agency), listed or walk-in, and the status. The
-- officials page asks for one official ($official_id) for the review conversation; the extract
-- passes null for every official.
-- params: $start date, $ref_date date, $commune text|null, $agency text|null, $official_id text|null
with rows_in_period as (
    select * from attendance_in_period($start, $ref_date, $commune)
    where ($agency is null or agency_id = $agency)
      and ($official_id is null or official_id = $official_id)
),
final as (
    select
        r.official_id,
        r.visit_id,
        r.visit_date,
        r.commune_code,
        c.commune_name,
        h.hamlet_name,
        v.visit_type,
        v.topic,
        r.lead_agency_id,
        g.agency_name as lead_agency_name,
        r.listed,
        r.status,
        r.is_present,
    from rows_in_period as r
    join visits as v using (visit_id)
    join communes as c on c.commune_code = r.commune_code
    left join hamlets as h on h.hamlet_id = v.hamlet_id
    join agencies as g on g.agency_id = r.lead_agency_id
    order by r.official_id, r.visit_date, r.visit_id
)
select * from final
