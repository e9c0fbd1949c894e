-- Mobilities per academic year and world region of the partner, under the global filters.
-- A partner whose country belongs to none of the regions counts as "Other" (region_code ''),
-- one whose country is not known as "Unknown country" (region_code 'unknown').
-- Grain: one row per (academic_year, region_code); region names in English and French.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction.
with

counted as (
    select
        academic_year,
        -- a count has no region when its partner has no country (a country always has a
        -- region code, '' when it belongs to none of the regions)
        coalesce(region_code, 'unknown') as region_code,
        coalesce(sum(count_mobilities) filter (where direction = 'outgoing'), 0)::bigint
            as count_outgoing,
        coalesce(sum(count_mobilities) filter (where direction = 'incoming'), 0)::bigint
            as count_incoming,
        sum(count_mobilities)::bigint as count_mobilities,
    from filtered_region_mobility_counts(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[]
    )
    group by academic_year, coalesce(region_code, 'unknown')
),

region_names as (
    select distinct region_code, region_name, region_name_fr from countries
)

select
    counted.academic_year,
    counted.region_code,
    case
        when counted.region_code = 'unknown' then 'Unknown country'
        else coalesce(region_names.region_name, 'Other')
    end as region_name,
    case
        when counted.region_code = 'unknown' then 'Pays inconnu'
        else coalesce(region_names.region_name_fr, 'Autre')
    end as region_name_fr,
    counted.count_outgoing,
    counted.count_incoming,
    counted.count_mobilities,
from counted
left join region_names using (region_code)
order by counted.academic_year, counted.region_code
