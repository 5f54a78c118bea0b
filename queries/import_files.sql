-- One row per source file (and sheet) of the last import: rows read, loaded, rejected and merged, with its checksum.
-- params: none
with files as (
    select * from import_files
),
final as (
    select
        table_name,
        file,
        sheet,
        rows_read,
        rows_loaded,
        rows_rejected,
        rows_merged,
        sha256,
    from files
    order by table_name, file, sheet
)
select * from final
