-- One row per commune with a polygon: its simplified geometry (GeoJSON) and how it was matched.
-- params: $commune text|null (only that commune's polygon when given)
with final as (
    select commune_code, match_method, geometry,
    from commune_shapes
    where $commune is null or commune_code = $commune
    order by commune_code
)
select * from final
