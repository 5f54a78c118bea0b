-- One row per official and month with feedback they recorded (edge rule 9: items received in the
-- period with recorded_by = the official, any channel): items recorded, answered on the spot,
-- forwarded, replied by as_of, and held-information items (docs/metrics.md, "Citizen feedback") charged to them.
-- $official_id: one official's rows (the officials page's detail), or null for every official.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $official_id text|null, and the settings $settings.reply_working_days, $settings.held_after_days
with items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, null, $settings)
    where recorded_by is not null
      and ($agency is null or recorder_agency_id = $agency)
      and ($official_id is null or recorded_by = $official_id)
),
final as (
    select
        recorded_by as official_id,
        received_month as month_start,
        count(*)::bigint as recorded,
        count(*) filter (where handled_on_spot)::bigint as handled_on_spot,
        count(*) filter (where is_forwarded)::bigint as forwarded,
        count(*) filter (where is_replied)::bigint as replied,
        count(*) filter (where is_held_information)::bigint as held_information,
    from items
    group by all
    order by official_id, month_start
)
select * from final
