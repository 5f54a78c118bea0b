-- Beyond the roster (docs/metrics.md, "Beyond the roster"): heads' direct dialogues, quota met at
-- month end, the two flags they raise (beyond_flag_rows, kept apart from the flags of
-- official_flag_rows so that officials_flagged and the scorecard do not change), heard elsewhere
-- first, empty visits and officials present in too many places. Parameters: see
-- queries/staging/README.md.
-- Depends on: attendance_in_period (macros/30_attendance.sql), quota_months, quota_type_months
-- (macros/31_quota.sql), feedback_asof (macros/32_feedback.sql), held_visits, topic_key
-- (macros/10_visits.sql), quota_commune_months (tables/21_quota.sql), feedback_base
-- and visit_topic_days (tables/23_feedback.sql), head_visit_months, summaries_built, late_visit_months,
-- late_visits_apply, official_assignment_spans (tables/25_summaries.sql); the contract
-- tables visits,
-- officials, communes, agencies, assignments, feedback.

-- Heads' dialogue months (docs/metrics.md, "Heads' direct dialogues"): one row per head (is_head)
-- and counted month: whole months of the period ended by ref_date, from visits_from on, inside the
-- head's own active_from / active_to (the whole month) when given; dialogues = distinct held visits
-- of type doi_thoai that month at which the head was present, other_visits = the head's other
-- present held visits that month.
create or replace macro head_dialogue_months(p_start, p_ref, p_commune, p_agency, p_settings) as table
with months as (
    select m::date as month_start, last_day(m::date) as month_end,
    from unnest(generate_series(p_start::timestamp, p_ref::timestamp, interval 1 month)) as t(m)
    where last_day(m::date) <= p_ref
      and coalesce(m::date >= p_settings['visits_from'], true)
),
heads as (
    select official_id, agency_id, active_from, active_to,
    from officials
    where is_head and (p_agency is null or agency_id = p_agency)
),
head_months as (
    select h.official_id, m.month_start, m.month_end,
    from heads as h
    join months as m
      on (h.active_from is null or h.active_from <= m.month_start)
     and (h.active_to is null or h.active_to >= m.month_end)
),
present as (
    select a.official_id, a.visit_month as month_start, a.visit_id, v.visit_type,
    from attendance_in_period(p_start, p_ref, p_commune) as a
    join visits as v using (visit_id)
    where a.is_present and a.official_id in (select official_id from heads)
      and not (p_commune is null and summaries_built())
)
-- Fast path without the commune filter: the counts of head_visit_months (tables/25_summaries.sql);
-- plain definition: the present rows (the second branch).
select h.official_id, h.month_start, coalesce(s.dialogues, 0)::bigint as dialogues,
    coalesce(s.other_visits, 0)::bigint as other_visits,
from head_months as h
left join head_visit_months as s using (official_id, month_start)
where p_commune is null and summaries_built()
union all
select
    h.official_id,
    h.month_start,
    count(distinct p.visit_id) filter (where p.visit_type = 'doi_thoai')::bigint as dialogues,
    count(distinct p.visit_id) filter (where p.visit_type <> 'doi_thoai')::bigint as other_visits,
from head_months as h
left join present as p using (official_id, month_start)
where not (p_commune is null and summaries_built())
group by all;

-- dialogues_held per head: distinct held doi_thoai visits of the period (ref_date included) at
-- which the head was present; every head in scope is a row (0 when none).
-- Fast path without the commune filter: the whole months from head_visit_months
-- (tables/25_summaries.sql), the rest of a month cut short by ref_date from the rows (a visit lies in
-- one month, so the distinct visits of the months add up); plain definition: the third branch.
create or replace macro head_dialogues(p_start, p_ref, p_commune, p_agency) as table
with dialogue_visits as (
    select official_id, dialogues as visits,
    from head_visit_months
    where p_commune is null and summaries_built()
      and month_start >= p_start and last_day(month_start) <= p_ref
    union all
    select a.official_id, count(distinct a.visit_id),
    from attendance_in_period(date_trunc('month', p_ref)::date, p_ref, p_commune) as a
    join visits as v using (visit_id)
    where p_commune is null and summaries_built() and p_ref < last_day(p_ref)
      and a.visit_date >= p_start and a.is_present and v.visit_type = 'doi_thoai'
    group by all
    union all
    select a.official_id, count(distinct a.visit_id),
    from attendance_in_period(p_start, p_ref, p_commune) as a
    join visits as v using (visit_id)
    where not (p_commune is null and summaries_built())
      and a.is_present and v.visit_type = 'doi_thoai'
    group by all
)
select
    o.official_id,
    coalesce(sum(d.visits), 0)::bigint as dialogues_held,
