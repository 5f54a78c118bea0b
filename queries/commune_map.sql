-- One row per commune: the figures the coverage map can colour by, including the shares of hamlets visited and of assigned officials present.
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
        hamlets_total,
        hamlets_visited,
        officials_assigned,
        officials_present,
        visits_per_1000,
        rate_of(hamlets_visited, hamlets_total) as hamlets_visited_share,
        rate_of(officials_present, officials_assigned) as officials_present_share,
        is_covered,
        last_visit_date,
        days_since_last_visit,
    from coverage
    order by commune_code
)
select * from final
