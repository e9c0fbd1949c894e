-- Agreements with no flow for three academic years: active in $year and in the two years
-- before, with no mobility of their school with their partner in any of them (agreement_use).
-- Grain: one row per agreement.
-- Params: $schools, $regions (lists, empty = all), $year.
select
    agreement_id,
    school_id,
    school,
    partner_id,
    partner_name,
    country_iso2,
    country_name,
    country_name_fr,
    agreement_type,
    signatory_level,
    first_academic_year,
    last_academic_year,
    last_flow_year,
    is_synthetic,
from agreement_use($schools::varchar[], $regions::varchar[], $year)
where use_state = 'no_flow_3_years'
order by school, last_flow_year nulls first, partner_name, agreement_type
