-- Import-time overlap tables (edge rule 6): held_visit_topics (held visits with their topic key) and
-- overlap_candidates (every overlapping pair within overlap_stored_days() days). The two macros the
-- candidates are built from sit right above them: overlap_pairs_computed (the plain definition of
-- the pairs) and overlap_stored_days (the widest window stored). DuckDB binds a macro when it is
-- created, so they can be created only after held_visit_topics and before overlap_candidates.
-- Depends on: the contract table visits; topic_key (macros/10_visits.sql).
-- Fast path overlap_candidates (read by overlap_pairs, macros/33_coverage.sql) and plain definition
-- overlap_pairs_computed are kept equal by
-- tests/test_preaggregates.py::test_overlap_pairs_equal_the_plain_self_join (both against a plain
-- self-join of the raw visits).

-- Held visits with a topic key, built once at import (the key is costly to compute: NFC,
-- accents, spaces). Visits without a topic never overlap, so they are left out.
-- Fast path of topic_key(topic) on the held visits (topic_key, macros/10_visits.sql, is the plain
-- definition).
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
-- Plain definition of the overlap pairs; overlap_candidates below is its fast path.
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
-- Fast path: the plain definition overlap_pairs_computed above, run once over all dates.
create or replace table overlap_candidates as
select *
from overlap_pairs_computed(date '0001-01-01', date '9999-12-31', null, null, overlap_stored_days())
order by least(visit_date_1, visit_date_2), commune_code;
