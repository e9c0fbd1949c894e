-- Headline figures of the Erasmus+ page: the mobilities the selected schools report for one
-- call year (is_reported: their outgoing mobility and KA171 both ways, funded by Erasmus+ or of
-- unknown funding), the rows of `mobility report erasmus`. Added up from the pre-counted
-- marts.erasmus_reported_counts (the same figures as over the view erasmus_mobilities).
-- Grain: one row (zeros when nothing is reported).
-- Params: $schools (list, empty = all), $call_year (integer).
with

reported as (
    select * from marts.erasmus_reported_counts
    where call_year = $call_year
      and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
)

select
    -- counts
    coalesce(sum(count_mobilities), 0)::bigint as count_mobilities,
    coalesce(sum(count_mobilities) filter (where action = 'KA131'), 0)::bigint as count_ka131,
    coalesce(sum(count_mobilities) filter (where action = 'KA171'), 0)::bigint as count_ka171,
    coalesce(sum(count_mobilities) filter (where is_long_term), 0)::bigint as count_long_term,
    coalesce(sum(count_mobilities) filter (where not is_long_term), 0)::bigint
        as count_short_term,
    -- neither long- nor short-term: no activity type, or no usable dates
    coalesce(sum(count_mobilities) filter (where is_long_term is null), 0)::bigint
        as count_unknown_term,
    coalesce(sum(count_mobilities) filter (where is_green_travel), 0)::bigint
        as count_green_travel,
    coalesce(sum(count_mobilities) filter (where has_fewer_opportunities), 0)::bigint
        as count_fewer_opportunities,
    coalesce(sum(count_mobilities) filter (where has_failed_checks), 0)::bigint as count_failing,
    coalesce(sum(count_failed_checks), 0)::bigint as count_failed_checks,
    -- months
    round(coalesce(sum(sum_months), 0), 1)::double as sum_months,
    round(coalesce(sum(sum_months) filter (where is_long_term), 0), 1)::double
        as sum_long_term_months,
    -- grant estimate (null when no mobility has one: no rules for the call year)
    round(sum(total_grant_eur), 2) as total_grant_eur,
    coalesce(sum(count_mobilities) - sum(count_estimated), 0)::bigint as count_not_estimated,
    -- the rules applied: the call year's own, else the nearest call year that has rules
    min(rules_call_year) as rules_call_year,
from reported
