-- PUBLIC VIEW. Mobilities of students and staff. Grain: one row per mobility.
-- academic_year starts on 1 August (see the macro academic_year_of). participant_id is a pseudonym, never a name.
-- Columns:
--   mobility_id: stable id (`m-…`)
--   school: home school's name
--   partner_id: the partner
--   direction: `outgoing` (from the home school) or `incoming`
--   academic_year: `2023-2024`; for mobility an academic year starts on 1 August (a stay starting in August 2023 belongs to 2023-2024, one starting in July 2024 too)
--   start_date, end_date: dates, when known
--   duration_months: length in months
--   activity: `study`, `traineeship`, `double_degree`, `staff_teaching`, `staff_training` or `other`
--   level: `bachelor`, `master`, `doctorate`, when known
--   field: ISCED-F field of education, when known
--   funding: funding scheme, when known (`erasmus`, `region`, …)
--   is_synthetic: true for generated demo rows
--   source_file: file the row came from
--   school_id: home school's id
--   participant_id: pseudonym of the participant; names and e-mails are never stored
--   is_blended, is_green_travel, has_fewer_opportunities: Erasmus+ inputs, when the file said (null otherwise)
--   erasmus_activity, erasmus_action: the file's Erasmus+ activity (`HE-SMS` … `BIP`, `short-term doctoral`) and action (`KA131`, `KA171`), when given
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    mobilities.mobility_id,
    schools.school,
    mobilities.partner_id,
    mobilities.direction,
    mobilities.academic_year,
    mobilities.start_date,
    mobilities.end_date,
    mobilities.duration_months,
    mobilities.activity,
    mobilities.level,
    mobilities.field,
    mobilities.funding,
    mobilities.is_synthetic,
    mobilities.source_file,
    -- added columns
    mobilities.school_id,
    mobilities.participant_id,
    mobilities.is_blended,
    mobilities.is_green_travel,
    mobilities.has_fewer_opportunities,
    mobilities.erasmus_activity,
    mobilities.erasmus_action,
from marts.mobilities as mobilities
join staging.stg_schools as schools using (school_id)
