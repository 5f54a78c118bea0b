-- One row per rejected row or warning of the last import: file, sheet, row as the spreadsheet shows it, column, value, reason.
-- params: none
with problems as (
    select 'rejected' as outcome, * from import_rejects
    union all
    select 'warning' as outcome, * from import_warnings
),
final as (
    select
        outcome,
        "table",
        file,
        sheet,
        "row",
        "column",
        value,
        reason,
        message,
    from problems
    order by outcome, reason, file, sheet, "row"
)
select * from final