from officials as o
left join dialogue_visits as d using (official_id)
where o.is_head and (p_agency is null or o.agency_id = p_agency)
group by all;

-- Quota met at month end (docs/metrics.md, "Signs of form's sake"): one row per counted, met quota
-- month, with early_attended = the counting visits before the month's last p_settings.last_minute_days
-- calendar days and is_last_minute = the month would not be met with those visits alone (the same
-- rule as quota_months: typed requirements first, the rest for "any").
create or replace macro last_minute_months(p_start, p_ref, p_commune, p_agency, p_settings) as table
with met as (
    select official_id, month_start, required, attended, typed_required,
    from quota_months(p_start, p_ref, p_commune, p_agency, p_settings)
    where is_met
      and not (p_commune is null and late_visits_apply(p_settings))
),
late_visits as (
    -- The counting visits (present, held, in a commune of a whole-month assignment) of the month's
    -- last p_settings.last_minute_days days. The early ones are the month's counting visits (attended,
    -- and per type quota_type_months' attended) minus these: far fewer rows to join than the early
    -- ones. Plain definition: the early visits counted directly (visit_date <= last_day - days); kept
    -- equal by tests/test_summaries.py::test_last_minute_months_equal_their_plain_definition.
    select distinct a.official_id, a.visit_month as month_start, a.visit_id, v.visit_type,
    from attendance_in_period(p_start, p_ref, p_commune) as a
    join visits as v using (visit_id)
    join quota_commune_months as c
      on c.official_id = a.official_id and c.commune_code = a.commune_code and c.month_start = a.visit_month
    where a.is_present
      and a.visit_date > last_day(a.visit_date) - p_settings['last_minute_days']::integer
      and (p_agency is null or a.agency_id = p_agency)
      and not (p_commune is null and late_visits_apply(p_settings))
),
late_counts as (
    -- Per official, month and type. Fast path without the commune filter: late_visit_months
    -- (tables/25_summaries.sql), for the import's last_minute_days; plain definition: late_visits.
    select official_id, month_start, visit_type, late_visits as n,
    from late_visit_months
    where p_commune is null and late_visits_apply(p_settings)
      and month_start >= p_start and month_start <= p_ref
      and (p_agency is null or agency_id = p_agency)
    union all
    select official_id, month_start, visit_type, count(*) as n,
    from late_visits
    group by all
),
late_total as (
    select official_id, month_start, sum(n)::bigint as late_attended,
    from late_counts
    group by all
),
early_typed as (
    select
        t.official_id,
        t.month_start,
        sum(least(t.attended - coalesce(l.n, 0), t.required))::bigint as early_used,
        bool_or(t.attended - coalesce(l.n, 0) < t.required) as early_short,
    from quota_type_months(p_start, p_ref, p_commune, p_agency) as t
    left join late_counts as l using (official_id, month_start, visit_type)
    group by all
)
-- Fast path without the commune filter: last_minute_month_status (tables/25_summaries.sql), its months of
-- the period from the data start on; plain definition: the rows computed here (the second branch).
select official_id, month_start, required, attended, early_attended, is_last_minute,
from last_minute_month_status
where p_commune is null and late_visits_apply(p_settings)
  and month_start >= p_start and last_day(month_start) <= p_ref
  and coalesce(month_start >= p_settings['visits_from'], true)
  and (p_agency is null or agency_id = p_agency)
union all
select
    m.official_id,
    m.month_start,
    m.required,
    m.attended,
    (m.attended - coalesce(e.late_attended, 0))::bigint as early_attended,
    coalesce(t.early_short, false)
        or m.attended - coalesce(e.late_attended, 0) - coalesce(t.early_used, 0) < m.required - m.typed_required
        as is_last_minute,
from met as m
left join late_total as e using (official_id, month_start)
left join early_typed as t using (official_id, month_start);

