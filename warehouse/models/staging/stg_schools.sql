-- Home schools. Grain: one row per school.
select
    school_id,
    name as school,
    short_name,
    erasmus_code,
    city,
    country_iso2,
    latitude,
    longitude,
    group_name,
    is_synthetic,
from main.schools
