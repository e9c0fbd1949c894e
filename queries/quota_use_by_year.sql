-- Places offered by quotas and places used, per academic year and direction: the quotas that
-- count places (quota_mobilities known) of quota_vs_realised, added up.
-- Grain: one row per (academic_year, direction), outgoing first.
-- Params: $schools, $regions (lists, empty = all), $direction, $year_from, $year_to. The
-- activity filter does not apply: the quota's type decides which activities count.
select
    academic_year,
    direction,
    -- a whole number of places, the decimals of the sum cut off
    trunc(sum(quota_mobilities))::bigint as quota_mobilities,
    coalesce(sum(realised_mobilities), 0)::bigint as realised_mobilities,
    coalesce(sum(quota_months), 0)::double as quota_months,
    coalesce(sum(realised_months), 0)::double as realised_months,
from quota_use($schools::varchar[], $regions::varchar[], $direction, $year_from, $year_to)
where quota_mobilities is not null
group by academic_year, direction
order by academic_year, direction desc
