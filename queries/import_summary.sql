-- One row per table of the last import: rows read, loaded, rejected, merged, and when.
-- params: none
with counts as (
    select * from import_counts
),
meta as (
    select * from import_meta
),
final as (
    select
        c.table_name,
        c.rows_read,
        c.rows_loaded,
        c.rows_rejected,
        c.rows_merged,
        m.imported_at,
        m.source,
        m.as_of,
    from counts as c, meta as m
)
select * from final
