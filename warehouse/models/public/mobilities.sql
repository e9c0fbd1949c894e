-- PUBLIC VIEW. Mobilities of students and staff. Grain: one row per mobility.
-- academic_year starts on 1 August (see the macro academic_year_of). participant_id is a pseudonym, never a name.
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
