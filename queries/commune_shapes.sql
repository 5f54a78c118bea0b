-- One row per commune with a polygon: its simplified geometry (GeoJSON) and how it was matched.
-- params: none
with final as (
    select commune_code, match_method, geometry,
    from commune_shapes
    order by commune_code
)
select * from final
