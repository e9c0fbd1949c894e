-- PUBLIC VIEW. Partner institutions. Grain: one row per partner_id.
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    partners.partner_id,
    partners.name,
    partners.country_iso2,
    countries.country_iso3,
    -- a partner whose country no file or code gives is shown as such, never dropped
    coalesce(countries.country_name, 'Unknown country') as country_name,
    partners.city,
    partners.erasmus_code,
    partners.latitude,
    partners.longitude,
    -- added columns
    coalesce(countries.country_name_fr, 'Pays inconnu') as country_name_fr,
    countries.region_name,
    partners.website,
    partners.registry_name,
    partners.city_source,
from marts.partners as partners
left join main.countries as countries using (country_iso2)
