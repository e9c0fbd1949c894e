-- Mobilities as imported, trimmed. Grain: one row per raw mobility row.
select
    -- ids
    import_id,
    line_number,
    item_number,
    school_id,
    participant_id,
    -- partner as written
    trim(regexp_replace(partner_name, '\s+', ' ', 'g')) as partner_name,
    partner_country_iso2,
    nullif(trim(partner_erasmus_code), '') as partner_erasmus_code,
    -- mobility
    direction,
    academic_year,
    start_date,
    end_date,
    duration_months,
    activity,
    level,
    field,
    funding,
    is_synthetic,
    -- Erasmus+ inputs, null when the file did not say
    is_blended,
    is_green_travel,
    has_fewer_opportunities,
    erasmus_activity,
    erasmus_action,
from raw.mobilities
