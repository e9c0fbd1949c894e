-- PUBLIC VIEW. What agreements allow each year, per direction and mobility type: the
-- cooperation conditions of EWP agreements and the places columns of partner spreadsheets.
-- Grain: one row per cooperation condition (agreement, direction, mobility type, programme).
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    quotas.agreement_id,
    schools.school,
    quotas.partner_id,
    quotas.direction,
    quotas.mobility_type,
    quotas.mobilities_per_year,
    quotas.months_per_year,
    quotas.days_per_year,
    quotas.subject_areas,
    quotas.eqf_levels,
    quotas.language_requirements,
    quotas.first_academic_year,
    quotas.last_academic_year,
    quotas.source_file,
    quotas.school_id,
    quotas.is_synthetic,
    -- added columns
    quotas.quota_id,
    -- the places column a quota comes from ('Máster'), in lists with places per programme
    quotas.programme,
    -- without a first year, a quota runs from the year its list was valid, never before
    quotas.listed_academic_year,
from marts.agreement_quotas as quotas
join staging.stg_schools as schools using (school_id)
