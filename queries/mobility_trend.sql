-- Outgoing and incoming mobilities per academic year under the global filters: the overview's
-- and the flows page's trend.
-- Grain: one row per (academic_year, direction).
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction.
select
    academic_year,
    direction,
    sum(count_mobilities)::bigint as count_mobilities,
    coalesce(sum(count_mobilities) filter (where is_synthetic), 0)::bigint as count_synthetic,
from filtered_region_mobility_counts(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[]
)
group by academic_year, direction
order by academic_year, direction
