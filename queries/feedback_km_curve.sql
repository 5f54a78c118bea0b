-- One row per day t (calendar days since receipt) at which items of the period leave the
-- Kaplan-Meier risk set: items at risk, replies and censored open items at t, and the
-- survival S(t) = share still waiting for a reply after t days (open items censored at as_of).
-- params: $start date, $ref_date date, $as_of date, $commune text|null, $agency text|null,
--         $settings.reply_working_days, $settings.held_after_days
with items as (
    select km_days, is_replied,
    from feedback_in_period($start, $ref_date, $as_of, $commune, $agency,
                            $settings)
),
times as (
    select
        km_days as days,
        count(*) filter (where is_replied) as replied,
        count(*) filter (where not is_replied) as censored,
        count(*) as leaving,
    from items
    group by all
),
risk as (
    -- An item censored at t is still at risk at t (edge rule 13).
    select
        *,
        sum(leaving) over (order by days desc rows between unbounded preceding and current row) as at_risk,
    from times
),
final as (
    select
        days::bigint as days,
        at_risk::bigint as at_risk,
        replied::bigint as replied,
        censored::bigint as censored,
        product(1 - replied / at_risk) over (order by days rows between unbounded preceding and current row)
            as survival,
    from risk
    order by days
)
select * from final
