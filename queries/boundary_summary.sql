-- One row per way a polygon was matched to a commune (code, name, accent-free name, unmatched, duplicate), with the file and payload.
-- params: $commune text|null (only that commune's polygons when given)
with methods as (
    select match_method, count(*)::bigint as polygons,
    from boundary_features
    where $commune is null or commune_code = $commune
    group by all
),
final as (
    select
        m.match_method,
        m.polygons,
        b.source_file,
        b.code_column,
        b.name_column,
        b.payload_bytes,
        b.vertices,
        b.tolerance,
    from methods as m
    cross join boundary_meta as b
    order by m.polygons desc
)
select * from final
