-- Outgoing and incoming mobilities per academic year under the global filters.
-- Grain: one row per (academic_year, direction).
-- Params: $schools, $activities, $regions (lists), $year_from, $year_to, $direction.
select
    academic_year,
    direction,
    count_mobilities,
    count_synthetic,
from mobility_breakdowns(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[]
)
where breakdown = 'direction'
order by academic_year, direction
