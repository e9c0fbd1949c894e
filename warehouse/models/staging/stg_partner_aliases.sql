-- Declared partner aliases with their name keys. Grain: one row per alias.
select
    name_key(alias) as alias_key,
    canonical_name,
    name_key(canonical_name) as canonical_key,
    country_iso2,
    source,
from main.partner_aliases
