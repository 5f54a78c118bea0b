-- One row per commune of the communes table (docs/metrics.md, "Heard elsewhere first"): the items of
-- the period received through hotline, online, letter or other with a topic (non_visit_items), how
-- many of them were heard elsewhere first, and their share (empty when the commune had none).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, and the setting
--         $settings.heard_elsewhere_window_days
with counts as (
    select * from heard_elsewhere_communes($start, $ref_date, $as_of, $commune, $settings)
),
final as (
    select
        n.commune_code,
        c.commune_name,
        n.non_visit_items,
        n.heard_elsewhere_first,
        rate_of(n.heard_elsewhere_first, n.non_visit_items) as heard_elsewhere_share,
    from counts as n
    join communes as c using (commune_code)
    order by n.heard_elsewhere_first desc, n.commune_code
)
select * from final
