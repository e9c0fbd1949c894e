-- One partner: its names, place and registry link. No row when the id is unknown.
-- Grain: one row per partner_id (zero or one row).
-- Params: $partner_id.
select
    partners.partner_id,
    partners.name,
    partners.city,
    partners.country_iso2,
    partners.country_iso3,
    partners.country_name,
    partners.country_name_fr,
    partners.region_name,
    countries.region_name_fr,
    partners.erasmus_code,
    partners.website,
    partners.registry_name,
    partners.latitude,
    partners.longitude,
from partners
left join countries using (country_iso2)
where partners.partner_id = $partner_id
