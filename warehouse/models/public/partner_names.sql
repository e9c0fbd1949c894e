-- PUBLIC VIEW. Every spelling of a partner's name found in imported files, and the partner it
-- was read as. Grain: one row per (country, spelling).
select
    partner_id,
    name as spelling,
    country_iso2,
    case
        when alias_name is not null then 'declared alias'
        when is_acronym_variant then 'name followed by its acronym'
        else 'as written'
    end as matched_by,
    erasmus_code,
    registry_match,
    count_rows,
from marts.partner_spellings
