-- Partner institutions of the home schools. Grain: one row per partner_id.
with

spellings as (
    select * from staging.int_partner_spellings
),

-- Details that files give about a partner (city, website), by spelling.
details as (
    select partner_name, partner_country_iso2, partner_city, partner_url
    from staging.stg_agreements
),

details_by_partner as (
    select
        spellings.partner_id,
        mode(details.partner_city) as city,
        mode(details.partner_url) as website,
    from details
    join spellings
        on spellings.country_iso2 = details.partner_country_iso2
        and spellings.spelling_key = name_key(details.partner_name)
    group by all
),

named as (
    select
        partner_id,
        any_value(country_iso2) as country_iso2,
        max(erasmus_code) as erasmus_code,
        -- the display name: a declared canonical name, else the fullest, most used spelling,
        -- mixed case before capitals
        coalesce(
            max(alias_name),
            arg_min(
                name,
                (is_acronym_variant, name = upper(name), -count_rows, name)
            )
        ) as name,
        count(*) as count_spellings,
    from spellings
    group by all
),

located as (
    select
        named.*,
        coalesce(details_by_partner.city, institutions.city) as city,
        coalesce(details_by_partner.website, institutions.website) as website,
        institutions.legal_name as registry_name,
    from named
    left join details_by_partner using (partner_id)
    left join staging.int_institutions as institutions using (erasmus_code)
)

select
    located.partner_id,
    located.name,
    located.country_iso2,
    located.city,
    located.erasmus_code,
    places.latitude,
    places.longitude,
    located.website,
    located.registry_name,
    located.count_spellings,
from located
left join main.geocoded_places as places
    on places.city = located.city
    and places.country_iso2 = located.country_iso2
