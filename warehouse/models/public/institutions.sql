-- PUBLIC VIEW. Institutions of the EU charter lists (ECHE 2021-2027; older lists fill in codes
-- it lacks). Grain: one row per Erasmus code.
-- Columns:
--   erasmus_code: normalised Erasmus code (`F ALBI05`, `IRLDUBLIN04`)
--   pic, oid: the EC's participant and organisation ids
--   name: legal name
--   city, country_iso2: as the EC lists them
--   website: as the EC lists it
--   charter_start, charter_end: ECHE validity
--   latitude, longitude: the city's coordinates (offline gazetteer), when found
--   street, postcode: address
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    erasmus_code,
    pic,
    oid,
    name,
    city,
    country_iso2,
    website,
    charter_start,
    charter_end,
    latitude,
    longitude,
    -- added columns
    street,
    postcode,
from marts.institutions
