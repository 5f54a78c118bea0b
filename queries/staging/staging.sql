-- Staging: the shared notions of docs/metrics.md, created once at import.
-- Every page query builds on these macros instead of repeating the logic.
-- Macro parameters (always passed by the query from its own $parameters):
--   p_start    first day of the period's first month
--   p_ref      ref_date = min(as_of, last day of the period's end month)
--   p_as_of    the as_of date; statuses (open, overdue, held) are judged on it
--   p_commune  commune_code filter, or null for all communes
--   p_agency   agency_id filter, or null for all agencies

-- as_of of the data (rule 8.1): held visits, received, forwarded, replied, resolved dates.
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

-- Attendance of held visits, joined once at import (the pages filter it by period):
-- one row per attendance row whose visit is held, with the visit's commune, lead agency
-- and date and the official's agency. Sorted by date so a period reads only its blocks.
create or replace table held_attendance as
select
    a.visit_id,
    a.official_id,
    o.agency_id,
    v.commune_code,
    v.lead_agency_id,
    a.listed,
    a.status,
    a.status in ('present', 'late') as is_present,
    v.visit_date,
    date_trunc('month', v.visit_date)::date as visit_month,
from attendance as a
join visits as v using (visit_id)
join officials as o using (official_id)
where v.status = 'held'
order by v.visit_date, v.commune_code, a.official_id;

-- Presence per official, commune and month, built once at import: the distinct held
-- visits in the commune that month at which the official was present (or late). Quota
-- months are whole months (rule 8.2), so summing these rows over a period is exact.
create or replace table present_official_months as
select
    official_id,
    commune_code,
    visit_month as month_start,
    count(distinct visit_id)::bigint as attended,
from held_attendance
where is_present
group by all
order by month_start, official_id, commune_code;

-- Listed absences at held visits (the evidence of the presence flags, METRICS 6), built once
-- at import: the attendance rows with listed = true and status absent, sorted by date.
create or replace table listed_absences as
select visit_id, official_id, agency_id, commune_code, lead_agency_id, status, visit_date,
from held_attendance
where listed and status = 'absent'
order by visit_date, official_id;

-- Where each agency's officials were present, per month, built once at import: one row per
-- (official's agency, commune, month) with at least one present (or late) row at a held visit.
create or replace table agency_commune_months as
select distinct agency_id, commune_code, visit_month as month_start,
from held_attendance
where is_present
order by month_start, agency_id, commune_code;

-- Attendance rows of held visits in the period, with the present flag (present or late).
create or replace macro attendance_in_period(p_start, p_ref, p_commune) as table
select
    visit_id,
    official_id,
    agency_id,
    commune_code,
    lead_agency_id,
    listed,
    status,
    is_present,
    visit_date,
    visit_month,
from held_attendance
where visit_date between p_start and p_ref
  and (p_commune is null or commune_code = p_commune);

-- Quota grid, built once at import for the months that have held visits (from the first
-- to the last such month). One row per official, commune and month in which the official had
-- assignments there active for the whole month (rule 8.2): the month's required visits (sum over
-- those assignments) and attended = distinct held visits in that commune and month at which the
-- official was present or late. Outside these months no visit is held, so attended is 0 there.
create or replace table quota_grid_months as
with bounds as (
    select
        date_trunc('month', min(visit_date))::timestamp as lo,
        date_trunc('month', max(visit_date))::timestamp as hi,
    from visits
    where status = 'held'
)
select m::date as month_start, last_day(m::date) as month_end,
from bounds, unnest(generate_series(bounds.lo, bounds.hi, interval 1 month)) as t(m)
where m is not null;

create or replace table quota_commune_months as
with active as (
    select
        a.official_id,
        o.agency_id,
        a.commune_code,
        m.month_start,
        m.month_end,
        sum(a.required_visits_per_month)::bigint as required,
    from assignments as a
    join officials as o using (official_id)
    join quota_grid_months as m
      on a.assigned_from <= m.month_start
     and (a.assigned_to is null or a.assigned_to >= m.month_end)
    group by all
)
select
    a.official_id,
    a.agency_id,
    a.commune_code,
    a.month_start,
    a.month_end,
    a.required,
    coalesce(p.attended, 0)::bigint as attended,
from active as a
left join present_official_months as p using (official_id, commune_code, month_start)
order by a.commune_code, a.month_start, a.official_id;

-- The same grid summed over communes: one row per official and month.
create or replace table quota_official_months as
select
    official_id,
    agency_id,
    month_start,
    month_end,
    sum(required)::bigint as required,
    sum(attended)::bigint as attended,
from quota_commune_months
group by all
order by month_start, official_id;

-- Participation counts per official (METRICS 4, rule 8.7), from the rows of
-- attendance_in_period: attendance rows, listed, present (or late), late, listed absent,
-- listed excused, listed and present, listed and not excused.
-- Running totals per official and month, built once at import over the months from the first to
-- the last held visit (every month, so a total can be read at any of them): the counts of all
-- held visits up to the end of that month.
create or replace table attendance_running_totals as
with monthly as (
    select
        official_id,
        agency_id,
        visit_month as month_start,
        count(*)::bigint as attendance_rows,
        count(*) filter (where listed)::bigint as listed,
        count(*) filter (where is_present)::bigint as present,
        count(*) filter (where status = 'late')::bigint as late,
        count(*) filter (where listed and status = 'absent')::bigint as absent,
        count(*) filter (where listed and status = 'excused')::bigint as excused,
        count(*) filter (where listed and is_present)::bigint as listed_present,
        count(*) filter (where listed and status <> 'excused')::bigint as listed_not_excused,
    from held_attendance
    group by all
),
dense as (
    select
        o.official_id,
        o.agency_id,
        g.month_start,
        coalesce(m.attendance_rows, 0) as attendance_rows,
        coalesce(m.listed, 0) as listed,
        coalesce(m.present, 0) as present,
        coalesce(m.late, 0) as late,
        coalesce(m.absent, 0) as absent,
        coalesce(m.excused, 0) as excused,
        coalesce(m.listed_present, 0) as listed_present,
        coalesce(m.listed_not_excused, 0) as listed_not_excused,
    from (select distinct official_id, agency_id from monthly) as o
    cross join quota_grid_months as g
    left join monthly as m using (official_id, month_start)
)
select
    official_id,
    agency_id,
    month_start,
    sum(attendance_rows) over running::bigint as attendance_rows,
    sum(listed) over running::bigint as listed,
    sum(present) over running::bigint as present,
    sum(late) over running::bigint as late,
    sum(absent) over running::bigint as absent,
    sum(excused) over running::bigint as excused,
    sum(listed_present) over running::bigint as listed_present,
    sum(listed_not_excused) over running::bigint as listed_not_excused,
from dense
window running as (partition by official_id order by month_start rows between unbounded preceding and current row)
order by month_start, official_id;

-- Communes where an official of the agency was present at a held visit of the period (rule
-- 8.16): whole months from agency_commune_months, the partial last month (ref_date before its
-- month's end) from the rows. p_start is a month's first day, as everywhere here.
create or replace macro agency_communes_visited(p_start, p_ref, p_commune) as table
select distinct agency_id, commune_code,
from (
    select agency_id, commune_code,
    from agency_commune_months
    where month_start >= p_start and last_day(month_start) <= p_ref
      and (p_commune is null or commune_code = p_commune)
    union all
    select agency_id, commune_code,
    from attendance_in_period(p_start, p_ref, p_commune)
    where is_present and visit_date >= date_trunc('month', p_ref) and p_ref < last_day(p_ref)
);

-- Whole months of the period are a difference of two running totals (the last whole month's
-- minus the month's before the period); the rest (a partial last month, or everything when a
-- commune is chosen) is counted from the rows. Gives exactly the counts of the rows.
create or replace macro official_attendance(p_start, p_ref, p_commune, p_agency) as table
with edges as (
    select
        max(month_start) filter (where month_start >= p_start and month_end <= p_ref) as full_end,
        max(month_start) filter (where month_start < p_start) as prior,
    from quota_grid_months
),
whole_months as (
    select
        e.official_id,
        e.attendance_rows - coalesce(b.attendance_rows, 0) as attendance_rows,
        e.listed - coalesce(b.listed, 0) as listed,
        e.present - coalesce(b.present, 0) as present,
        e.late - coalesce(b.late, 0) as late,
        e.absent - coalesce(b.absent, 0) as absent,
        e.excused - coalesce(b.excused, 0) as excused,
        e.listed_present - coalesce(b.listed_present, 0) as listed_present,
        e.listed_not_excused - coalesce(b.listed_not_excused, 0) as listed_not_excused,
    from edges
    join attendance_running_totals as e on e.month_start = edges.full_end
    left join attendance_running_totals as b
      on b.month_start = edges.prior
     and b.official_id = e.official_id
    where p_commune is null
      and (p_agency is null or e.agency_id = p_agency)
),
from_rows as (
    select
        official_id,
        count(*)::bigint as attendance_rows,
        count(*) filter (where listed)::bigint as listed,
        count(*) filter (where is_present)::bigint as present,
        count(*) filter (where status = 'late')::bigint as late,
        count(*) filter (where listed and status = 'absent')::bigint as absent,
        count(*) filter (where listed and status = 'excused')::bigint as excused,
        count(*) filter (where listed and is_present)::bigint as listed_present,
        count(*) filter (where listed and status <> 'excused')::bigint as listed_not_excused,
    from attendance_in_period(p_start, p_ref, p_commune)
    -- Without a commune: only the partial last month (none when ref_date ends a month). Held
    -- visits of earlier months are all in grid months, whose running totals count them.
    where (p_commune is not null or (visit_date >= date_trunc('month', p_ref) and p_ref < last_day(p_ref)))
      and (p_agency is null or agency_id = p_agency)
    group by official_id
),
combined as (
    select * from whole_months
    union all
    select * from from_rows
)
select
    official_id,
    sum(listed)::bigint as listed,
    sum(present)::bigint as present,
    sum(late)::bigint as late,
    sum(absent)::bigint as absent,
    sum(excused)::bigint as excused,
    sum(listed_present)::bigint as listed_present,
    sum(listed_not_excused)::bigint as listed_not_excused,
from combined
group by official_id
having sum(attendance_rows) > 0;

-- Quota per official and month (METRICS 4, rules 8.2, 8.7): one row per official and
-- month of the period that ended on or before ref_date and in which the official had
-- an assignment active for the whole month. Months of the grid are read from it; months
-- outside it (a period reaching before the first or after the last held visit) are
-- computed from the assignments, with nothing attended.
create or replace macro quota_months(p_start, p_ref, p_commune, p_agency) as table
with from_grid as (
    select official_id, month_start, required, attended,
    from quota_official_months
    where p_commune is null
      and month_start >= p_start and month_end <= p_ref
      and (p_agency is null or agency_id = p_agency)
    union all
    select official_id, month_start, sum(required)::bigint as required, sum(attended)::bigint as attended,
    from quota_commune_months
    where p_commune is not null and commune_code = p_commune
      and month_start >= p_start and month_end <= p_ref
      and (p_agency is null or agency_id = p_agency)
    group by official_id, month_start
),
months_outside as (
    select
        m::date as month_start,
        last_day(m::date) as month_end,
    from unnest(generate_series(p_start::timestamp, p_ref::timestamp, interval 1 month)) as t(m)
    where last_day(m::date) <= p_ref
      and m::date not in (select month_start from quota_grid_months)
),
outside as (
    select
        a.official_id,
        m.month_start,
        sum(a.required_visits_per_month)::bigint as required,
        0::bigint as attended,
    from assignments as a
    join officials as o using (official_id)
    join months_outside as m
      on a.assigned_from <= m.month_start
     and (a.assigned_to is null or a.assigned_to >= m.month_end)
    where (p_commune is null or a.commune_code = p_commune)
      and (p_agency is null or o.agency_id = p_agency)
    group by all
),
quota_rows as (
    select * from from_grid
    union all
    select * from outside
)
select
    official_id,
    month_start,
    required,
    attended,
    required > 0 as is_counted,
    required > 0 and attended >= required as is_met,
from quota_rows;

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

-- Feedback as seen on as_of (rules 8.1, 8.3, 8.10-8.12, 8.14): later items dropped, later
-- forward/reply/resolve dates empty, effective due date and reply, status flags.
create or replace macro feedback_asof(p_as_of, p_reply_working_days, p_held_after_days) as table
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
     and due_day.working_day_index = i.received_index + p_reply_working_days
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
        and w.received_date <= p_as_of - p_held_after_days
        and not coalesce(w.forwarded_date <= w.received_date + p_held_after_days, false)
        and not coalesce(w.replied_date <= w.received_date + p_held_after_days, false)
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
                                           p_reply_working_days, p_held_after_days) as table
select *
from feedback_asof(p_as_of, p_reply_working_days, p_held_after_days)
where received_date between p_start and p_ref
  and (p_commune is null or commune_code = p_commune)
  and (p_agency is null or forwarded_to = p_agency);

-- Kaplan-Meier time to reply per group (METRICS 5, rule 8.13). p_dimension picks the group
-- from a fixed list: 'all', 'agency' (forwarded_to), 'topic', 'commune', 'channel', 'month'.
create or replace macro feedback_km(p_start, p_ref, p_as_of, p_commune, p_agency,
                                    p_reply_working_days, p_held_after_days, p_dimension) as table
with items as (
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
        is_replied,
        days_to_reply,
    from feedback_in_period(p_start, p_ref, p_as_of, p_commune, p_agency,
                            p_reply_working_days, p_held_after_days)
),
times as (
    select
        group_key,
        km_days,
        count(*) filter (where is_replied) as replied_at,
        count(*) as leaving_at,
    from items
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

-- Flags on officials (METRICS 6, rules 8.7-8.9, 8.14): one row per official and flag.
create or replace macro official_flag_rows(p_start, p_ref, p_as_of, p_commune, p_agency,
                                           p_reply_working_days, p_held_after_days,
                                           p_never_present_min_listed, p_rarely_present_min_listed,
                                           p_rarely_present_max_rate, p_under_quota_min_months,
                                           p_holding_min_items) as table
with participation as (
    select
        *,
        case when listed_not_excused > 0 then listed_present / listed_not_excused end as attendance_rate,
    from official_attendance(p_start, p_ref, p_commune, p_agency)
),
never_present as (
    select
        official_id,
        'listed_never_present' as flag,
        listed_not_excused as evidence_count,
    from participation
    where listed_not_excused >= p_never_present_min_listed and present = 0
),
rarely_present as (
    select
        official_id,
        'rarely_present' as flag,
        listed_not_excused as evidence_count,
    from participation
    where listed_not_excused >= p_rarely_present_min_listed
      and attendance_rate < p_rarely_present_max_rate
      and official_id not in (select official_id from never_present)
),
failing_months as (
    select
        official_id,
        month_start,
        (year(month_start) * 12 + month(month_start))
            - row_number() over (partition by official_id order by month_start) as run_id,
    from quota_months(p_start, p_ref, p_commune, p_agency)
    where is_counted and not is_met
),
runs as (
    select official_id, run_id, count(*) as run_months,
    from failing_months
    group by all
),
under_quota as (
    select
        official_id,
        'under_quota' as flag,
        max(run_months)::bigint as evidence_count,
    from runs
    where run_months >= p_under_quota_min_months
    group by official_id
),
holding as (
    select
        f.recorded_by as official_id,
        'holding_information' as flag,
        count(*)::bigint as evidence_count,
    from feedback_in_period(p_start, p_ref, p_as_of, p_commune, null,
                            p_reply_working_days, p_held_after_days) as f
    where f.is_held_information
      and f.recorded_by is not null
      and (p_agency is null or f.recorder_agency_id = p_agency)
    group by all
    having count(*) >= p_holding_min_items
)
select * from never_present
union all select * from rarely_present
union all select * from under_quota
union all select * from holding;

-- Coverage per commune (METRICS 3, rule 8.5). The agency filter keeps visits led by the
-- agency and officials of the agency.
create or replace macro commune_coverage_rows(p_start, p_ref, p_commune, p_agency) as table
with scope as (
    select * from communes where p_commune is null or commune_code = p_commune
),
held as (
    select * from held_visits(p_start, p_ref, p_commune)
    where p_agency is null or lead_agency_id = p_agency
),
last_visit as (
    select commune_code, max(visit_date) as last_visit_date,
    from visits
    where status = 'held' and visit_date <= p_ref
      and (p_agency is null or lead_agency_id = p_agency)
    group by all
),
hamlet_totals as (
    select commune_code, count(*)::bigint as hamlets_total,
    from hamlets
    group by all
),
visit_totals as (
    select
        commune_code,
        count(*)::bigint as visits_held,
        count(distinct hamlet_id)::bigint as hamlets_visited,
    from held
    group by all
),
assigned as (
    select a.commune_code, count(distinct a.official_id)::bigint as officials_assigned,
    from assignments as a
    join officials as o using (official_id)
    where a.assigned_from <= p_ref
      and (a.assigned_to is null or a.assigned_to >= p_start)
      and (p_agency is null or o.agency_id = p_agency)
    group by all
),
present as (
    select p.commune_code, count(distinct p.official_id)::bigint as officials_present,
    from attendance_in_period(p_start, p_ref, p_commune) as p
    where p.is_present and (p_agency is null or p.lead_agency_id = p_agency)
    group by all
)
select
    s.commune_code,
    s.commune_name,
    s.province_code,
    s.population,
    coalesce(v.visits_held, 0)::bigint as visits_held,
    coalesce(h.hamlets_total, 0)::bigint as hamlets_total,
    coalesce(v.hamlets_visited, 0)::bigint as hamlets_visited,
    coalesce(a.officials_assigned, 0)::bigint as officials_assigned,
    coalesce(p.officials_present, 0)::bigint as officials_present,
    case when s.population > 0 then coalesce(v.visits_held, 0) * 1000.0 / s.population end as visits_per_1000,
    coalesce(v.visits_held, 0) >= 1 as is_covered,
    l.last_visit_date,
    (p_ref - l.last_visit_date)::bigint as days_since_last_visit,
from scope as s
left join visit_totals as v using (commune_code)
left join hamlet_totals as h using (commune_code)
left join last_visit as l using (commune_code)
left join assigned as a using (commune_code)
left join present as p using (commune_code);

-- Headline figures of one period (the overview's KPI cards).
create or replace macro period_kpis(p_start, p_ref, p_as_of, p_commune, p_agency,
                                    p_reply_working_days, p_held_after_days,
                                    p_never_present_min_listed, p_rarely_present_min_listed,
                                    p_rarely_present_max_rate, p_under_quota_min_months,
                                    p_holding_min_items) as table
with visits_kpi as (
    select count(*)::bigint as held_visits,
    from held_visits(p_start, p_ref, p_commune)
    where p_agency is null or lead_agency_id = p_agency
),
coverage_kpi as (
    select
        case when count(*) > 0 then count(*) filter (where is_covered) / count(*) end as communes_covered_share,
    from commune_coverage_rows(p_start, p_ref, p_commune, p_agency)
),
quota_kpi as (
    select
        case when count(*) filter (where is_counted) > 0
             then count(*) filter (where is_met) / count(*) filter (where is_counted) end as quota_met_share,
    from quota_months(p_start, p_ref, p_commune, p_agency)
),
attendance_kpi as (
    select
        case when sum(listed_not_excused) > 0
             then sum(listed_present) / sum(listed_not_excused) end as attendance_rate,
    from official_attendance(p_start, p_ref, p_commune, p_agency)
),
feedback_kpi as (
    select
        count(*)::bigint as feedback_received,
        case when count(*) filter (where is_replied or is_overdue) > 0
             then count(*) filter (where on_time) / count(*) filter (where is_replied or is_overdue)
        end as on_time_rate,
    from feedback_in_period(p_start, p_ref, p_as_of, p_commune, p_agency,
                            p_reply_working_days, p_held_after_days)
),
km_kpi as (
    select median_days_km,
    from feedback_km(p_start, p_ref, p_as_of, p_commune, p_agency,
                     p_reply_working_days, p_held_after_days, 'all')
),
flags_kpi as (
    select count(distinct official_id)::bigint as officials_flagged,
    from official_flag_rows(p_start, p_ref, p_as_of, p_commune, p_agency,
                            p_reply_working_days, p_held_after_days,
                            p_never_present_min_listed, p_rarely_present_min_listed,
                            p_rarely_present_max_rate, p_under_quota_min_months,
                            p_holding_min_items)
)
select
    v.held_visits,
    c.communes_covered_share,
    q.quota_met_share,
    a.attendance_rate,
    f.feedback_received,
    f.on_time_rate,
    (select median_days_km from km_kpi) as median_days_km,
    g.officials_flagged,
from visits_kpi as v, coverage_kpi as c, quota_kpi as q, attendance_kpi as a, feedback_kpi as f, flags_kpi as g;
