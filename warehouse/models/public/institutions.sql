-- PUBLIC VIEW. Institutions of the EU charter lists (ECHE 2021-2027; older lists fill in codes
-- it lacks). Grain: one row per Erasmus code.
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
