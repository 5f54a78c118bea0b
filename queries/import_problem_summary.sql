-- One row per reason of the last import's rejected rows and warnings: how many, in which tables, and the first example.
-- The example message has phone numbers masked unless $personal_values is true (as import_problems).
-- params: $personal_values boolean
with problems as (
    select 'rejected' as outcome, * exclude (message),
           case
               when $personal_values or message is null then message
               else regexp_replace(message, '(^|[^0-9])(\+84|0084|0)[\s.\-]?[1-9]([\s.\-]?[0-9]){8,9}', '\1***', 'g')
           end as message,
    from import_rejects
    union all
    select 'warning' as outcome, * exclude (message),
           case
               when $personal_values or message is null then message
               else regexp_replace(message, '(^|[^0-9])(\+84|0084|0)[\s.\-]?[1-9]([\s.\-]?[0-9]){8,9}', '\1***', 'g')
           end as message,
    from import_warnings
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
