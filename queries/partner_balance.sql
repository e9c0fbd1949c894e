-- Incoming minus outgoing mobilities per partner, the partners most out of balance first.
-- Grain: one row per partner_id, the $limit partners with the largest absolute balance.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction,
-- $limit. ratio_in_out is incoming / outgoing (empty when nobody went out).
select
    partner_id,
    partner_name,
    country_iso2,
    country_name,
    country_name_fr,
    count_outgoing,
    count_incoming,
    balance,
    ratio_in_out,
from partner_rankings(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[], 0, $limit
)
order by rank
