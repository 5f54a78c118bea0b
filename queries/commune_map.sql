-- One row per commune: the figures the coverage map can colour by, including the shares of hamlets visited and of assigned officials present.
-- heard_elsewhere_first and heard_elsewhere_share: items heard elsewhere first (docs/metrics.md,
-- "Heard elsewhere first") and their share of the commune's non-visit items with a topic.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null, and the
--         setting $settings.heard_elsewhere_window_days
with coverage as (
    select * from commune_coverage_rows($start, $ref_date, $commune, $agency)
),
heard as (
    select * from heard_elsewhere_communes($start, $ref_date, $as_of, $commune, $settings)
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
        coalesce(h.heard_elsewhere_first, 0)::bigint as heard_elsewhere_first,
        rate_of(h.heard_elsewhere_first, h.non_visit_items) as heard_elsewhere_share,
        is_covered,
        last_visit_date,
        days_since_last_visit,
    from coverage
    left join heard as h using (commune_code)
    order by commune_code
)
select * from final
