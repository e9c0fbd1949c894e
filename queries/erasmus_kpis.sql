-- Headline figures of the Erasmus+ page: the mobilities the selected schools report for one
-- call year (is_reported: their outgoing mobility and KA171 both ways, funded by Erasmus+ or of
-- unknown funding), the rows of `mobility report erasmus`.
-- Grain: one row (zeros when nothing is reported).
-- Params: $schools (list, empty = all), $call_year (integer).
with

reported as (
    select * from erasmus_mobilities
    where is_reported
      and call_year = $call_year
      and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
)

select
    -- counts
    count(*) as count_mobilities,
    count(*) filter (where action = 'KA131') as count_ka131,
    count(*) filter (where action = 'KA171') as count_ka171,
    count(*) filter (where is_long_term) as count_long_term,
    count(*) filter (where not is_long_term) as count_short_term,
    -- neither long- nor short-term: no activity type, or no usable dates
    count(*) filter (where is_long_term is null) as count_unknown_term,
    count(*) filter (where is_green_travel) as count_green_travel,
    count(*) filter (where has_fewer_opportunities) as count_fewer_opportunities,
    count(*) filter (where count_failed_checks > 0) as count_failing,
    coalesce(sum(count_failed_checks), 0)::bigint as count_failed_checks,
    -- months
    round(coalesce(sum(physical_months), 0), 1) as sum_months,
    round(coalesce(sum(physical_months) filter (where is_long_term), 0), 1)
        as sum_long_term_months,
    -- grant estimate (null when no mobility has one: no rules for the call year)
    round(sum(total_grant_eur), 2) as total_grant_eur,
    count(*) - count(total_grant_eur) as count_not_estimated,
    -- the rules applied: the call year's own, else the nearest call year that has rules
    min(rules_call_year) as rules_call_year,
from reported
