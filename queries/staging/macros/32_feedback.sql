-- Feedback macros (docs/metrics.md, "Citizen feedback"): feedback_asof (the items as seen on as_of), feedback_in_period and
-- feedback_km (Kaplan-Meier time to reply). Parameters: see queries/staging/README.md.
-- Depends on: feedback_base (tables/23_feedback.sql); feedback_km_months and the macros of
-- tables/25_summaries.sql; calendar (built by outreach/ingest/load.py).

-- Feedback as seen on as_of (edge rules 1, 3, 10-12, 14): later items dropped, later
-- forward/reply/resolve dates empty, effective due date and reply, status flags.
-- Reads the fast path feedback_base; kept equal to the raw computation by
-- tests/test_preaggregates.py::test_feedback_asof_equals_the_raw_computation.
create or replace macro feedback_asof(p_as_of, p_settings) as table
with items as (
    select
        f.feedback_id,
        f.commune_code,
        f.visit_id,
        f.channel,
        f.topic,
        f.recorded_by,
        f.recorder_agency_id,
        f.forwarded_to,
        f.handled_on_spot,
        f.received_date,
        f.received_month,
        f.received_index,
        case when f.forwarded_date <= p_as_of then f.forwarded_date end as forwarded_date,
        f.due_date,
        case
            when f.replied_date <= p_as_of then f.replied_date
            when f.handled_on_spot then f.received_date
        end as replied_date,
        case
            when f.replied_date <= p_as_of then f.replied_index
            when f.handled_on_spot then f.received_index
        end as replied_index,
        case when f.resolved_date <= p_as_of then f.resolved_date end as resolved_date,
    from feedback_base as f
    where f.received_date <= p_as_of
),
with_due as (
    select
        i.*,
        coalesce(i.due_date, due_day.day) as due_effective,
    from items as i
    left join calendar as due_day
      on due_day.is_working_day
     and due_day.working_day_index = i.received_index + p_settings['reply_working_days']
)
select
    w.feedback_id,
    w.commune_code,
    w.visit_id,
    w.channel,
    w.topic,
    w.recorded_by,
    w.recorder_agency_id,
    w.forwarded_to,
    w.handled_on_spot,
    w.forwarded_date is not null as is_forwarded,
    w.replied_date is not null as is_replied,
    w.replied_date is null as is_open,
    w.replied_date is null and p_as_of > w.due_effective as is_overdue,
    case when w.replied_date is not null then w.replied_date <= w.due_effective end as on_time,
    not w.handled_on_spot
        and w.received_date <= p_as_of - p_settings['held_after_days']
        and not coalesce(w.forwarded_date <= w.received_date + p_settings['held_after_days'], false)
        and not coalesce(w.replied_date <= w.received_date + p_settings['held_after_days'], false)
        as is_held_information,
    (w.replied_date - w.received_date)::bigint as days_to_reply,
    (w.replied_index - w.received_index)::bigint as working_days_to_reply,
    -- Kaplan-Meier time: days to reply, or days open until as_of (censored).
    coalesce(w.replied_date, p_as_of) - w.received_date as km_days,
    (p_as_of - w.received_date)::bigint as age_days,
    w.received_date,
    w.received_month,
    w.forwarded_date,
    w.due_effective,
    w.replied_date,
    w.resolved_date,
from with_due as w;

-- Items received in the period, filtered by commune and by the responsible agency.
create or replace macro feedback_in_period(p_start, p_ref, p_as_of, p_commune, p_agency,
                                           p_settings) as table
select *
from feedback_asof(p_as_of, p_settings)
where received_date between p_start and p_ref
  and (p_commune is null or commune_code = p_commune)
  and (p_agency is null or forwarded_to = p_agency);

-- Kaplan-Meier time to reply per group (docs/metrics.md, "Citizen feedback", edge rule 13). p_dimension picks the group
-- from a fixed list: 'all', 'agency' (forwarded_to), 'topic', 'commune', 'channel', 'month'.
-- Fast paths: times (see there), and replied_median (read off the counts); plain definition:
-- median(days_to_reply) over the replied items of feedback_in_period. Kept equal by
-- tests/test_preaggregates.py::test_replied_only_median_read_off_the_counts_equals_median.
create or replace macro feedback_km(p_start, p_ref, p_as_of, p_commune, p_agency,
                                    p_settings, p_dimension) as table
