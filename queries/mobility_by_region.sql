-- Mobilities per academic year and world region of the partner, under the global filters.
-- Grain: one row per (academic_year, region_code); region names in English and French.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction.
select
    academic_year,
    region_code,
    region_name,
    region_name_fr,
    count_outgoing,
    count_incoming,
    count_mobilities,
from mobility_breakdowns(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[]
)
where breakdown = 'region'
order by academic_year, region_code
