-- One row per recording official with at least one held-information item in the period (and one
-- row with an empty official for held items nobody recorded): items recorded, items held, the
-- held share and whether the holding_information flag fires (at least $settings.holding_min_items).
-- The agency filter keeps the agency's own officials.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days, $settings.holding_min_items
with items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, null,
                            $settings)
    where $agency is null or recorder_agency_id = $agency
),
per_official as (
    select
        recorded_by as official_id,
        count(*)::bigint as items_recorded,
        count(*) filter (where is_held_information)::bigint as held_items,
        min(received_date) filter (where is_held_information) as first_held_received,
        max(received_date) filter (where is_held_information) as last_held_received,
    from items
    group by all
    having count(*) filter (where is_held_information) > 0
),
final as (
    select
        p.official_id,
        o.full_name,
        o.position,
        o.agency_id,
        a.agency_name,
        p.items_recorded,
        p.held_items,
        p.held_items / p.items_recorded as held_share,
        p.official_id is not null and p.held_items >= $settings['holding_min_items'] as is_flagged,
        p.first_held_received,
        p.last_held_received,
    from per_official as p
    left join officials as o using (official_id)
    left join agencies as a on a.agency_id = o.agency_id
    order by p.official_id is null, p.held_items desc, a.agency_name, o.full_name, p.official_id
)
select * from final
