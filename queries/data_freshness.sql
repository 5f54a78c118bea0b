-- One row per table of the database: rows loaded and the latest date it holds (how fresh each table is).
-- params: none
with dated as (
    select 'communes' as table_name, (select count(*) from communes) as rows_loaded, null::date as latest_date
    union all select 'hamlets', (select count(*) from hamlets), null::date
    union all select 'agencies', (select count(*) from agencies), null::date
    union all select 'officials', (select count(*) from officials), (select max(active_from) from officials)
    union all select 'assignments', (select count(*) from assignments), (select max(assigned_from) from assignments)
    union all select 'visits', (select count(*) from visits), (select max(visit_date) from visits where status = 'held')
    union all select 'attendance', (select count(*) from attendance),
        (select max(v.visit_date) from attendance as a join visits as v using (visit_id) where v.status = 'held')
    union all select 'feedback', (select count(*) from feedback),
        (select max(greatest(received_date, coalesce(replied_date, received_date))) from feedback)
),
final as (
    select table_name, rows_loaded::bigint as rows_loaded, latest_date,
    from dated
)
select * from final
