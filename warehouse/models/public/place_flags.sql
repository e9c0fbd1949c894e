-- PUBLIC VIEW. Partners and home schools whose coordinates lie outside their country on the
-- world map (assets/topojson/world_50m.json): in another country's shape more than 50 km from
-- the shapes of the country their file gives or of their Erasmus code's country (a city found
-- in the wrong country: Valencia, VE for a partner coded E VALENCI02), or at sea more than
-- 700 km from them. The tolerances absorb coarse borders and coasts (Ceuta lies at sea 23 km
-- off Spain's shapes) and the small islands the map leaves out (Syros 69 km, San Andrés 641 km
-- off Colombia): measured on the EU charter list and on every gazetteer city of 15,000
-- inhabitants or more (docs/importing.md "Places on the map"). Places the map has no shape for (San
-- Marino, the Vatican) are not checked, hence not listed.
-- Grain: one row per flagged (kind, place_id).
-- Columns:
--   kind, place_id: `partner` (a `partner_id`) or `home school` (a `school_id`)
--   name, city, city_source: who, and where its city comes from (`file`, `registry`, `name`, `school`)
--   country_iso2, erasmus_code, code_country_iso2: the country its file gives; its Erasmus code and the code's country
--   latitude, longitude: the coordinates checked
--   map_country: the country whose shape holds the point (ISO alpha-2), the map's id of a disputed area, or empty at sea
--   km_outside_country, km_outside_code_country: distance to the shapes of each country (0 inside)
--   disagreement, reason: `country`, `Erasmus code` or both, and a sentence saying it
-- Columns are stable: later versions may add columns, never rename or remove them.
with

measured as (
    select
        places.*,
        own.map_id,
        own.distance_km as km_outside_country,
        code.distance_km as km_outside_code_country,
    from marts.located_places as places
    left join main.place_checks as own
        on own.latitude = places.latitude
        and own.longitude = places.longitude
        and own.country_iso2 = places.country_iso2
    left join main.place_checks as code
        on code.latitude = places.latitude
        and code.longitude = places.longitude
        and code.country_iso2 = places.code_country_iso2
),

flagged as (
    select
        *,
        coalesce(km_outside_country > tolerance_km, false) as is_outside_country,
        coalesce(km_outside_code_country > tolerance_km, false) as is_outside_code_country,
    from (
        select *, case when map_id is null then 700 else 50 end as tolerance_km from measured
    )
)

select
    flagged.kind,
    flagged.place_id,
    flagged.name,
    flagged.city,
    flagged.city_source,
    flagged.country_iso2,
    flagged.erasmus_code,
    flagged.code_country_iso2,
    flagged.latitude,
    flagged.longitude,
    -- where the point lies on the map: a country, an area the map gives to no country, or sea
    coalesce(at_point.country_iso2, flagged.map_id) as map_country,
    round(flagged.km_outside_country, 1) as km_outside_country,
    round(flagged.km_outside_code_country, 1) as km_outside_code_country,
    case
        when is_outside_country and is_outside_code_country then 'country and Erasmus code'
        when is_outside_country then 'country'
        else 'Erasmus code'
    end as disagreement,
    coalesce(flagged.city, '?') || ' lies '
    || coalesce(
        'in ' || coalesce(at_point.country_name, flagged.map_id) || ' on the map',
        'at sea on the map'
    )
    || ', '
    || case
        when is_outside_country and is_outside_code_country
            and flagged.country_iso2 = flagged.code_country_iso2
            then format('{:,} km from {}, its country and that of its Erasmus code {}',
                        round(flagged.km_outside_country)::bigint, own_country.country_name,
                        flagged.erasmus_code)
        else concat_ws(
            ', and ',
            case when is_outside_country then
                format('{:,} km from {}, its country', round(flagged.km_outside_country)::bigint,
                       own_country.country_name)
            end,
            case when is_outside_code_country then
                format('{:,} km from {}, the country of its Erasmus code {}',
                       round(flagged.km_outside_code_country)::bigint,
                       code_country.country_name, flagged.erasmus_code)
            end
        )
    end as reason,
from flagged
left join main.countries as at_point on at_point.country_iso3 = flagged.map_id
left join main.countries as own_country on own_country.country_iso2 = flagged.country_iso2
left join main.countries as code_country on code_country.country_iso2 = flagged.code_country_iso2
where is_outside_country or is_outside_code_country
