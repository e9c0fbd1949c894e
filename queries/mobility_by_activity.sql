-- Mobilities per academic year and activity under the global filters, both directions counted.
-- Grain: one row per (academic_year, activity).
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction.
select
    academic_year,
    activity,
    count_outgoing,
    count_incoming,
    count_mobilities,
    count_synthetic,
from mobility_breakdowns(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[]
)
where breakdown = 'activity'
order by academic_year, activity
