-- Every agreement under the school and region filters, whatever its status, with its partner's
-- country and region and whether it runs in the academic year shown.
-- Grain: one row per agreement.
-- Params: $schools, $regions (lists, empty = all), $year ('2024-2025').
select
    agreement_id,
    school_id,
    school,
    partner_id,
    partner_name,
    country_iso2,
    country_name,
    country_name_fr,
    coalesce(region_name, 'Other') as region_name,
    coalesce(region_name_fr, 'Autre') as region_name_fr,
    agreement_type,
    signatory_level,
    status,
    is_active_in(first_academic_year, last_academic_year, $year) as is_active_in_year,
    first_academic_year,
    last_academic_year,
    source_file,
    is_synthetic,
from filtered_agreements($schools::varchar[], $regions::varchar[])
order by school, partner_name, agreement_type, signatory_level
