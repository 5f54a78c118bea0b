-- One row per official in scope (the agency filter keeps the agency's own officials): agency,
-- position and the communes of the assignments overlapping the period (edge rule 4; with a commune
-- filter only that commune), with the quota they carry at ref_date. Without a commune filter every
-- official of the officials table is a row; with a commune filter (a commune officer always has
-- one), the same officials as official_participation: an attendance row at a held visit there, an
-- assignment there overlapping the period, or an item recorded there; never the province's others.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days
with overlapping as (
    select a.official_id, a.commune_code, a.required_visits_per_month, a.assigned_from, a.assigned_to,
    from assignments as a
    where a.assigned_from <= $ref_date
      and (a.assigned_to is null or a.assigned_to >= $start)
      and ($commune is null or a.commune_code = $commune)
),
pairs as (
    -- One row per official and commune, with the commune's name.
    select
        o.official_id,
        c.commune_name,
        sum(o.required_visits_per_month) filter (where o.assigned_to is null or o.assigned_to >= $ref_date) as required_at_end,
    from overlapping as o
    join communes as c using (commune_code)
    group by o.official_id, o.commune_code, c.commune_name
),
counted as (
    select
        official_id,
        count(*)::bigint as communes_assigned,
        min(commune_name) as first_name,
        coalesce(sum(required_at_end), 0)::bigint as required_per_month_at_end,
    from pairs
    group by all
),
several as (
    -- The names of an official assigned to several communes: sorted, distinct, joined by ', ' (most
    -- officials have one commune, whose name is first_name: no list to build for them).
    select official_id, array_to_string(list_sort(list_distinct(list(commune_name))), ', ') as names,
    from pairs
    where official_id in (select official_id from counted where communes_assigned > 1)
    group by all
),
assigned as (
    select c.official_id, c.communes_assigned, coalesce(s.names, c.first_name) as assigned_communes,
        c.required_per_month_at_end,
    from counted as c
    left join several as s using (official_id)
),
recorded_there as (
    select distinct recorded_by as official_id,
    from feedback_in_period($start, $ref_date, $as_of, $commune, null, $settings)
    where $commune is not null and recorded_by is not null
),
commune_people as (
    -- With a commune filter, those who worked there (as in official_participation). Each branch says
    -- "$commune is not null", so without the filter the planner prunes them.
    select official_id, from official_attendance($start, $ref_date, $commune, $agency) where $commune is not null
    union
    select official_id, from overlapping where $commune is not null
    union
    select official_id, from recorded_there
),
in_scope as (
    select o.*,
    from officials as o
    where ($agency is null or o.agency_id = $agency)
      and ($commune is null or o.official_id in (select official_id from commune_people))
),
final as (
    select
        o.official_id,
        o.full_name,
        o.agency_id,
        g.agency_name,
        o.position,
        coalesce(o.is_head, false) as is_head,
        coalesce(a.communes_assigned, 0)::bigint as communes_assigned,
        a.assigned_communes,
        coalesce(a.required_per_month_at_end, 0)::bigint as required_per_month_at_end,
    from in_scope as o
    join agencies as g using (agency_id)
    left join assigned as a using (official_id)
    order by o.official_id
)
select * from final
