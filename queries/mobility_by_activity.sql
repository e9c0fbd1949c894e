-- Mobilities per academic year and activity under the global filters, both directions counted.
-- Grain: one row per (academic_year, activity).
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction.
select
    academic_year,
    activity,
    coalesce(sum(count_mobilities) filter (where direction = 'outgoing'), 0)::bigint
        as count_outgoing,
    coalesce(sum(count_mobilities) filter (where direction = 'incoming'), 0)::bigint
        as count_incoming,
    sum(count_mobilities)::bigint as count_mobilities,
    coalesce(sum(count_mobilities) filter (where is_synthetic), 0)::bigint as count_synthetic,
from filtered_region_mobility_counts(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[]
)
group by academic_year, activity
order by academic_year, activity
