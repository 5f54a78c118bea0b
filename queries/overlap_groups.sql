-- One row per commune and pair of lead agencies with overlapping visits: how many pairs, the topics and the latest date, for deconflicting.
-- params: $start date, $ref_date date, $commune text|null, $agency text|null, $settings.overlap_max_days integer
with pairs as (
    select
        *,
        least(lead_agency_1, lead_agency_2) as agency_a,
        greatest(lead_agency_1, lead_agency_2) as agency_b,
    from overlap_pairs($start, $ref_date, $commune, $agency, $settings['overlap_max_days'])
),
communes_named as (
    select commune_code, commune_name, from communes
),
agencies_named as (
    select agency_id, agency_name, from agencies
),
grouped as (
    select
        commune_code,
        agency_a,
        agency_b,
        count(*)::bigint as overlap_pairs,
        string_agg(distinct topic, '; ' order by topic) as topics,
        min(least(visit_date_1, visit_date_2)) as first_date,
        max(greatest(visit_date_1, visit_date_2)) as last_date,
    from pairs
    group by all
),
final as (
    select
        g.commune_code,
        c.commune_name,
        g.agency_a,
        a.agency_name as agency_a_name,
        g.agency_b,
        b.agency_name as agency_b_name,
        g.overlap_pairs,
        g.topics,
        g.first_date,
        g.last_date,
    from grouped as g
    join communes_named as c using (commune_code)
    join agencies_named as a on a.agency_id = g.agency_a
    join agencies_named as b on b.agency_id = g.agency_b
    order by g.overlap_pairs desc, c.commune_name, a.agency_name, b.agency_name, g.commune_code, g.agency_a, g.agency_b
)
select * from final
