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
        -- the item's own citizen name (any case, whole words), phone numbers (0, 84, +84 or (+84) and
        -- 9-10 more digits, with spaces, dots or dashes between) and a title followed by a capitalised
        -- full name ("ông Nguyễn Văn A") are masked (docs/metrics.md, "Personal data in free text").
        -- The same block in feedback_items, feedback_open_items, feedback_held_items and
        -- feedback_contacts; computed for the rows returned only.
        case when $show_personal_text or s.summary is null then s.summary else regexp_replace(regexp_replace(
            list_transform([{'s': nfc_normalize(s.summary), 'n': nfc_normalize(trim(coalesce(s.citizen_name, '')))}],
                lambda v: case when v.n = '' or strpos(lower(v.s), lower(v.n)) = 0 then v.s else
                -- The text cut at each case-blind occurrence of the name, put back with "[họ tên]"
                -- where the occurrence is a whole word (no letter or digit on either side).
                list_transform([string_split(lower(v.s), lower(v.n))], lambda parts:
                    array_to_string(list_transform(parts, lambda part, i:
                        list_transform([coalesce(list_sum(list_transform(parts[1:i - 1], lambda q: length(q))), 0)::bigint
                                        + (i - 1) * length(v.n)], lambda start:
                            substr(v.s, start + 1, length(part))
                            || case when i = len(parts) then ''
                                    when lower(right(part, 1)) <> upper(right(part, 1)) or right(part, 1) between '0' and '9'
                                      or lower(left(parts[i + 1], 1)) <> upper(left(parts[i + 1], 1))
                                      or left(parts[i + 1], 1) between '0' and '9'
                                    then substr(v.s, start + length(part) + 1, length(v.n))
                                    else '[họ tên]' end)[1]), ''))[1]
                end)[1],
            '(^|[^0-9.,])(\+\s?84|\(\+84\)\s?|84|0)([\s.\-]?[0-9]){9,10}[0-9]*', '\1[SĐT]', 'g'),
            '(^|[^\pL])((?i:ông|bà|anh|chị|cô|chú|cụ|em)\s+)\p{Lu}\pL*(\s+\p{Lu}\pL*)+', '\1\2[họ tên]', 'g')
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
