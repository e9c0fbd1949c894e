-- Mobilities counted per school, country, year, direction and activity: what the dashboard's
-- KPIs, trends and country charts add up (a few hundred thousand rows at 10 million mobilities).
-- Grain: one row per (school_id, country_iso2, academic_year, direction, activity, is_synthetic).
select
    school_id,
    country_iso2,
    any_value(region_code) as region_code,
    academic_year,
    direction,
    activity,
    is_synthetic,
    sum(count_mobilities)::bigint as count_mobilities,
    sum(sum_months) as sum_months,
from marts.mobility_counts
group by school_id, country_iso2, academic_year, direction, activity, is_synthetic
order by school_id, academic_year