-- The flags of section 9 (docs/metrics.md, "Beyond the roster"): one row per official and flag.
--   head_without_dialogue: a run of >= head_without_dialogue_min_months consecutive counted months
--     without a dialogue (evidence_count = the longest run);
--   last_minute_quota: >= last_minute_min_months months met at month end, and at least
--     last_minute_min_share of the official's met months (evidence_count = those months).
create or replace macro beyond_flag_rows(p_start, p_ref, p_as_of, p_commune, p_agency, p_settings) as table
with silent as (
    select
        official_id,
        month_start,
        (year(month_start) * 12 + month(month_start))
            - row_number() over (partition by official_id order by month_start) as run_id,
    from head_dialogue_months(p_start, p_ref, p_commune, p_agency, p_settings)
    where dialogues = 0
),
runs as (
    select official_id, run_id, count(*) as run_months,
    from silent
    group by all
),
no_dialogue as (
    select official_id, 'head_without_dialogue' as flag, max(run_months)::bigint as evidence_count,
    from runs
    where run_months >= p_settings['head_without_dialogue_min_months']
    group by all
),
last_minute as (
    select
        official_id,
        'last_minute_quota' as flag,
        count(*) filter (where is_last_minute)::bigint as evidence_count,
    from last_minute_months(p_start, p_ref, p_commune, p_agency, p_settings)
    group by all
    having count(*) filter (where is_last_minute) >= p_settings['last_minute_min_months']
       and count(*) filter (where is_last_minute) >= p_settings['last_minute_min_share'] * count(*)
)
select * from no_dialogue
union all select * from last_minute;

-- The evidence of beyond_flag_rows, in the columns of official_flag_evidence_rows:
--   head_without_dialogue: each month of a run long enough ('dialogue_month', run_months = its
--     run's length, attended = the head's other visits that month) and those other visits ('visit');
--   last_minute_quota: each month met at month end ('last_minute_month', required, attended) and
--     its visits of the last days ('visit').
-- beyond_flag_evidence_rows is beyond_flag_evidence_of over the rows of beyond_flag_rows passed as one list
-- argument (as official_flag_evidence_rows, macros/34_people.sql).
create or replace macro beyond_flag_evidence_of(p_start, p_ref, p_as_of, p_commune, p_agency,
                                                p_settings, p_flags) as table
with flag_list as (
    select unnest(p_flags, recursive := true)
),
silent as (
    select
        d.official_id,
        d.month_start,
        d.other_visits,
        (year(d.month_start) * 12 + month(d.month_start))
            - row_number() over (partition by d.official_id order by d.month_start) as run_id,
    from head_dialogue_months(p_start, p_ref, p_commune, p_agency, p_settings) as d
    where d.dialogues = 0
      and d.official_id in (select official_id from flag_list where flag = 'head_without_dialogue')
),
silent_runs as (
    select *, count(*) over (partition by official_id, run_id) as run_months,
    from silent
),
silent_months as (
    select * from silent_runs where run_months >= p_settings['head_without_dialogue_min_months']
),
late_months as (
    select l.*,
    from last_minute_months(p_start, p_ref, p_commune, p_agency, p_settings) as l
    where l.is_last_minute
      and l.official_id in (select official_id from flag_list where flag = 'last_minute_quota')
),
present as (
    -- Only the flagged officials' rows are evidence (both joins below need the official's flag).
    select a.official_id, a.visit_id, a.visit_date, a.visit_month, a.commune_code, a.lead_agency_id,
           a.status,
    from attendance_in_period(p_start, p_ref, p_commune) as a
    where a.is_present
      and a.official_id in (select official_id from flag_list)
),
evidence as (
    select
        official_id,
        'head_without_dialogue' as flag,
        'dialogue_month' as evidence_type,
        strftime(month_start, '%Y-%m') as evidence_id,
        month_start as evidence_date,
        null as commune_code,
        null as lead_agency_id,
        null as attendance_status,
        null::bigint as required,
        other_visits::bigint as attended,
        run_months::bigint as run_months,
    from silent_months
    union all
    select
        p.official_id, 'head_without_dialogue', 'visit', p.visit_id, p.visit_date, p.commune_code,
        p.lead_agency_id, p.status, null, null, null,
    from present as p
    join silent_months as s on s.official_id = p.official_id and s.month_start = p.visit_month
    union all
    select
        official_id, 'last_minute_quota', 'last_minute_month', strftime(month_start, '%Y-%m'), month_start,
        null, null, null, required, attended, null,
    from late_months
    union all
    select distinct
        p.official_id, 'last_minute_quota', 'visit', p.visit_id, p.visit_date, p.commune_code,
        p.lead_agency_id, p.status, null, null, null,
    from present as p
    join late_months as l on l.official_id = p.official_id and l.month_start = p.visit_month
    join quota_commune_months as c
      on c.official_id = p.official_id and c.commune_code = p.commune_code and c.month_start = p.visit_month
    where p.visit_date > last_day(p.visit_date) - p_settings['last_minute_days']::integer
)
select
    e.official_id,
    e.flag,
    e.evidence_type,
    e.evidence_id,
    e.evidence_date,
    e.commune_code,
    c.commune_name,
    e.lead_agency_id,
    lead.agency_name as lead_agency_name,
    e.attendance_status,
    e.required,
    e.attended,
    e.run_months,
    null::varchar as topic,
    null::varchar as channel,
    null::varchar as forwarded_to,
    null::varchar as forwarded_to_name,
    null::date as forwarded_date,
    null::date as replied_date,
