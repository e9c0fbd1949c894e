-- Quotas of agreements (cooperation conditions, places offered), as imported.
-- Grain: one row per raw quota row.
select
    import_id,
    line_number,
    school_id,
    trim(regexp_replace(partner_name, '\s+', ' ', 'g')) as partner_name,
    partner_country_iso2,
    agreement_type,
    signatory_level,
    direction,
    mobility_type,
    programme,
    mobilities_per_year,
    months_per_year,
    days_per_year,
    subject_areas,
    eqf_levels,
    language_requirements,
    first_academic_year,
    last_academic_year,
    is_synthetic,
from raw.agreement_quotas
