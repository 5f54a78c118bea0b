-- One row per held-information item (ém thông tin) of the period: not handled on the spot,
-- received at least $settings.held_after_days days before as_of, neither forwarded nor replied within
-- $settings.held_after_days calendar days (docs/metrics.md, "Citizen feedback", edge rule 14); with the recording official and agency
-- it is charged to. The agency filter keeps items recorded by the agency's officials. Names and
-- phones in the summary are masked unless $show_personal_text is true.
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days, $show_personal_text boolean
with items as (
    select *
    from feedback_in_period($start, $ref_date, $as_of, $commune, null,
                            $settings)
    where is_held_information
      and ($agency is null or recorder_agency_id = $agency)
),
source as (
    select feedback_id, summary, citizen_name,
    from feedback
),
final as (
    select
        i.feedback_id,
        i.received_date,
        i.recorded_by,
        o.full_name as recorded_by_name,
        i.recorder_agency_id,
        ra.agency_name as recorder_agency_name,
        i.commune_code,
        c.commune_name,
        i.visit_id,
        i.channel,
        i.topic,
        -- The summary as written only for accounts with the personal-data permission; for the others
        -- masked by masked_text (queries/staging/macros/06_masking.sql; docs/metrics.md, "Personal data
        -- in free text"), computed for the rows returned only.
        case when $show_personal_text or s.summary is null then s.summary else masked_text(s.summary, s.citizen_name)
        end as summary,
        i.forwarded_to,
        fa.agency_name as forwarded_to_name,
        i.forwarded_date,
        (i.forwarded_date - i.received_date)::bigint as days_to_forward,
        i.replied_date,
        i.days_to_reply,
        i.is_open,
    from items as i
    left join source as s using (feedback_id)
    left join officials as o on o.official_id = i.recorded_by
    left join agencies as ra on ra.agency_id = i.recorder_agency_id
    left join agencies as fa on fa.agency_id = i.forwarded_to
    left join communes as c on c.commune_code = i.commune_code
    order by i.recorder_agency_id nulls last, i.recorded_by nulls last, i.received_date, i.feedback_id
)
select * from final
