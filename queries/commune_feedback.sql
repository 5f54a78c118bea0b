-- One row per feedback item received in the selected commune during the period (no citizen personal data), newest first.
-- params: $start date, $ref_date date, $as_of date, $agency text|null, $selected_commune text, $settings.reply_working_days integer, $settings.held_after_days integer
with items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $selected_commune, $agency,
                            $settings)
),
final as (
    select
        i.feedback_id,
        i.received_date,
        i.channel,
        i.topic,
        a.agency_name as forwarded_to_name,
        i.due_effective,
        i.replied_date,
        i.days_to_reply,
        i.is_open,
        i.is_overdue,
        i.on_time,
        i.is_held_information,
    from items as i
    left join agencies as a on a.agency_id = i.forwarded_to
    order by i.received_date desc, i.feedback_id
)
select * from final