from evidence as e
left join communes as c on c.commune_code = e.commune_code
left join agencies as lead on lead.agency_id = e.lead_agency_id;

create or replace macro beyond_flag_evidence_rows(p_start, p_ref, p_as_of, p_commune, p_agency,
                                                  p_settings) as table
select * from beyond_flag_evidence_of(p_start, p_ref, p_as_of, p_commune, p_agency, p_settings,
    (select list({'official_id': official_id, 'flag': flag, 'evidence_count': evidence_count})
     from beyond_flag_rows(p_start, p_ref, p_as_of, p_commune, p_agency, p_settings)));

-- Heard elsewhere first (docs/metrics.md, "Heard elsewhere first"): one row per item of the period
-- received through hotline, online, letter or other with a non-empty topic; last_visit_item_id and
-- last_visit_channel_date = the commune's latest item on the same topic (folded as in edge rule 6)
-- received through visit or dialogue on or before the item's date (as of as_of); heard elsewhere
-- first when there is none in the p_settings.heard_elsewhere_window_days days before it.
create or replace macro heard_elsewhere_rows(p_start, p_ref, p_as_of, p_commune, p_settings) as table
with looked_up as (
    -- Fast path: each item's latest visit-channel item looked up at import (heard_elsewhere_items,
    -- tables/23_feedback.sql); plain definition: the look-up below (the second branch).
    select feedback_id, commune_code, topic, channel, received_date, last_visit_item_id, last_visit_channel_date,
    from heard_elsewhere_items
    where summaries_built()
      and received_date between p_start and p_ref
      and received_date <= p_as_of
      and (p_commune is null or commune_code = p_commune)
),
items as (
    -- feedback_base's columns read here are the raw items' (as seen on as_of they are the items
    -- received by then: received_date <= p_as_of), with the topic key computed at import.
    select f.feedback_id, f.commune_code, f.channel, f.topic, f.topic_group, f.received_date,
    from feedback_base as f
    where not summaries_built()
      and f.received_date between p_start and p_ref
      and f.received_date <= p_as_of
      and f.channel in ('hotline', 'online', 'letter', 'other')
      and (p_commune is null or f.commune_code = p_commune)
      and f.topic_group is not null
),
heard_on_visits as (
    -- The commune's visit-channel items per topic key and day, the latest of a day being the one with
    -- the largest id (as arg_max over (received_date, feedback_id) orders them): visit_topic_days
    -- (tables/23_feedback.sql), matched on topic_group (the commune and the topic key as one number).
    select topic_group, received_date, feedback_id,
    from visit_topic_days
    where not summaries_built()
      and received_date <= p_ref
      and received_date <= p_as_of
      and (p_commune is null or commune_code = p_commune)
),
latest as (
    -- The latest of them on or before the item's date: an as-of join (one day per key, so one row).
    -- Plain definition: the join on v.received_date <= i.received_date with arg_max; kept equal by
    -- tests/test_summaries.py::test_heard_elsewhere_rows_equal_their_plain_definition.
    select
        i.feedback_id,
        v.feedback_id as last_visit_item_id,
        v.received_date as last_visit_channel_date,
    from items as i
    asof join heard_on_visits as v
      on v.topic_group = i.topic_group and i.received_date >= v.received_date
),
found as (
    select * from looked_up
    union all
    select i.feedback_id, i.commune_code, i.topic, i.channel, i.received_date, l.last_visit_item_id,
        l.last_visit_channel_date,
    from items as i
    left join latest as l using (feedback_id)
)
select
    feedback_id,
    commune_code,
    topic,
    channel,
    received_date,
    last_visit_item_id,
    last_visit_channel_date,
    (received_date - last_visit_channel_date)::bigint as days_after_visit_item,
    last_visit_channel_date is null
        or last_visit_channel_date < received_date - p_settings['heard_elsewhere_window_days']::integer
        as is_heard_elsewhere_first,
