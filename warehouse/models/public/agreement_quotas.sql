-- PUBLIC VIEW. What agreements allow each year, per direction and mobility type: the
-- cooperation conditions of EWP agreements and the places columns of partner spreadsheets.
-- Grain: one row per cooperation condition (agreement, direction, mobility type, programme).
-- Columns:
--   agreement_id: the agreement (see `agreements`)
--   school, partner_id: who
--   direction: `outgoing` or `incoming`, seen from the school
--   mobility_type: `student_studies`, `student_traineeship`, `staff_teaching`, `staff_training`
--   mobilities_per_year: places a year
--   months_per_year, days_per_year: total months (students) or days (staff) a year
--   subject_areas, eqf_levels, language_requirements: ISCED-F codes, EQF levels, `en B1; fr B2`
--   first_academic_year, last_academic_year: validity
--   source_file, school_id, is_synthetic: lineage
--   quota_id: stable id of the condition (`q-…`) while its file is unchanged
--   programme: the places column it came from (`Bachelor`, `ERASMUS+`…) when a list has one per
--     programme; empty otherwise
--   listed_academic_year: the year the list was valid (the year the file says, else the year it was imported)
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
