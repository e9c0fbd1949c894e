-- Mobilities counted per school, world region, year, direction and activity: what the KPIs,
-- the trend and the activity and region charts add up (a few thousand rows at 10 million
-- mobilities, against about 100,000 per country).
-- Grain: one row per (school_id, region_code, academic_year, direction, activity, is_synthetic).
select
    school_id,
    region_code,
    academic_year,
    direction,
    activity,
    is_synthetic,
    sum(count_mobilities)::bigint as count_mobilities,
    sum(sum_months) as sum_months,
from marts.mobility_counts_by_country
group by all
order by school_id, academic_year
