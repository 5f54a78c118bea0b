-- One row per feedback item heard elsewhere first (docs/metrics.md, "Heard elsewhere first"): an
-- item of the period received through hotline, online, letter or other, with a topic, when no item
-- of its commune on the same topic came through a visit or a dialogue in the window before it.
-- last_visit_item_id, last_visit_channel_date: the commune's last visit-channel item on that topic
-- before it (empty when there never was one); officials_assigned: the officials assigned to the
-- commune on the item's received date, ";"-joined.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, and the setting
--         $settings.heard_elsewhere_window_days
with items as (
    select *
    from heard_elsewhere_rows($start, $ref_date, $as_of, $commune, $settings)
    where is_heard_elsewhere_first
),
assigned as (
    -- Sorted ids joined by ';' (a list sort is cheaper than an ordered string_agg over millions of pairs).
    select feedback_id, array_to_string(list_sort(list(official_id)), ';') as officials_assigned,
    from heard_elsewhere_officials($start, $ref_date, $as_of, $commune, $settings)
    group by all
),
final as (
    select
        i.feedback_id,
        i.commune_code,
        c.commune_name,
        i.topic,
        i.channel,
        i.received_date,
        i.last_visit_item_id,
        i.last_visit_channel_date,
        i.days_after_visit_item,
        a.officials_assigned,
    from items as i
    left join communes as c using (commune_code)
    left join assigned as a using (feedback_id)
    order by i.received_date, i.feedback_id
)
select * from final
