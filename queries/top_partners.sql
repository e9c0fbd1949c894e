-- The partners sending or receiving the most mobilities, each way, under the global filters.
-- Grain: one row per (direction, partner_id), the $limit first partners of each direction.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction,
-- $limit.
with

counted as (
    select
        direction,
        partner_id,
        partner_name,
        country_iso2,
        country_name,
        country_name_fr,
        count(*) as count_mobilities,
    from filtered_mobilities(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[]
    )
    group by all
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
