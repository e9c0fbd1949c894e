-- The flows page's partner lists in one query: the $top_limit partners with the most
-- mobilities each way and the $balance_limit partners most out of balance, under the global
-- filters. The rows of top_partners and partner_balance, one query instead of two (each
-- costs 5-10 ms at 10 million mobilities, most of it adding up the same per-partner totals).
-- Grain: one row per (ranking, partner_id); ranking is 'outgoing', 'incoming' or 'balance';
-- count_mobilities is set for the first two, balance and ratio_in_out for the third.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction,
-- $top_limit, $balance_limit.
select *
from partner_rankings(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[], $top_limit, $balance_limit
)
order by ranking desc, rank
