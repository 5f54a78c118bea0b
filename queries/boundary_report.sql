-- One row per problem between the data and the boundary file: a commune without a polygon, or a polygon without a commune.
-- params: $commune text|null (only that commune's problems when given)
with missing_polygon as (
    select
        'commune_without_polygon' as problem,
        c.commune_code,
        c.commune_name,
        null::varchar as feature_code,
        null::varchar as feature_name,
    from communes as c
    anti join commune_shapes as s using (commune_code)
),
extra_polygon as (
    select
        case when match_method = 'duplicate' then 'duplicate_polygon' else 'polygon_without_commune' end as problem,
        commune_code,
        null::varchar as commune_name,
        feature_code,
        feature_name,
    from boundary_features
    where match_method in ('unmatched', 'duplicate')
),
final as (
    select * from (
        select * from missing_polygon
        union all
        select * from extra_polygon
    )
    where $commune is null or commune_code = $commune
    order by problem, commune_code, feature_code
)
select * from final