with times as (
    -- Items per group and Kaplan-Meier time: replied at that time, and leaving the risk set then.
    -- Fast path for the whole country's 'all' group: the per-month counts of feedback_km_months
    -- (tables/25_summaries.sql) summed over the period's months, with the rest of a month cut short
    -- before as_of from the items; plain definition: the items of feedback_in_period (the third
    -- branch). Kept equal by tests/test_summaries.py::test_feedback_km_equals_its_plain_definition.
    select group_key, km_days, sum(replied_at)::bigint as replied_at, sum(leaving_at)::bigint as leaving_at,
    from (
        select 'all' as group_key, km_days, replied_at, leaving_at,
        from feedback_km_months
        where p_dimension = 'all' and p_commune is null and p_agency is null
          and feedback_summary_applies(p_as_of, p_settings)
          and feedback_summary_month(received_month, p_start, p_ref, p_as_of)
        union all
        select 'all', km_days, count(*) filter (where is_replied), count(*),
        from feedback_in_period(feedback_rest_start(p_start, p_ref), p_ref, p_as_of, p_commune, p_agency,
                                p_settings)
        where p_dimension = 'all' and p_commune is null and p_agency is null
          and feedback_summary_rest(p_ref, p_as_of)
          and feedback_summary_applies(p_as_of, p_settings)
        group by all
        union all
        select
            case p_dimension
                when 'agency' then forwarded_to
                when 'topic' then topic
                when 'commune' then commune_code
                when 'channel' then channel
                when 'month' then strftime(received_month, '%Y-%m')
                else 'all'
            end as group_key,
            km_days,
            count(*) filter (where is_replied),
            count(*),
        from feedback_in_period(p_start, p_ref, p_as_of, p_commune, p_agency,
                                p_settings)
        where not (p_dimension = 'all' and p_commune is null and p_agency is null
                   and feedback_summary_applies(p_as_of, p_settings))
        group by all
    )
    group by all
),
risk as (
    select
        *,
        sum(leaving_at) over (partition by group_key order by km_days desc
                              rows between unbounded preceding and current row) as at_risk,
    from times
),
survival as (
    select
        *,
        product(1 - replied_at / at_risk) over (partition by group_key order by km_days
                                                rows between unbounded preceding and current row) as survival,
    from risk
),
curve as (
    -- 1e-9 absorbs floating error so that S(t) = 0.5 exactly reads as <= 0.5.
    select
        group_key,
        min(km_days) filter (where survival <= 0.5 + 1e-9)::bigint as median_days_km,
        min(km_days) filter (where survival <= 0.1 + 1e-9)::bigint as p90_days_km,
    from survival
    group by all
),
plain as (
    select
        group_key,
        sum(leaving_at)::bigint as items,
        sum(replied_at)::bigint as replied,
    from times
    group by all
),
replied_order as (
    -- The replied items in order of days to reply (for a replied item km_days is its days to
    -- reply): how many replied within each number of days, and how many in all.
    select
        group_key,
        km_days,
        sum(replied_at) over (partition by group_key order by km_days
                              rows between unbounded preceding and current row) as replied_through,
        sum(replied_at) over (partition by group_key) as replied_total,
    from times
    where replied_at > 0
),
replied_median as (
    -- The median of days_to_reply over replied items, read off the counts instead of sorting the
    -- items: the mean of the values at 0-based ranks (n - 1) // 2 and n // 2, the value at rank r
    -- being the smallest number of days whose running count exceeds r (as median() gives it).
    select
        group_key,
        (min(km_days) filter (where replied_through > (replied_total - 1) // 2)
            + min(km_days) filter (where replied_through > replied_total // 2)) / 2 as median_days_replied_only,
    from replied_order
    group by all
)
select
    p.group_key,
    p.items,
    p.replied,
    c.median_days_km,
    c.p90_days_km,
    m.median_days_replied_only,
from plain as p
-- "is not distinct from": items with no agency or topic form a group of their own.
left join curve as c on c.group_key is not distinct from p.group_key
left join replied_median as m on m.group_key is not distinct from p.group_key;
