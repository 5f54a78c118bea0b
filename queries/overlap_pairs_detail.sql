-- One row per overlapping visit pair with names and dates, for the coverage page's list.
-- params: $start date, $ref_date date, $commune text|null, $agency text|null, $settings.overlap_max_days integer
with pairs as (
    select * from overlap_pairs($start, $ref_date, $commune, $agency, $settings['overlap_max_days'])
),
final as (
    select
        p.commune_code,
        c.commune_name,
        p.topic,
        p.visit_id_1,
        p.visit_date_1,
        a1.agency_name as lead_agency_1_name,
        p.visit_id_2,
        p.visit_date_2,
        a2.agency_name as lead_agency_2_name,
        p.days_apart,
    from pairs as p
    join communes as c using (commune_code)
    join agencies as a1 on a1.agency_id = p.lead_agency_1
    join agencies as a2 on a2.agency_id = p.lead_agency_2
    order by c.commune_name, p.visit_date_1, p.visit_id_1, p.visit_id_2
)
select * from final
