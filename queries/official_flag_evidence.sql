-- One row per piece of evidence behind a flag (docs/metrics.md, "Flags"): the held visits where the official
-- was listed and absent (never the excused ones), the counted months under quota (run_months =
-- the length of the run of consecutive unmet months the month belongs to), the held-information
-- items charged to the official; for the flags of docs/metrics.md "Beyond the roster" the months
-- without a dialogue and the quota months met at month end, with their visits. Built on
-- official_flag_evidence_rows and beyond_flag_evidence_rows
-- (queries/staging/macros/34_people.sql).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null, and the
--         settings $settings.reply_working_days, $settings.held_after_days, $settings.never_present_min_listed,
--         $settings.rarely_present_min_listed, $settings.rarely_present_max_rate, $settings.under_quota_min_months,
--         $settings.holding_min_items
with evidence as (
    select *
    from official_flag_evidence_rows($start, $ref_date, $as_of, $commune, $agency,
                                     $settings)
    union all by name
    select * from beyond_flag_evidence_rows($start, $ref_date, $as_of, $commune, $agency, $settings)
),
final as (
    select
        official_id,
        flag,
        evidence_type,
        evidence_id,
        evidence_date::date as evidence_date,
        commune_code,
        commune_name,
        lead_agency_id,
        lead_agency_name,
        attendance_status,
        required,
        attended,
        run_months,
        topic,
        channel,
        forwarded_to,
        forwarded_to_name,
        forwarded_date::date as forwarded_date,
        replied_date::date as replied_date,
    from evidence
    order by official_id, flag, evidence_date, evidence_id
)
select * from final
