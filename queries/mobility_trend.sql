-- Outgoing and incoming mobilities per academic year under the global filters.
-- Grain: one row per (academic_year, direction).
-- Params: $schools, $activities, $regions (lists), $year_from, $year_to, $direction.
select
    academic_year,
    direction,
    sum(count_mobilities)::bigint as count_mobilities,
    coalesce(sum(count_mobilities) filter (where is_synthetic), 0)::bigint as count_synthetic,
from filtered_region_mobility_counts(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[]
)
group by all
order by academic_year, direction
