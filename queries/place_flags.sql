-- Partners and home schools placed outside their country on the world map, farthest off
-- first (the public view place_flags says how they are found).
-- Grain: one row per flagged place (kind, place_id).
-- Params: $schools (list, empty = all): the home schools listed; partners are listed for all.
select
    kind,
    place_id,
    name,
    city,
    city_source,
    country_iso2,
    erasmus_code,
    code_country_iso2,
    map_country,
    km_outside_country,
    km_outside_code_country,
    disagreement,
    reason,
    latitude,
    longitude,
from place_flags
where kind <> 'school' or (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], place_id))
order by
    greatest(coalesce(km_outside_country, 0), coalesce(km_outside_code_country, 0)) desc,
    name
