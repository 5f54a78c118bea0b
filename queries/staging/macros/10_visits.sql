-- Macros on the raw visits and feedback: data_as_of (a view: the as_of date of the data, edge rule 1),
-- held_visits (the held visits of a period) and topic_key (the key that finds overlapping visits,
-- edge rule 6). Parameters: see queries/staging/README.md.
-- Depends on: the contract tables visits and feedback only; runs first.

-- as_of of the data (edge rule 1): held visits, received, forwarded, replied, resolved dates.
create or replace view data_as_of as
with dates as (
    select max(visit_date) as d from visits where status = 'held'
    union all select max(received_date) from feedback
    union all select max(forwarded_date) from feedback
    union all select max(replied_date) from feedback
    union all select max(resolved_date) from feedback
)
select max(d) as as_of from dates;

-- Held visits of the period (status held, visit_date in [p_start, p_ref]).
create or replace macro held_visits(p_start, p_ref, p_commune) as table
select
    v.visit_id,
    v.commune_code,
    v.hamlet_id,
    v.lead_agency_id,
    v.visit_type,
    v.topic,
    v.citizens_attending,
    v.visit_date,
    date_trunc('month', v.visit_date)::date as visit_month,
from visits as v
where v.status = 'held'
  and v.visit_date between p_start and p_ref
  and (p_commune is null or v.commune_code = p_commune);

-- NFC, trimmed, inner spaces folded, accents removed (đ -> d), lower case.
create or replace macro topic_key(topic) as
    nullif(
        regexp_replace(
            trim(strip_accents(replace(replace(lower(nfc_normalize(coalesce(topic, ''))), 'đ', 'd'), 'Đ', 'd'))),
            '\s+', ' ', 'g'
        ),
        ''
    );
