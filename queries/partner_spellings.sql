-- The spellings of a partner's name found in imported files, most used first.
-- Grain: one row per (spelling, country) read as this partner.
-- Params: $partner_id.
select
    spelling,
    country_iso2,
    matched_by,
    erasmus_code,
    registry_match,
    count_rows::bigint as count_rows,
from partner_names
where partner_id = $partner_id
order by count_rows desc, spelling
