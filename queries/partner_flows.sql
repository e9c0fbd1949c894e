-- A partner's mobilities per academic year, both directions, under the school, year and
-- activity filters (direction and region filters do not apply to one partner). Years without
-- a mobility with this partner count 0, so that the lines show the gaps.
-- Grain: one row per (academic_year, direction), for every year of the range that the
-- warehouse has mobilities in.
-- Params: $partner_id, $schools, $activities (lists, empty = all), $year_from, $year_to.
with

years as (
    select distinct academic_year
    from marts.mobility_counts_by_region
    where academic_year between $year_from and $year_to
),

directions as (
    select unnest(['outgoing', 'incoming']) as direction
),

counted as (
    select
        academic_year,
        direction,
        sum(count_mobilities)::bigint as count_mobilities,
        round(coalesce(sum(sum_months), 0), 1) as sum_months,
        coalesce(sum(count_mobilities) filter (where is_synthetic), 0)::bigint as count_synthetic,
    from marts.partner_mobility_counts as counts
    where counts.partner_id = $partner_id
      and passes_filters(
        counts.school_id, counts.academic_year, counts.direction, counts.activity,
        counts.region_code, $schools::varchar[], $year_from, $year_to, 'all',
        $activities::varchar[], []::varchar[]
      )
    group by all
),

final as (
    select
        years.academic_year,
        directions.direction,
        coalesce(counted.count_mobilities, 0) as count_mobilities,
        coalesce(counted.sum_months, 0) as sum_months,
        coalesce(counted.count_synthetic, 0) as count_synthetic,
    from years
    cross join directions
    left join counted using (academic_year, direction)
)

select * from final
order by academic_year, direction desc
