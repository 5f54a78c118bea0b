-- One row per month of the period (the last month may be cut short by ref_date):
-- held visits and feedback received in the month, and replies dated in the month
-- (effective reply date, whatever month the item came in).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days
with months as (
    select m::date as month,
    from unnest(generate_series($start::timestamp, $ref_date::timestamp, interval 1 month)) as t(m)
),
visits_by_month as (
    select visit_month as month, count(*)::bigint as held_visits,
    from held_visits($start, $ref_date, $commune)
    where $agency is null or lead_agency_id = $agency
    group by all
),
items as (
    select *
    from feedback_asof($as_of, $settings)
    where ($commune is null or commune_code = $commune)
      and ($agency is null or forwarded_to = $agency)
),
received_by_month as (
    select received_month as month, count(*)::bigint as feedback_received,
    from items
    where received_date between $start and $ref_date
    group by all
),
replied_by_month as (
    select date_trunc('month', replied_date)::date as month, count(*)::bigint as replied,
    from items
    where replied_date between $start and $ref_date
    group by all
),
final as (
    select
        m.month,
        coalesce(v.held_visits, 0)::bigint as held_visits,
        coalesce(r.feedback_received, 0)::bigint as feedback_received,
        coalesce(p.replied, 0)::bigint as replied,
    from months as m
    left join visits_by_month as v using (month)
    left join received_by_month as r using (month)
    left join replied_by_month as p using (month)
    order by m.month
)
select * from final
