-- One row per feedback item heard elsewhere first (docs/metrics.md, "Heard elsewhere first") in a
-- commune the official $official_id was assigned to on the item's received date: the rows of
-- heard_elsewhere_first naming that official's assignment (without officials_assigned), for the officials page's
-- record of one official. Only that official's assignments are joined, never every (official, item)
-- pair of the country.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $official_id text, and the
--         setting $settings.heard_elsewhere_window_days
with mine as (
    select feedback_id,
    from heard_elsewhere_officials($start, $ref_date, $as_of, $commune, $settings)
    where official_id = $official_id
),
items as (
    select *
    from heard_elsewhere_rows($start, $ref_date, $as_of, $commune, $settings)
    where is_heard_elsewhere_first
      and feedback_id in (select feedback_id from mine)
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
    from items as i
    left join communes as c using (commune_code)
    order by i.received_date, i.feedback_id
)
select * from final
