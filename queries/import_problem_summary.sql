-- One row per reason of the last import's rejected rows and warnings: how many, in which tables, and the first example.
-- params: none
with problems as (
    select 'rejected' as outcome, * from import_rejects
    union all
    select 'warning' as outcome, * from import_warnings
),
final as (
    select
        outcome,
        reason,
        count(*)::bigint as problems,
        string_agg(distinct "table", ', ' order by "table") as tables,
        arg_min(message, file || lpad(coalesce("row", 0)::varchar, 9, '0')) as example_message,
        arg_min(file || coalesce(' [' || nullif(sheet, '') || ']', '') || coalesce(' dòng ' || "row", ''),
                file || lpad(coalesce("row", 0)::varchar, 9, '0')) as example_position,
    from problems
    group by all
    order by outcome, problems desc
)
select * from final
