-- Agreements as listed by imported files, trimmed; an EWP agreement (IIA) imported again counts
-- in its latest version only (stg_iia_versions).
-- Grain: one row per raw agreement row, less the IIA rows a later import replaced.
select
    -- ids
    import_id,
    line_number,
    school_id,
    -- partner as written
    trim(regexp_replace(partner_name, '\s+', ' ', 'g')) as partner_name,
    partner_country_iso2,
    nullif(trim(partner_city), '') as partner_city,
    nullif(trim(partner_erasmus_code), '') as partner_erasmus_code,
    nullif(trim(partner_url), '') as partner_url,
    -- agreement
    programme_raw,
    agreement_type,
    signatory_level,
    first_academic_year,
    last_academic_year,
    is_synthetic,
from raw.agreements
anti join (
    select import_id, line_number
    from staging.stg_iia_versions
    where replaced_by_import_id is not null
) as replaced using (import_id, line_number)
