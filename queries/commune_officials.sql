-- One row per official assigned to the selected commune in the period: quota and presence at held visits there.
-- params: $start date, $ref_date date, $agency text|null, $selected_commune text
with assigned as (
    select
        a.official_id,
        sum(a.required_visits_per_month)::bigint as required_visits_per_month,
        min(a.assigned_from) as assigned_from,
        max(coalesce(a.assigned_to, date '9999-12-31')) as assigned_to_max,
    from assignments as a
    where a.commune_code = $selected_commune
      and a.assigned_from <= $ref_date
      and (a.assigned_to is null or a.assigned_to >= $start)
    group by all
),
presence as (
    select
        official_id,
        count(*) filter (where listed)::bigint as listed,
        count(*) filter (where is_present)::bigint as present,
        count(*) filter (where listed and status = 'absent')::bigint as absent,
        count(*) filter (where listed and status = 'excused')::bigint as excused,
        max(visit_date) filter (where is_present) as last_present_date,
    from attendance_in_period($start, $ref_date, $selected_commune)
    group by all
),
final as (
    select
        o.official_id,
        o.full_name,
        ag.agency_name,
        o.position,
        s.required_visits_per_month,
        s.assigned_from,
        case when s.assigned_to_max = date '9999-12-31' then null else s.assigned_to_max end as assigned_to,
        coalesce(p.listed, 0)::bigint as listed,
        coalesce(p.present, 0)::bigint as present,
        coalesce(p.absent, 0)::bigint as absent,
        coalesce(p.excused, 0)::bigint as excused,
        p.last_present_date,
    from assigned as s
    join officials as o using (official_id)
    join agencies as ag on ag.agency_id = o.agency_id
    left join presence as p using (official_id)
    where $agency is null or o.agency_id = $agency
    order by coalesce(p.present, 0), o.full_name
)
select * from final
