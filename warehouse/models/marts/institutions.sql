-- The institution registry (charter lists), located. Grain: one row per erasmus_code.
select
    institutions.erasmus_code,
    institutions.pic,
    institutions.oid,
    institutions.legal_name as name,
    institutions.street,
    institutions.postcode,
    institutions.city,
    institutions.country_iso2,
    institutions.website,
    institutions.charter_start,
    institutions.charter_end,
    places.latitude,
    places.longitude,
from staging.int_institutions as institutions
left join main.geocoded_places as places
    on places.city = institutions.city
    and places.country_iso2 = institutions.country_iso2
