-- Mobilities and physical months per Erasmus+ activity type and action, over the mobilities the
-- selected schools report for one call year (as erasmus_kpis).
-- Grain: one row per (activity_type, action); activity_type null for mobilities without one.
-- Params: $schools (list, empty = all), $call_year (integer).
with

reported as (
    select * from erasmus_mobilities
    where is_reported
      and call_year = $call_year
      and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
)

select
    activity_type,
    action,
    count(*) as count_mobilities,
    count(*) filter (where is_long_term) as count_long_term,
    count(*) filter (where not is_long_term) as count_short_term,
    round(coalesce(sum(physical_months), 0), 2) as sum_months,
from reported
group by all
order by activity_type nulls last, action