from found;

-- Empty visits (docs/metrics.md, "Signs of form's sake"): the held visits of the period with
-- citizens_attending 0 or empty and no feedback item (as of as_of) naming the visit.
create or replace macro empty_visit_rows(p_start, p_ref, p_as_of, p_commune) as table
select h.visit_id, h.visit_date, h.commune_code, h.lead_agency_id, h.visit_type, h.citizens_attending,
from held_visits(p_start, p_ref, p_commune) as h
where coalesce(h.citizens_attending, 0) = 0
  and h.visit_id not in (select visit_id from feedback where visit_id is not null and received_date <= p_as_of);

-- Present in too many places (docs/metrics.md, "Signs of form's sake"): one row per official and
-- date with present rows at held visits in at least p_settings.multi_commune_min_communes communes.
-- Fast path for a threshold of 2 or more: the days of official_multi_commune_days
-- (tables/25_summaries.sql); plain definition: the present rows of attendance_in_period (the second
-- branch, which first keeps the days whose communes differ, unless the threshold is 1 or less).
create or replace macro multi_commune_rows(p_start, p_ref, p_commune, p_agency, p_settings) as table
with present as (
    select official_id, agency_id, visit_date, commune_code, visit_id,
    from attendance_in_period(p_start, p_ref, null)
    where is_present and (p_agency is null or agency_id = p_agency)
      and not (summaries_built() and p_settings['multi_commune_min_communes'] >= 2)
),
days as (
    select official_id, agency_id, visit_date,
    from present
    group by all
    having p_settings['multi_commune_min_communes'] <= 1 or min(commune_code) <> max(commune_code)
)
select official_id, agency_id, visit_date, communes, commune_codes, visit_ids,
from official_multi_commune_days
where summaries_built() and p_settings['multi_commune_min_communes'] >= 2
  and visit_date between p_start and p_ref
  and communes >= p_settings['multi_commune_min_communes']
  and (p_agency is null or agency_id = p_agency)
  and (p_commune is null or list_contains(commune_list, p_commune))
union all
select
    official_id,
    agency_id,
    visit_date,
    count(distinct commune_code)::bigint as communes,
    string_agg(distinct commune_code, ';' order by commune_code) as commune_codes,
    string_agg(distinct visit_id, ';' order by visit_id) as visit_ids,
from present
semi join days using (official_id, agency_id, visit_date)
group by all
having count(distinct commune_code) >= p_settings['multi_commune_min_communes']
   and (p_commune is null or bool_or(commune_code = p_commune));

-- Heard elsewhere first per assigned official: one row per item of heard_elsewhere_rows that is
-- heard elsewhere first and official assigned to its commune on its received date (assigned_from <=
-- received_date <= assigned_to, or open).
-- Fast path: the official's merged assignment spans (official_assignment_spans, tables/25_summaries.sql),
-- disjoint per official and commune, so each pair comes once without a distinct over millions of pairs
-- (nationally every commune has some 60 officials assigned); plain definition: the assignments
-- themselves with the duplicates removed (the second branch).
create or replace macro heard_elsewhere_officials(p_start, p_ref, p_as_of, p_commune, p_settings) as table
with heard as (
    select feedback_id, commune_code, received_date,
    from heard_elsewhere_rows(p_start, p_ref, p_as_of, p_commune, p_settings)
    where is_heard_elsewhere_first
)
select s.official_id, h.feedback_id, h.commune_code, h.received_date,
from heard as h
join official_assignment_spans as s
  on s.commune_code = h.commune_code
 and s.span_from <= h.received_date
 and s.span_to >= h.received_date
where summaries_built()
union all
select distinct a.official_id, h.feedback_id, h.commune_code, h.received_date,
from heard as h
join assignments as a
  on a.commune_code = h.commune_code
 and a.assigned_from <= h.received_date
 and (a.assigned_to is null or a.assigned_to >= h.received_date)
where not summaries_built();

