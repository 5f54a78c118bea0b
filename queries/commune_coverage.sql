-- One row per commune of the communes table: visits, last visit, hamlets and officials for the period (docs/metrics.md, Coverage).
-- params: $start date, $ref_date date, $commune text|null, $agency text|null
with coverage as (
    select * from commune_coverage_rows($start, $ref_date, $commune, $agency)
),
final as (
    select
        commune_code,
        commune_name,
        population,
        visits_held,
        last_visit_date,
        days_since_last_visit,
        hamlets_total,
        hamlets_visited,
        visits_per_1000,
        officials_assigned,
        officials_present,
    from coverage
    order by commune_code
)
select * from final
