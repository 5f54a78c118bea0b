-- One row per commune with no held visit for more than $settings.blind_spot_days days before ref_date (or never), most populous first.
-- params: $start date, $ref_date date, $commune text|null, $agency text|null, $settings.blind_spot_days integer
with coverage as (
    select * from commune_coverage_rows($start, $ref_date, $commune, $agency)
),
final as (
    select
        commune_code,
        commune_name,
        population,
        visits_held,
        officials_assigned,
        last_visit_date,
        days_since_last_visit,
    from coverage
    where last_visit_date is null or days_since_last_visit > $settings['blind_spot_days']
    order by population desc nulls last, days_since_last_visit desc nulls first, commune_code
)
select * from final
