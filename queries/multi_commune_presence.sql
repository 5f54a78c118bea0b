-- One row per official and date with presence at held visits in too many communes (docs/metrics.md,
-- "Signs of form's sake"): communes = how many different communes that day (at least
-- $settings.multi_commune_min_communes), commune_codes and visit_ids ";"-joined. A signal, not a flag.
-- params: $start date, $ref_date date, $commune text|null, $agency text|null, and the setting
--         $settings.multi_commune_min_communes
with days as (
    select * from multi_commune_rows($start, $ref_date, $commune, $agency, $settings)
),
final as (
    select
        d.official_id,
        o.full_name,
        d.agency_id,
        a.agency_name,
        d.visit_date,
        d.communes,
        d.commune_codes,
        d.visit_ids,
    from days as d
    join officials as o using (official_id)
    left join agencies as a on a.agency_id = d.agency_id
    order by d.visit_date, d.official_id
)
select * from final
