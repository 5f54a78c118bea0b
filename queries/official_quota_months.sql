-- One row per official, quota month and requirement (docs/metrics.md, "Participation", "Quota by
-- visit type", edge rules 2, 7): months of the period ended by ref_date with a whole-month assignment.
-- required, attended, is_counted, is_met are the month's and repeat on its rows; requirement ('any'
-- or a visit type) with requirement_required, counted (what served it) and missing. Without any
-- visit_type in the assignments every month has one row, 'any', as before. Months with no row are not
-- counted. $official_id: one official's rows, or null for all (the heatmap passes one $agency).
-- params: $start date, $ref_date date, $commune text|null, $agency text|null, $official_id text|null
with quota as (
    select * from quota_requirement_months($start, $ref_date, $commune, $agency, $settings)
    where $official_id is null or official_id = $official_id
),
final as (
    select
        q.official_id,
        o.agency_id,
        q.month_start,
        q.month_required as required,
        q.month_attended as attended,
        q.requirement,
        q.required as requirement_required,
        q.counted,
        q.missing,
        q.visits_of_type,
        q.is_counted,
        q.is_met,
    from quota as q
    join officials as o using (official_id)
    order by q.official_id, q.month_start, q.requirement = 'any', q.requirement
)
select * from final
