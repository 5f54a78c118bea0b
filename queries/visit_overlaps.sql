-- One row per pair of overlapping held visits (chồng chéo): same commune and topic, different lead agencies, at most $settings.overlap_max_days apart.
-- params: $start date, $ref_date date, $commune text|null, $agency text|null, $settings.overlap_max_days integer
with pairs as (
    select * from overlap_pairs($start, $ref_date, $commune, $agency, $settings['overlap_max_days'])
),
final as (
    select
        commune_code,
        topic,
        visit_id_1,
        visit_id_2,
        lead_agency_1,
        lead_agency_2,
        days_apart,
    from pairs
    order by commune_code, visit_id_1, visit_id_2
)
select * from final
