-- Graduates as imported: pseudonymous students and the year they graduated.
-- Grain: one row per raw graduate row.
select
    -- ids
    import_id,
    line_number,
    school_id,
    participant_id,
    -- graduation: the diploma of 2024 closes the academic year 2023-2024
    graduation_year,
    (graduation_year - 1)::varchar || '-' || graduation_year::varchar as graduation_academic_year,
    ects_abroad,
    is_synthetic,
from raw.graduates
