-- One row per rejected row or warning of the last import: file, sheet, row as the spreadsheet shows it, column, value, reason.
-- Personal values are masked ('***') unless $personal_values is true (an account that may see personal
-- data; docs/metrics.md edge rule 12): a feedback row's citizen name, phone and summary and the cells
-- beyond its named columns (a shifted row puts names and phones there) in full, and anything shaped
-- like a phone number (0 then 9 or 10 digits, or +84 ..., spaces, dots or dashes between) in every
-- value and message. The rejects file on the server keeps the values for fixing the export.
-- params: $personal_values boolean
with problems as (
    select 'rejected' as outcome, * from import_rejects
    union all
    select 'warning' as outcome, * from import_warnings
),
masked as (
    select
        outcome,
        "table",
        file,
        sheet,
        "row",
        "column",
        case
            when $personal_values or value is null then value
            when "table" = 'feedback'
                 and ("column" in ('citizen_name', 'citizen_phone', 'summary') or reason = 'extra_cells') then '***'
            else regexp_replace(value, '(^|[^0-9])(\+84|0084|0)[\s.\-]?[1-9]([\s.\-]?[0-9]){8,9}', '\1***', 'g')
        end as value,
        reason,
        case
            when $personal_values or message is null then message
            else regexp_replace(message, '(^|[^0-9])(\+84|0084|0)[\s.\-]?[1-9]([\s.\-]?[0-9]){8,9}', '\1***', 'g')
        end as message,
    from problems
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
    from masked
    order by outcome, reason, file, sheet, "row"
)
select * from final
