-- EC Erasmus+ KA1 mobility data (2014 onwards), every sector, read: activities and levels as
-- this warehouse names them (macros ka1_activity, ka1_level), and each end's country.
-- Grain: one row per file row; a row counts `participants` mobilities.
select
    import_id,
    line_number,
    project_reference,
    key_action,
    academic_year,
    start_month,
    end_month,
    duration_days,
    activity_as_written,
    -- 'study', 'traineeship', 'staff_teaching', 'staff_training'; null outside higher education
    -- and for an activity of higher education this version does not read
    ka1_activity(activity_as_written) as activity,
    ka1_erasmus_activity(activity_as_written) as erasmus_activity,
    ka1_is_higher_education(activity_as_written, key_action) as is_higher_education,
    ka1_level(education_level) as level,
    field_of_education as field,
    participant_profile,
    -- learners are students, pupils, trainees, young people; staff teach or train
    coalesce(
        lower(participant_profile) = 'learner',
        ka1_activity(activity_as_written) in ('study', 'traineeship')
    ) as is_learner,
    has_fewer_opportunities,
    -- an end's country: its Erasmus code's prefix, else the row's country code
    sending_code,
    coalesce(sending_code_country_iso2, sending_country_iso2) as sending_country_iso2,
    sending_name,
    sending_city,
    receiving_code,
    coalesce(receiving_code_country_iso2, receiving_country_iso2) as receiving_country_iso2,
    receiving_name,
    receiving_city,
    participants,
from raw.ec_ka1_mobilities
