-- PUBLIC VIEW. Every spelling of a partner's name found in imported files, and the partner it
-- was read as. Grain: one row per (country, spelling).
-- Columns:
--   partner_id: the partner it was read as
--   spelling: the name as written in a file
--   country_iso2: its country
--   matched_by: how the spelling was read as the partner: `as written`, `declared alias` or
--     `name followed by its acronym`
--   erasmus_code: the Erasmus code the file gave, else the registry's
--   registry_match: how it was linked to the charter registry: `erasmus code` (the file gave
--     it) or the linker's method; empty when not linked
--   count_rows: rows of imported files using that spelling
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
