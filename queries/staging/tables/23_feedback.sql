-- Import-time feedback table: feedback_base (items with the working-day index of their received and
-- replied dates, the month received and the recorder's agency).
-- Depends on: the contract tables feedback, officials; calendar (built by outreach/ingest/load.py before
-- the staging files run).
-- Fast path of the joins of feedback_asof (macros/32_feedback.sql); plain definition: the same from
-- the raw feedback (REF_FEEDBACK in tests/test_preaggregates.py), kept equal by
-- test_feedback_asof_equals_the_raw_computation.

-- Feedback with what does not depend on as_of or the settings, joined once at import: the
-- working-day index of the received and replied dates, the month received, the recorder's
-- agency. Sorted by received date so a period reads only its blocks. Items whose received date
-- is outside the calendar would have no index; the calendar spans every date of the data.
create or replace table feedback_base as
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
from feedback as f
join calendar as received_day on received_day.day = f.received_date
left join calendar as reply_day on reply_day.day = f.replied_date
left join officials as recorder on recorder.official_id = f.recorded_by
order by f.received_date, f.commune_code;
