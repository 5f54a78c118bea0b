-- One row per agency with at least one head (is_head) (docs/metrics.md, "Heads' direct dialogues"):
-- heads, the direct dialogues they held in the period, the heads flagged head_without_dialogue.
-- Shown in the agency review's facts, not in its score.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null, and the
--         setting $settings.head_without_dialogue_min_months
with dialogues as (
    select * from head_dialogues($start, $ref_date, $commune, $agency)
),
flagged as (
    select official_id,
    from beyond_flag_rows($start, $ref_date, $as_of, $commune, $agency, $settings)
    where flag = 'head_without_dialogue'
),
final as (
    select
        o.agency_id,
        a.agency_name,
        count(*)::bigint as heads,
        sum(d.dialogues_held)::bigint as dialogues_held,
        count(f.official_id)::bigint as heads_without_dialogue,
        string_agg(o.full_name, ', ' order by o.full_name) filter (where f.official_id is not null)
            as heads_without_dialogue_names,
    from dialogues as d
    join officials as o using (official_id)
    left join agencies as a on a.agency_id = o.agency_id
    left join flagged as f using (official_id)
    group by all
    order by o.agency_id
)
select * from final
