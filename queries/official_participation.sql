-- One row per official in scope: participation over the held visits of the period, quota months
-- and flags (docs/metrics.md, "Participation" and "Flags", edge rules 7-9). Without a commune filter every official of the
-- officials table is a row (the agency filter keeps the agency's own officials); with a commune
-- filter, the officials with an attendance row, an assignment or a recorded item there.
-- flags: the codes of official_flag_rows and beyond_flag_rows joined by ";" (empty when none).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null, and the
--         settings $settings.reply_working_days, $settings.held_after_days, $settings.never_present_min_listed,
--         $settings.rarely_present_min_listed, $settings.rarely_present_max_rate, $settings.under_quota_min_months,
--         $settings.holding_min_items
-- dialogues_held, months_without_dialogue: heads only (empty for the others, docs/metrics.md
-- "Heads' direct dialogues"); heard_elsewhere_first: items heard elsewhere first in a commune the
-- official was assigned to on the item's date ("Heard elsewhere first").
with attendance_counts as (
    select * from official_attendance($start, $ref_date, $commune, $agency)
),
quota_counts as (
    select official_id, months_counted, months_met,
    from official_quota_counts($start, $ref_date, $commune, $agency, $settings)
),
recorded_counts as (
    select recorded_by as official_id, count(*)::bigint as feedback_recorded,
    from feedback_in_period($start, $ref_date, $as_of, $commune, null, $settings)
    where recorded_by is not null
    group by all
),
commune_assignments as (
    select distinct official_id,
    from assignments
    where commune_code = $commune
      and assigned_from <= $ref_date
      and (assigned_to is null or assigned_to >= $start)
),
all_flags as (
    select official_id, flag,
    from official_flag_rows($start, $ref_date, $as_of, $commune, $agency, $settings)
    union all
    select official_id, flag,
    from beyond_flag_rows($start, $ref_date, $as_of, $commune, $agency, $settings)
),
flag_lists as (
    select
        official_id,
        string_agg(flag, ';' order by case flag
            when 'listed_never_present' then 1
            when 'rarely_present' then 2
            when 'under_quota' then 3
            when 'holding_information' then 4
            when 'head_without_dialogue' then 5
            else 6 end) as flags,
    from all_flags
    group by all
),
dialogue_counts as (
    select
        h.official_id,
        h.dialogues_held,
        m.months_without_dialogue,
    from head_dialogues($start, $ref_date, $commune, $agency) as h
    left join (
        select official_id, count(*) filter (where dialogues = 0)::bigint as months_without_dialogue,
        from head_dialogue_months($start, $ref_date, $commune, $agency, $settings)
        group by all
    ) as m using (official_id)
),
heard_elsewhere_counts as (
    select official_id, heard_elsewhere_first,
    from heard_elsewhere_official_counts($start, $ref_date, $as_of, $commune, $settings)
),
commune_people as (
    -- With a commune filter, those who worked there: an attendance row, an assignment or a recorded
    -- item. Each branch says "$commune is not null", so without the filter the planner prunes them
    -- (nothing is looked up for a condition that is already true).
    select official_id, from attendance_counts where $commune is not null
    union
    select official_id, from commune_assignments where $commune is not null
    union
    select official_id, from recorded_counts where $commune is not null
),
in_scope as (
    select o.official_id, o.full_name, o.agency_id, coalesce(o.is_head, false) as is_head,
    from officials as o
    where ($agency is null or o.agency_id = $agency)
      and ($commune is null or o.official_id in (select official_id from commune_people))
),
final as (
    select
        s.official_id,
        s.full_name,
        s.agency_id,
        coalesce(a.listed, 0)::bigint as listed,
        coalesce(a.present, 0)::bigint as present,
        coalesce(a.late, 0)::bigint as late,
        coalesce(a.absent, 0)::bigint as absent,
        coalesce(a.excused, 0)::bigint as excused,
        rate_of(a.listed_present, a.listed_not_excused) as attendance_rate,
        coalesce(q.months_counted, 0)::bigint as months_counted,
        coalesce(q.months_met, 0)::bigint as months_met,
        rate_of(q.months_met, q.months_counted) as quota_rate,
        coalesce(r.feedback_recorded, 0)::bigint as feedback_recorded,
        coalesce(f.flags, '') as flags,
        s.is_head,
        d.dialogues_held,
        d.months_without_dialogue,
        coalesce(e.heard_elsewhere_first, 0)::bigint as heard_elsewhere_first,
    from in_scope as s
    left join attendance_counts as a using (official_id)
    left join quota_counts as q using (official_id)
    left join recorded_counts as r using (official_id)
    left join flag_lists as f using (official_id)
    left join dialogue_counts as d using (official_id)
    left join heard_elsewhere_counts as e using (official_id)
    order by s.official_id
)
select * from final
