-- Double-degree students leaving and arriving per academic year, every partner together: the
-- rows of double_degree_pipeline added up per year.
-- Grain: one row per academic_year with double-degree mobilities.
-- Params: $schools, $regions (lists, empty = all), $year_from, $year_to, $direction. The
-- activity filter does not apply: the pipeline is double degrees only.
select
    academic_year,
    sum(count_leaving)::bigint as count_leaving,
    sum(count_arriving)::bigint as count_arriving,
from double_degree_counts(
    $schools::varchar[], $year_from, $year_to, $direction, $regions::varchar[]
)
group by academic_year
order by academic_year
