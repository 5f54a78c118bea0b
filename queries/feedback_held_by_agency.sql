-- One row per agency whose officials recorded held-information items in the period (and one
-- row with an empty agency for held items nobody recorded): items its officials recorded, items
-- held, the held share, officials with a held item and officials flagged (at least
-- $settings.holding_min_items held items). The agency filter keeps that agency.
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
        recorder_agency_id as agency_id,
        recorded_by as official_id,
        count(*)::bigint as items_recorded,
        count(*) filter (where is_held_information)::bigint as held_items,
    from items
    group by all
),
per_agency as (
    select
        agency_id,
        sum(items_recorded)::bigint as items_recorded,
        sum(held_items)::bigint as held_items,
        count(*) filter (where official_id is not null and held_items > 0)::bigint as officials_with_held,
        count(*) filter (where official_id is not null and held_items >= $settings['holding_min_items'])::bigint
            as officials_flagged,
    from per_official
    group by all
    having sum(held_items) > 0
),
final as (
    select
        p.agency_id,
        a.agency_name,
        p.items_recorded,
        p.held_items,
        p.held_items / p.items_recorded as held_share,
        p.officials_with_held,
        p.officials_flagged,
    from per_agency as p
    left join agencies as a using (agency_id)
    order by p.agency_id is null, p.held_items desc, a.agency_name, p.agency_id
)
select * from final
