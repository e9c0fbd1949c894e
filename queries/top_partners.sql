-- The partners sending or receiving the most mobilities, each way, under the global filters.
-- Grain: one row per (direction, partner_id), the $limit first partners of each direction.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction,
-- $limit.
with

summed as (
    select
        direction,
        partner_id,
        sum(count_mobilities)::bigint as count_mobilities,
    from filtered_partner_mobility_counts(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[]
    )
    group by all
),

counted as (
    select
        summed.direction,
        summed.partner_id,
        partners.name as partner_name,
        partners.country_iso2,
        partners.country_name,
        partners.country_name_fr,
        summed.count_mobilities,
    from summed
    join partners using (partner_id)
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
