-- One row per item of the period still open (no reply) on as_of, oldest first: where it came
-- from, the agency it waits on, its deadline, and how long it has waited in calendar and in
-- working days. No citizen name or phone column; in the summary they are masked unless
-- $show_personal_text is true (only with the personal-data permission).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days, $show_personal_text boolean
with items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, $agency,
                            $settings)
    where is_open
),
source as (
    select feedback_id, summary, citizen_name,
    from feedback
),
as_of_day as (
    select working_day_index,
    from calendar
    where day = $as_of
),
final as (
    select
        i.feedback_id,
        i.received_date,
        i.commune_code,
        c.commune_name,
        i.forwarded_to,
        a.agency_name as forwarded_to_name,
        i.channel,
        i.topic,
        -- The summary as written only for accounts with the personal-data permission; for the others
        -- masked by masked_text (queries/staging/macros/06_masking.sql; docs/metrics.md, "Personal data
        -- in free text"), computed for the rows returned only.
        case when $show_personal_text or s.summary is null then s.summary else masked_text(s.summary, s.citizen_name)
        end as summary,
        i.due_effective,
        i.is_overdue,
        i.age_days,
        (d.working_day_index - r.working_day_index)::bigint as working_days_open,
        case when i.is_overdue then ($as_of - i.due_effective)::bigint end as days_overdue,
        i.is_held_information,
    from items as i
    left join source as s using (feedback_id)
    left join communes as c using (commune_code)
    left join agencies as a on a.agency_id = i.forwarded_to
    left join calendar as r on r.day = i.received_date
    left join as_of_day as d on true
    order by i.age_days desc, i.received_date, i.feedback_id
)
select * from final
