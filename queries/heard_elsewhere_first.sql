-- One row per feedback item heard elsewhere first (docs/metrics.md, "Heard elsewhere first"): an
-- item of the period received through hotline, online, letter or other, with a topic, when no item
-- of its commune on the same topic came through a visit or a dialogue in the window before it.
-- last_visit_item_id, last_visit_channel_date: the commune's last visit-channel item on that topic
-- before it (empty when there never was one); officials_assigned: how many officials were assigned
-- to the commune on the item's received date (one official's items: heard_elsewhere_for_official).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, and the setting
--         $settings.heard_elsewhere_window_days
-- Fast path: the officials' merged assignment spans counted from their running starts and ends (an
-- official has at most one span of a commune on a date), without listing every (official, item)
-- pair; plain definition: the pairs of heard_elsewhere_officials counted (the second branch).
with items as (
    select *
    from heard_elsewhere_rows($start, $ref_date, $as_of, $commune, $settings)
    where is_heard_elsewhere_first
),
spans as (
    select commune_code, span_from, span_to,
    from official_assignment_spans
    where summaries_built() and commune_code in (select commune_code from items)
),
started as (
    -- Per commune and day a span starts: the spans started on or before that day.
    select commune_code, span_from as day,
        sum(count(*)) over (partition by commune_code order by span_from) as spans,
    from spans
    group by commune_code, span_from
),
ended as (
    -- Per commune and day a span ends: the spans ended on or before that day.
    select commune_code, span_to as day,
        sum(count(*)) over (partition by commune_code order by span_to) as spans,
    from spans
    group by commune_code, span_to
),
assigned as (
    select
        i.feedback_id,
        (coalesce(s.spans, 0) - coalesce(e.spans, 0))::bigint as officials_assigned,
    from items as i
    asof left join started as s on s.commune_code = i.commune_code and i.received_date >= s.day
    asof left join ended as e on e.commune_code = i.commune_code and i.received_date > e.day
    where summaries_built()
    union all
    select feedback_id, count(*)::bigint,
    from heard_elsewhere_officials($start, $ref_date, $as_of, $commune, $settings)
    where not summaries_built()
    group by all
),
final as (
    select
        i.feedback_id,
        i.commune_code,
        c.commune_name,
        i.topic,
        i.channel,
        i.received_date,
        i.last_visit_item_id,
        i.last_visit_channel_date,
        i.days_after_visit_item,
        coalesce(a.officials_assigned, 0)::bigint as officials_assigned,
    from items as i
    left join communes as c using (commune_code)
    left join assigned as a using (feedback_id)
    order by i.received_date, i.feedback_id
)
select * from final
