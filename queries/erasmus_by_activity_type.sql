-- Mobilities and physical months per Erasmus+ activity type and action, over the mobilities the
-- selected schools report for one call year (as erasmus_kpis, from the same pre-counted rows).
-- Grain: one row per (activity_type, action); activity_type null for mobilities without one.
-- Params: $schools (list, empty = all), $call_year (integer).
with

reported as (
    select * from marts.erasmus_reported_counts
    where call_year = $call_year
      and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
)

select
    activity_type,
    action,
    sum(count_mobilities)::bigint as count_mobilities,
    coalesce(sum(count_mobilities) filter (where is_long_term), 0)::bigint as count_long_term,
    coalesce(sum(count_mobilities) filter (where not is_long_term), 0)::bigint
        as count_short_term,
    round(coalesce(sum(sum_months), 0), 2)::double as sum_months,
from reported
group by all
order by activity_type nulls last, action
