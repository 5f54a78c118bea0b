-- One row per agency, for the agency filter. params: none
with final as (
    select agency_id, agency_name, level,
    from agencies
    order by level, agency_name, agency_id
)
select * from final
