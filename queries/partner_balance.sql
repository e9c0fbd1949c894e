-- Incoming minus outgoing mobilities per partner under the global filters, the partners most
-- out of balance first (ties broken by name, then id).
-- Grain: one row per partner_id, the $limit partners with the largest absolute balance (null:
-- every partner).
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
    count_incoming - count_outgoing as balance,
    round(count_incoming / nullif(count_outgoing, 0), 2) as ratio_in_out,
from partner_flow_totals_named(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[]
)
order by abs(count_incoming - count_outgoing) desc, partner_name, partner_id
limit $limit
