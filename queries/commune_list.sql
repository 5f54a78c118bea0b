-- One row per commune, for the commune filter (only $commune when it is given: a commune officer's list).
-- params: $commune text|null
with final as (
    select commune_code, commune_name, province_name,
    from communes
    where $commune is null or commune_code = $commune
    order by commune_name, commune_code
)
select * from final
