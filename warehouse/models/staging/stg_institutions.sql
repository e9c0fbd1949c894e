-- Institutions of the charter lists as imported. Grain: one row per raw registry row.
select
    import_id,
    line_number,
    erasmus_code,
    pic,
    oid,
    legal_name,
    street,
    postcode,
    city,
    country_iso2,
    website,
    charter_start,
    charter_end,
from raw.institutions
