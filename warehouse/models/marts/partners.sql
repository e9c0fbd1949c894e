-- Partner institutions of the home schools. Grain: one row per partner_id.
with

spellings as (
    select * from marts.partner_spellings
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

-- A city read from the partner's name, for partners no file or registry locates.
name_places as (
    select
        spellings.partner_id,
        mode(places.city) as city,
        arg_max(places.latitude, places.city) as latitude,
        arg_max(places.longitude, places.city) as longitude,
    from spellings
    join main.partner_name_places as places
        on places.country_iso2 = spellings.country_iso2
        and places.spelling_key = spellings.spelling_key
    group by all
),

located as (
    select
        named.*,
        coalesce(details_by_partner.city, institutions.city) as given_city,
        case
            when details_by_partner.city is not null then 'file'
            when institutions.city is not null then 'registry'
        end as given_city_source,
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
    coalesce(located.given_city, name_places.city) as city,
    located.erasmus_code,
    -- a given city that the gazetteer cannot place leaves the partner unplaced: the name is
    -- only read when no city was given at all
    case when located.given_city is null then name_places.latitude else places.latitude end
        as latitude,
    case when located.given_city is null then name_places.longitude else places.longitude end
        as longitude,
    coalesce(
        located.given_city_source, case when name_places.city is not null then 'name' end
    ) as city_source,
    located.website,
    located.registry_name,
    located.count_spellings,
from located
left join main.geocoded_places as places
    on places.city = located.given_city
    and places.country_iso2 = located.country_iso2
left join name_places using (partner_id)
