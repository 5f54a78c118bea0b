-- One row per feedback item received in the period with the citizen's name and phone, for
-- calling citizens back: masked ("Nguyễn V*** A**", "09******78", and names and phones in the
-- summary) unless $show_personal is true.
-- Row-level citizen data: refused for leaders; only accounts with the personal-data permission
-- receive $show_personal = true (outreach/query/db.py enforces both).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days, $show_personal boolean
with items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, $agency,
                            $settings)
),
source as (
    select
        feedback_id,
        summary,
        nullif(trim(citizen_name), '') as citizen_name,
        nullif(regexp_replace(citizen_phone, '[^0-9+]', '', 'g'), '') as citizen_phone,
    from feedback
),
masked as (
    select
        feedback_id,
        case
            when $show_personal then citizen_name
            else array_to_string(list_transform(
                string_split(regexp_replace(citizen_name, '\s+', ' ', 'g'), ' '),
                lambda word, position: case
                    when position = 1 then word
                    when position = len(string_split(regexp_replace(citizen_name, '\s+', ' ', 'g'), ' '))
                        then left(word, 1) || '**'
                    else left(word, 1) || '***'
                end), ' ')
        end as citizen_name,
        case
            when $show_personal or citizen_phone is null then citizen_phone
            when length(citizen_phone) <= 4 then repeat('*', length(citizen_phone))
            else left(citizen_phone, 2) || repeat('*', length(citizen_phone) - 4) || right(citizen_phone, 2)
        end as citizen_phone,
    from source
),
final as (
    select
        i.feedback_id,
        i.received_date,
        i.commune_code,
        c.commune_name,
        i.channel,
        i.topic,
        i.forwarded_to,
        a.agency_name as forwarded_to_name,
        i.replied_date,
        i.is_open,
        i.is_overdue,
        -- The summary as written only for accounts with the personal-data permission; for the others
        -- masked by masked_text (queries/staging/macros/06_masking.sql; docs/metrics.md, "Personal data
        -- in free text"), computed for the rows returned only.
        case when $show_personal or s.summary is null then s.summary else masked_text(s.summary, s.citizen_name)
        end as summary,
        m.citizen_name,
        m.citizen_phone,
    from items as i
    left join masked as m using (feedback_id)
    left join source as s using (feedback_id)
    left join communes as c using (commune_code)
    left join agencies as a on a.agency_id = i.forwarded_to
    order by i.received_date, i.feedback_id
)
select * from final
