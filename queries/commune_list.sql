-- One row per commune, for the commune filter. params: none
with final as (
    select commune_code, commune_name, province_name,
    from communes
    order by commune_name, commune_code
)
select * from final
