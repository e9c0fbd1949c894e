-- Agreements with their partner's country and world region, already joined: what the world
-- map counts per partner and per country (joining the agreements, partners and countries views
-- for each request cost more than the counting). The same agreements as the public agreements
-- view: those of a known school with a known partner.
-- Grain: one row per agreement_id.
select
    agreements.agreement_id,
    agreements.school_id,
    agreements.partner_id,
    partners.country_iso2,
    countries.region_code,
    agreements.first_academic_year,
    agreements.last_academic_year,
    agreements.listed_academic_year,
from marts.agreements as agreements
join staging.stg_schools as schools on schools.school_id = agreements.school_id
join marts.partners as partners on partners.partner_id = agreements.partner_id
left join countries on countries.country_iso2 = partners.country_iso2
order by agreements.school_id, agreements.partner_id
