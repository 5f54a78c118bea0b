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

-- Held visits with a topic key, built once at import (the key is costly to compute: NFC,
-- accents, spaces). Visits without a topic never overlap, so they are left out.
create or replace table held_visit_topics as
select
    visit_id,
    commune_code,
    topic,
    topic_key(topic) as topic_key,
    lead_agency_id,
    visit_date,
from visits
where status = 'held' and topic_key(topic) is not null
order by visit_date, commune_code;

-- Overlapping held visits of the period, computed from the visits: same commune, same topic
-- key, different lead agencies, at most p_max_days apart; every qualifying pair, visit_id_1 <
-- visit_id_2 as text, topic as visit 1 wrote it. Dates fall into buckets p_max_days + 1 days
-- wide; two visits at most p_max_days apart are in the same or adjacent buckets, so each visit
-- is compared only with the visits of its commune and topic in its bucket and the two beside it
-- (each pair meets exactly once).
create or replace macro overlap_pairs_computed(p_start, p_ref, p_commune, p_agency, p_max_days) as table
with held as (
    select *, (visit_date - date '1900-01-01') // (p_max_days + 1) as bucket,
    from held_visit_topics
    where visit_date between p_start and p_ref
      and (p_commune is null or commune_code = p_commune)
),
near as (
    select h.*, h.bucket + s.shift as near_bucket,
    from held as h, (values (-1), (0), (1)) as s(shift)
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
join near as b
  on a.commune_code = b.commune_code
 and a.topic_key = b.topic_key
 and a.bucket = b.near_bucket
 and a.visit_id < b.visit_id
 and a.lead_agency_id <> b.lead_agency_id
 and abs(b.visit_date - a.visit_date) <= p_max_days
where p_agency is null or p_agency in (a.lead_agency_id, b.lead_agency_id);

-- Overlap pairs are found once, at import, for windows up to this many days (a month); a
-- wider window (an unusual setting) is computed at query time by the same macro.
create or replace macro overlap_stored_days() as 31;

-- Every pair of held visits, whatever their dates, that overlaps with the widest stored window.
create or replace table overlap_candidates as
select *
from overlap_pairs_computed(date '0001-01-01', date '9999-12-31', null, null, overlap_stored_days())
order by least(visit_date_1, visit_date_2), commune_code;

-- Overlapping held visits of the period (rule 8.6) with p_max_days apart at most: up to
-- overlap_stored_days() a filter of the pairs built at import; beyond it, computed (the branch
-- that does not apply is pruned when the query is planned).
create or replace macro overlap_pairs(p_start, p_ref, p_commune, p_agency, p_max_days) as table
select
    commune_code, topic, visit_id_1, visit_id_2, lead_agency_1, lead_agency_2, visit_date_1, visit_date_2,
    days_apart,
from overlap_candidates
where p_max_days <= overlap_stored_days()
  and days_apart <= p_max_days
  and visit_date_1 between p_start and p_ref
  and visit_date_2 between p_start and p_ref
  and (p_commune is null or commune_code = p_commune)
  and (p_agency is null or p_agency in (lead_agency_1, lead_agency_2))
union all
select *
from overlap_pairs_computed(p_start, p_ref, p_commune, p_agency, p_max_days)
where p_max_days > overlap_stored_days();
