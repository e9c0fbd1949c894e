-- The partners sending or receiving the most mobilities, each way, under the global filters.
-- Ties are broken by name, then id, so that the list is the same on every load; a direction
-- without mobilities lists no partner.
-- Grain: one row per (direction, partner_id), the $limit first partners of each direction
-- (null: every partner).
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction,
-- $limit.
with

totals as (
    select *
    from partner_flow_totals_named(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[]
    )
),

first_outgoing as (
    select * from totals
    where count_outgoing > 0
    order by count_outgoing desc, partner_name, partner_id
    limit $limit
),

first_incoming as (
    select * from totals
    where count_incoming > 0
    order by count_incoming desc, partner_name, partner_id
    limit $limit
),

ranked as (
    select
        'outgoing' as direction,
        row_number() over (order by count_outgoing desc, partner_name, partner_id) as rank,
        partner_id, partner_name, country_iso2, country_name, country_name_fr,
        count_outgoing as count_mobilities,
    from first_outgoing
    union all
    select
        'incoming' as direction,
        row_number() over (order by count_incoming desc, partner_name, partner_id) as rank,
        partner_id, partner_name, country_iso2, country_name, country_name_fr,
        count_incoming as count_mobilities,
    from first_incoming
)

select * from ranked
order by direction desc, rank
