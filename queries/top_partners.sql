-- The partners sending or receiving the most mobilities, each way, under the global filters.
-- Grain: one row per (direction, partner_id), the $limit first partners of each direction.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction,
-- $limit.
select
    ranking as direction,
    rank,
    partner_id,
    partner_name,
    country_iso2,
    country_name,
    country_name_fr,
    count_mobilities,
from partner_rankings(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[], $limit, 0
)
order by direction desc, rank
