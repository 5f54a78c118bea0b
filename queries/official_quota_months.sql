-- One row per official, quota month and requirement (docs/metrics.md, "Participation" and "Quota by
-- visit type", edge rules 2, 7): the months of the period that ended by ref_date in which the
-- official had an assignment active for the whole month. required, attended (distinct held visits
-- present in an assigned commune), is_counted and is_met are the month's and repeat on its rows;
-- requirement: a visit type asked for by a typed assignment, or 'any' (the general quota), with
-- requirement_required, counted (what served it) and missing (what it still lacked). Without any
-- visit_type in the assignments every month has one row, 'any', as before.
-- Months with no row are not counted for that official. $official_id: one official's rows (the
-- officials page's detail), or null for every official (the heatmap passes one agency as $agency).
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
