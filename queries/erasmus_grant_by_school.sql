-- The Erasmus+ grant estimate of each selected school for one call year, by component, and the
-- share of its KA131 estimate going to third countries not associated to the Programme against
-- the call's cap (the view erasmus_grant_totals). Components add up the mobilities with a
-- complete estimate, so that they sum to total_grant_eur.
-- Grain: one row per school with reported mobilities in the call year.
-- Params: $schools (list, empty = all), $call_year (integer).
select
    school_id,
    school,
    count_mobilities,
    count_not_estimated,
    travel_grant_eur,
    individual_support_eur,
    top_ups_eur,
    total_grant_eur,
    ka131_grant_eur,
    ka131_third_country_grant_eur,
    ka131_third_country_share,
    ka131_third_country_share_max,
    is_above_third_country_cap,
from erasmus_grant_totals
where call_year = $call_year
  and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
order by school
