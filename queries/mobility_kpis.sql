-- Mobility figures of an academic year and the year before.
-- Grain: one row per academic_year ($year and the year before).
-- Params: $schools, $activities, $regions (lists, empty = all), $direction, $year.
with

years as (
    select unnest([previous_academic_year($year), $year]) as academic_year
),

counted as (
    select
        academic_year,
        sum(count_mobilities) filter (where direction = 'outgoing') as count_outgoing,
        sum(count_mobilities) filter (where direction = 'incoming') as count_incoming,
        sum(count_mobilities) filter (where activity = 'double_degree') as count_double_degree,
        coalesce(sum(sum_months), 0) as sum_months,
        sum(count_mobilities) filter (where is_synthetic) as count_synthetic,
        sum(count_mobilities) as count_mobilities,
    from filtered_region_mobility_counts(
        $schools::varchar[], previous_academic_year($year), $year, $direction,
        $activities::varchar[], $regions::varchar[]
    )
    group by all
)

select
    years.academic_year,
    coalesce(counted.count_outgoing, 0)::bigint as count_outgoing,
    coalesce(counted.count_incoming, 0)::bigint as count_incoming,
    (coalesce(counted.count_incoming, 0) - coalesce(counted.count_outgoing, 0))::bigint as balance,
    coalesce(counted.count_double_degree, 0)::bigint as count_double_degree,
    round(coalesce(counted.sum_months, 0), 1) as sum_months,
    coalesce(counted.count_synthetic, 0)::bigint as count_synthetic,
    coalesce(counted.count_mobilities, 0)::bigint as count_mobilities,
from years
left join counted using (academic_year)
order by academic_year
