-- Mobilities per academic year and activity under the global filters, both directions counted.
-- Grain: one row per (academic_year, activity).
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction.
select
    academic_year,
    activity,
    count(*) filter (where direction = 'outgoing') as count_outgoing,
    count(*) filter (where direction = 'incoming') as count_incoming,
    count(*) as count_mobilities,
    count(*) filter (where is_synthetic) as count_synthetic,
from filtered_mobilities(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[]
)
group by all
order by academic_year, activity
