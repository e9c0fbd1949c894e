-- Mobilities per academic year and world region of the partner, under the global filters.
-- Grain: one row per (academic_year, region_code); region names in English and French.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction.
with

regions as (
    select distinct region_code, region_name, region_name_fr from countries
),

counted as (
    select academic_year, region_code, count_outgoing, count_incoming, count_mobilities,
    from mobility_breakdowns(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[]
    )
    where breakdown = 'region'
),

final as (
    select
        counted.academic_year,
        counted.region_code,
        -- a partner whose country has no region (or no country) still counts, as "Other"
        coalesce(regions.region_name, 'Other') as region_name,
        coalesce(regions.region_name_fr, 'Autre') as region_name_fr,
        counted.count_outgoing,
        counted.count_incoming,
        counted.count_mobilities,
    from counted
    left join regions using (region_code)
)

select * from final
order by academic_year, region_code
