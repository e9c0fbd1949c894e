-- Outgoing and incoming mobilities per academic year under the global filters.
-- Grain: one row per (academic_year, direction).
-- Params: $schools, $activities, $regions (lists), $year_from, $year_to, $direction.
select
    academic_year,
    direction,
    count(*) as count_mobilities,
    count(*) filter (where is_synthetic) as count_synthetic,
from filtered_mobilities(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[]
)
group by all
order by academic_year, direction
