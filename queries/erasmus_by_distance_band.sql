-- Mobilities per distance band of the EU's calculator, green or standard travel, over the
-- mobilities the selected schools report for one call year (as erasmus_kpis, from the same
-- pre-counted rows), with their estimated travel grant.
-- Grain: one row per (distance_band_number, is_distance_known, is_green_travel); the band is
-- null under 10 km (is_distance_known) or when an end has no located city (not known).
-- Params: $schools (list, empty = all), $call_year (integer).
with

reported as (
    select * from marts.erasmus_reported_counts
    where call_year = $call_year
      and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
)

select
    distance_band_number,
    distance_band,
    is_distance_known,
    is_green_travel,
    sum(count_mobilities)::bigint as count_mobilities,
    round(sum(travel_grant_eur), 2) as travel_grant_eur,
from reported
group by all
order by distance_band_number nulls last, is_distance_known desc, is_green_travel
