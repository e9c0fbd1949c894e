-- PUBLIC VIEW. Partner institutions. Grain: one row per partner_id.
-- Columns:
--   partner_id: stable id (`p-…`), derived from the country and the partner's canonical name
--   name: display name: a declared canonical name, else the fullest spelling found
--   country_iso2, country_iso3: ISO 3166-1 codes
--   country_name: English country name (CLDR)
--   city: city: given by a file, else by the registry, else read from the name (see `city_source`)
--   erasmus_code: Erasmus institution code, when known (`F ALBI05`)
--   latitude, longitude: coordinates of its city (offline gazetteer), when found
--   country_name_fr: French country name
--   region_name: world region (UN M49 as in CLDR: Europe, Northern America, Latin America, Africa, Western Asia, Asia, Oceania)
--   website: a link a file gave for the partner, else the registry's
--   registry_name: legal name in the charter list, when linked
--   city_source: where `city` comes from: `file`, `registry`, or `name` (read from the partner's name, e.g. *University of Trento* → Trento, when nothing else gives a city: an inference)
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