-- Heard elsewhere first per official and commune span (official_assignment_spans, tables/25_summaries.sql)
-- holding such items: how many (the commune's items through the span's end minus those before its start,
-- from their running sums), the first and the last received date, without listing every (official, item)
-- pair. An item lies in one commune on one day, so in at most one span of an official.
create or replace macro heard_elsewhere_span_items(p_start, p_ref, p_as_of, p_commune, p_settings) as table
with heard_days as (
    select commune_code, received_date, count(*)::bigint as items,
    from heard_elsewhere_rows(p_start, p_ref, p_as_of, p_commune, p_settings)
    where is_heard_elsewhere_first
    group by all
),
running as (
    select commune_code, received_date,
        sum(items) over (partition by commune_code order by received_date
                         rows between unbounded preceding and current row) as items_through,
    from heard_days
),
spans as (
    select official_id, commune_code, span_from, span_to,
    from official_assignment_spans
    where commune_code in (select commune_code from heard_days)
),
span_items as (
    select
        s.official_id,
        s.commune_code,
        coalesce(e.items_through, 0) - coalesce(b.items_through, 0) as items,
        f.received_date as first_received_date,
        e.received_date as last_received_date,
    from spans as s
    asof left join running as e on e.commune_code = s.commune_code and s.span_to >= e.received_date
    asof left join running as b on b.commune_code = s.commune_code and s.span_from > b.received_date
    asof left join running as f on f.commune_code = s.commune_code and s.span_from <= f.received_date
)
select official_id, commune_code, items::bigint as items, first_received_date, last_received_date,
from span_items
where items > 0;

-- Heard elsewhere first per official: one row per official with heard_elsewhere_first = the distinct
-- items of heard_elsewhere_officials (the items heard elsewhere first in a commune the official was
-- assigned to on the item's date), counted without listing every (official, item) pair: each
-- official's assignments to a commune merged into disjoint date spans (official_assignment_spans,
-- tables/25_summaries.sql), and the commune's items per
-- day summed over each span from their running sums (an item lies in one commune on one day, so in at
-- most one span of an official). Plain definition: count(distinct feedback_id) of heard_elsewhere_officials; kept equal by
-- tests/test_summaries.py::test_heard_elsewhere_counts_equal_their_plain_definition.
-- The same sums as heard_elsewhere_span_items above without the first and last dates: read by
-- official_participation, the officials page's opening, where the third as-of join for the dates
-- costs a quarter more (133-146 ms against 172-177 ms nationally); the two give the same counts.
create or replace macro heard_elsewhere_official_counts(p_start, p_ref, p_as_of, p_commune, p_settings) as table
with heard_days as (
    select commune_code, received_date, count(*)::bigint as items,
    from heard_elsewhere_rows(p_start, p_ref, p_as_of, p_commune, p_settings)
    where is_heard_elsewhere_first
    group by all
),
spans as (
    select official_id, commune_code, span_from, span_to,
    from official_assignment_spans
    where commune_code in (select commune_code from heard_days)
),
running as (
    -- The commune's items through each day (a running sum), so a span's items are two look-ups.
    select commune_code, received_date,
        sum(items) over (partition by commune_code order by received_date
                         rows between unbounded preceding and current row) as items_through,
    from heard_days
),
span_items as (
    select
        s.official_id,
        coalesce(e.items_through, 0) - coalesce(b.items_through, 0) as items,
    from spans as s
    asof left join running as e on e.commune_code = s.commune_code and s.span_to >= e.received_date
    asof left join running as b on b.commune_code = s.commune_code and s.span_from > b.received_date
)
select official_id, sum(items)::bigint as heard_elsewhere_first,
from span_items
group by all
having sum(items) > 0;

-- Heard elsewhere first per commune: one row per commune of the communes table with
-- non_visit_items (items of the period through hotline, online, letter or other with a topic) and
-- heard_elsewhere_first (those heard elsewhere first).
create or replace macro heard_elsewhere_communes(p_start, p_ref, p_as_of, p_commune, p_settings) as table
select
    c.commune_code,
    count(h.feedback_id)::bigint as non_visit_items,
    count(h.feedback_id) filter (where h.is_heard_elsewhere_first)::bigint as heard_elsewhere_first,
from communes as c
left join heard_elsewhere_rows(p_start, p_ref, p_as_of, p_commune, p_settings) as h using (commune_code)
where p_commune is null or c.commune_code = p_commune
group by all;
