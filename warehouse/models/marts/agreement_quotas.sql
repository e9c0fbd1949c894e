-- Quotas of agreements: what a cooperation condition or a places column allows each year.
-- Grain: one row per (agreement, direction, mobility type, programme, quota row imported).
select
    'a-' || left(
        md5(concat_ws('|', quotas.school_id, spellings.partner_id, quotas.agreement_type,
                      quotas.signatory_level)), 10
    ) as agreement_id,
    quotas.school_id,
    spellings.partner_id,
    quotas.direction,
    quotas.mobility_type,
    quotas.programme,
    quotas.mobilities_per_year,
    quotas.months_per_year,
    quotas.days_per_year,
    quotas.subject_areas,
    quotas.eqf_levels,
    quotas.language_requirements,
    quotas.first_academic_year,
    quotas.last_academic_year,
    imports.listed_academic_year,
    quotas.is_synthetic,
    imports.file_name as source_file,
    quotas.line_number,
    -- one cooperation condition, stable while its file is unchanged (concat_ws skips a null
    -- programme, so the ids of quotas without one are those of earlier versions)
    'q-' || left(
        md5(concat_ws('|', imports.file_sha256, quotas.line_number, quotas.direction,
                      quotas.mobility_type, quotas.programme)), 10
    ) as quota_id,
from staging.stg_agreement_quotas as quotas
join marts.partner_spellings as spellings
    on spellings.country_iso2 = quotas.partner_country_iso2
    and spellings.spelling_key = name_key(quotas.partner_name)
join staging.stg_imports as imports using (import_id)
