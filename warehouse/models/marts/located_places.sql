-- Partners and home schools that have coordinates, with the countries they are said to be in:
-- the country their file gives and, when they have an Erasmus code, the code's country
-- ('E VALENCI02' -> ES). warehouse/places.py measures each against the world map's shapes
-- (main.place_checks); the public view place_flags lists those lying outside.
-- Grain: one row per (kind, place_id).
with

places as (
    select
        'partner' as kind,
        partner_id as place_id,
        name,
        city,
        city_source,
        country_iso2,
        erasmus_code,
        latitude,
        longitude,
    from marts.partners
    where latitude is not null and longitude is not null
    union all
    select
        'home school',
        school_id,
        name,
        city,
        'school',
        country_iso2,
        erasmus_code,
        latitude,
        longitude,
    from main.schools
    where latitude is not null and longitude is not null
)

select
    places.*,
    -- the code's country as every importer reads it (geography.erasmus_code_country)
    codes.country_iso2 as code_country_iso2,
from places
left join main.erasmus_code_countries as codes using (erasmus_code)
