-- Coverage staging: the topic key used to find overlapping visits (rule 8.6).

-- NFC, trimmed, inner spaces folded, accents removed (đ -> d), lower case.
create or replace macro topic_key(topic) as
    nullif(
        regexp_replace(
            trim(strip_accents(replace(replace(lower(nfc_normalize(coalesce(topic, ''))), 'đ', 'd'), 'Đ', 'd'))),
            '\s+', ' ', 'g'
        ),
        ''
    );

-- Overlapping held visits of the period: same commune, same topic key, different lead
-- agencies, at most p_max_days apart; every qualifying pair, visit_id_1 < visit_id_2 as text.
create or replace macro overlap_pairs(p_start, p_ref, p_commune, p_agency, p_max_days) as table
with held as (
    select *, topic_key(topic) as topic_key,
    from held_visits(p_start, p_ref, p_commune)
)
select
    a.commune_code,
    a.topic,
    a.visit_id as visit_id_1,
    b.visit_id as visit_id_2,
    a.lead_agency_id as lead_agency_1,
    b.lead_agency_id as lead_agency_2,
    a.visit_date as visit_date_1,
    b.visit_date as visit_date_2,
    abs(b.visit_date - a.visit_date)::bigint as days_apart,
from held as a
join held as b
  on a.commune_code = b.commune_code
 and a.topic_key = b.topic_key
 and a.visit_id < b.visit_id
 and a.lead_agency_id <> b.lead_agency_id
 and abs(b.visit_date - a.visit_date) <= p_max_days
where p_agency is null or p_agency in (a.lead_agency_id, b.lead_agency_id);
