-- The partners sending or receiving the most mobilities, each way, under the global filters.
-- Grain: one row per (direction, partner_id), the $limit first partners of each direction.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction,
-- $limit.
with

summed as (
    select partner_id, count_outgoing, count_incoming,
    from partner_flow_totals(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[], []::varchar[]
    )
),

-- a row per partner and direction; a direction without mobilities is dropped below
by_direction as (
    select
        partner_id,
        unnest(['outgoing', 'incoming']) as direction,
        unnest([count_outgoing, count_incoming]) as count_mobilities,
    from summed
),

counted as (
    select
        by_direction.direction,
        by_direction.partner_id,
        partners.name as partner_name,
        partners.country_iso2,
        partners.country_name,
        partners.country_name_fr,
        by_direction.count_mobilities,
    from by_direction
    join partners using (partner_id)
    where by_direction.count_mobilities > 0
),

ranked as (
    select
        *,
        -- ties broken by name so that the list is the same on every load
        row_number() over (
            partition by direction order by count_mobilities desc, partner_name, partner_id
        ) as rank,
    from counted
),

final as (
    select
        direction,
        rank,
        partner_id,
        partner_name,
        country_iso2,
        country_name,
        country_name_fr,
        count_mobilities,
    from ranked
    where rank <= $limit
)

select * from final
order by direction desc, rank
