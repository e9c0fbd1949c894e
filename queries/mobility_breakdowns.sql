-- The flows page's three year charts in one query: mobilities per academic year by direction
-- (the trend), by activity and by world region of the partner, under the global filters. The
-- same figures as mobility_trend, mobility_by_activity and mobility_by_region, one query
-- instead of three (each costs 3-5 ms to plan and run however few rows it reads).
-- Grain: one row per (breakdown, academic_year, direction | activity | region_code); breakdown
-- is 'direction', 'activity' or 'region', and the columns of the other breakdowns are null.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction.
select *
from mobility_breakdowns(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[]
)
order by breakdown, academic_year, direction, activity, region_code
