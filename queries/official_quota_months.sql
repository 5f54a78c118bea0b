-- One row per official and quota month (docs/metrics.md, "Participation", edge rules 2, 7): the months of the period
-- that ended by ref_date in which the official had an assignment active for the whole month;
-- required, attended (distinct held visits present in an assigned commune), counted, met.
-- Months with no row are not counted for that official. $official_id: one official's rows (the
-- officials page's detail), or null for every official (the heatmap passes one agency as $agency).
-- params: $start date, $ref_date date, $commune text|null, $agency text|null, $official_id text|null
with quota as (
    select * from quota_months($start, $ref_date, $commune, $agency, $settings)
    where $official_id is null or official_id = $official_id
),
final as (
    select
        q.official_id,
        o.agency_id,
        q.month_start,
        q.required,
        q.attended,
        q.is_counted,
        q.is_met,
    from quota as q
    join officials as o using (official_id)
    order by q.official_id, q.month_start
)
select * from final
