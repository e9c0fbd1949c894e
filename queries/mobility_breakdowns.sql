-- The flows page's three year charts in one query: mobilities per academic year by direction
-- (the trend), by activity and by world region of the partner, under the global filters. The
-- same figures as mobility_trend, mobility_by_activity and mobility_by_region, one query
-- instead of three (each costs 3-5 ms to plan and run however few rows it reads).
-- Grain: one row per (breakdown, academic_year, direction | activity | region_code); breakdown
-- is 'direction', 'activity' or 'region', and the columns of the other breakdowns are null.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction.
with

regions as (
    select distinct region_code, region_name, region_name_fr from countries
),

final as (
    select
        breakdowns.breakdown,
        breakdowns.academic_year,
        breakdowns.direction,
        breakdowns.activity,
        breakdowns.region_code,
        -- a partner whose country has no region (or no country) still counts, as "Other"
        if(breakdowns.breakdown = 'region', coalesce(regions.region_name, 'Other'), null)
            as region_name,
        if(breakdowns.breakdown = 'region', coalesce(regions.region_name_fr, 'Autre'), null)
            as region_name_fr,
        breakdowns.count_outgoing,
        breakdowns.count_incoming,
        breakdowns.count_mobilities,
        breakdowns.count_synthetic,
    from mobility_breakdowns(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[]
    ) as breakdowns
    left join regions using (region_code)
)

select * from final
order by breakdown, academic_year, direction, activity, region_code
