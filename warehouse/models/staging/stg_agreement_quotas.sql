-- Quotas of agreements (cooperation conditions, places offered), as imported; the cooperation
-- conditions of an EWP agreement (IIA) imported again count in its latest version only.
-- Grain: one row per raw quota row, less the conditions of IIA rows a later import replaced.
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
anti join (
    select import_id, line_number as agreement_line_number
    from staging.stg_iia_versions
    where replaced_by_import_id is not null
) as replaced using (import_id, agreement_line_number)
