-- One row per feedback item received in the period, with its deadline and status on as_of
-- (docs/metrics.md, "Citizen feedback", edge rules 10-14). No citizen name or phone column; in the
-- summary they are masked unless $show_personal_text is true (only with the personal-data permission).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days, $show_personal_text boolean
with items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, $agency,
                            $settings)
),
source as (
    select feedback_id, summary, citizen_name,
    from feedback
),
final as (
    select
        i.feedback_id,
        i.commune_code,
        c.commune_name,
        i.visit_id,
        i.channel,
        i.topic,
        i.recorded_by,
        i.recorder_agency_id,
        i.forwarded_to,
        a.agency_name as forwarded_to_name,
        i.handled_on_spot,
        i.received_date,
        i.forwarded_date,
        i.due_effective,
        i.replied_date,
        i.resolved_date,
        i.days_to_reply,
        i.working_days_to_reply,
        i.on_time,
        i.is_open,
        i.is_overdue,
        i.is_held_information,
        i.age_days,
        -- The summary as written only for accounts with the personal-data permission; for the others
        -- masked by masked_text (queries/staging/macros/06_masking.sql; docs/metrics.md, "Personal data
        -- in free text"), computed for the rows returned only.
        case when $show_personal_text or s.summary is null then s.summary else masked_text(s.summary, s.citizen_name)
        end as summary,
    from items as i
    left join source as s using (feedback_id)
    left join communes as c using (commune_code)
    left join agencies as a on a.agency_id = i.forwarded_to
    order by i.received_date, i.feedback_id
)
select * from final
