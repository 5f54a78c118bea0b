-- One row: the as_of date of the data (rule 8.1) and the first month with data.
-- params: none
with bounds as (
    select
        (select as_of from data_as_of) as as_of,
        least(
            (select min(visit_date) from visits where status = 'held'),
            (select min(received_date) from feedback)
        ) as first_date,
),
final as (
    select
        as_of,
        date_trunc('month', first_date)::date as first_month,
    from bounds
)
select * from final
