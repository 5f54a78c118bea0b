-- Import-time feedback tables: feedback_base (items with the working-day index of their received and
-- replied dates, the month received, the recorder's agency, the topic key and a whole number per
-- commune and topic key), visit_topic_days and heard_elsewhere_items.
-- Depends on: the contract tables feedback, officials; topic_key (macros/10_visits.sql); calendar (built by outreach/ingest/load.py before
-- the staging files run).
-- Fast path of the joins of feedback_asof (macros/32_feedback.sql); plain definition: the same from
-- the raw feedback (REF_FEEDBACK in tests/test_preaggregates.py), kept equal by
-- test_feedback_asof_equals_the_raw_computation.

-- Feedback with what does not depend on as_of or the settings, joined once at import: the
-- working-day index of the received and replied dates, the month received, the recorder's
-- agency. Sorted by received date so a period reads only its blocks. Items whose received date
-- is outside the calendar would have no index; the calendar spans every date of the data.
create or replace table feedback_base as
with topic_keys as (
    -- topic_key (macros/10_visits.sql) once per distinct topic: the items have few.
    select topic, topic_key(topic) as topic_key, from (select distinct topic from feedback)
),
keyed as (
    select f.*, k.topic_key,
    from feedback as f
    left join topic_keys as k on k.topic = f.topic
),
topic_groups as (
    -- One whole number per commune and topic key (heard_elsewhere_rows matches items on both).
    select commune_code, topic_key, row_number() over (order by commune_code, topic_key)::integer as topic_group,
    from (select distinct commune_code, topic_key from keyed where topic_key is not null)
)
select
    f.feedback_id,
    f.commune_code,
    f.visit_id,
    f.channel,
    f.topic,
    f.recorded_by,
    recorder.agency_id as recorder_agency_id,
    f.forwarded_to,
    f.handled_on_spot,
    f.received_date,
    date_trunc('month', f.received_date)::date as received_month,
    received_day.working_day_index as received_index,
    f.forwarded_date,
    f.due_date,
    f.replied_date,
    reply_day.working_day_index as replied_index,
    f.resolved_date,
    f.topic_key,
    g.topic_group,
from keyed as f
join calendar as received_day on received_day.day = f.received_date
left join calendar as reply_day on reply_day.day = f.replied_date
left join officials as recorder on recorder.official_id = f.recorded_by
left join topic_groups as g on g.commune_code = f.commune_code and g.topic_key = f.topic_key
order by f.received_date, f.commune_code;

-- The visit-channel items (visit, dialogue) with a topic key, per commune, key and day: the latest of
-- the day (the largest id), built once at import. Fast path of heard_on_visits in
-- heard_elsewhere_rows (macros/36_beyond.sql); plain definition: the items themselves (REF_HEARD_ELSEWHERE
-- in tests/test_summaries.py), kept equal by
-- tests/test_summaries.py::test_heard_elsewhere_rows_equal_their_plain_definition.
create or replace table visit_topic_days as
select topic_group, commune_code, received_date, max(feedback_id) as feedback_id,
from feedback_base
where channel in ('visit', 'dialogue') and topic_key is not null
group by all
order by received_date, commune_code;

-- Per item received through hotline, online, letter or other with a topic key: the commune's latest
-- visit-channel item on the same topic key on or before the item's date (docs/metrics.md, "Heard
-- elsewhere first"). No period, as_of or commune filter changes it: that visit item is received no
-- later than the item itself, so it lies in any period, as_of and commune the item lies in. Fast path of
-- heard_elsewhere_rows (macros/36_beyond.sql), whose second branch is the plain definition, kept equal by
-- tests/test_summaries.py (every query compared with the summaries switched off).
create or replace table heard_elsewhere_items as
with items as (
    select feedback_id, commune_code, topic, channel, topic_group, received_date,
    from feedback_base
    where channel in ('hotline', 'online', 'letter', 'other') and topic_group is not null
)
select
    i.feedback_id,
    i.commune_code,
    i.topic,
    i.channel,
    i.received_date,
    v.feedback_id as last_visit_item_id,
    v.received_date as last_visit_channel_date,
from items as i
asof left join visit_topic_days as v
  on v.topic_group = i.topic_group and i.received_date >= v.received_date
order by i.received_date, i.commune_code;
