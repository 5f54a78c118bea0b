-- One row: the as_of date of the data (edge rule 1), the first month with data, and the date of the
-- earliest held visit (the data start, visits_from, is its month: docs/metrics.md "Data start").
-- params: none
with bounds as (
    select
        (select as_of from data_as_of) as as_of,
        least(
            (select min(visit_date) from visits where status = 'held'),
            (select min(received_date) from feedback)
        ) as first_date,
        (select min(visit_date) from visits where status = 'held') as first_held_visit,
),
final as (
    select
        as_of,
        date_trunc('month', first_date)::date as first_month,
        first_held_visit,
    from bounds
)
select * from final
