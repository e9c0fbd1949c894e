-- The partners exchanging the most double-degree students over the year range, both ways: the
-- rows of double_degree_pipeline added up per partner.
-- Grain: one row per partner_id, the $limit partners with the most students (ties broken by
-- name, then id).
-- Params: $schools, $regions (lists, empty = all), $year_from, $year_to, $direction, $limit.
-- The activity filter does not apply: the pipeline is double degrees only.
with

counted as (
    select
        partner_id,
        coalesce(sum(count_mobilities) filter (where direction = 'outgoing'), 0)::bigint
            as count_leaving,
        coalesce(sum(count_mobilities) filter (where direction = 'incoming'), 0)::bigint
            as count_arriving,
        sum(count_mobilities)::bigint as count_students,
    from filtered_partner_mobility_counts(
        $schools::varchar[], $year_from, $year_to, $direction, ['double_degree'],
        $regions::varchar[]
    )
    group by partner_id
)

select
    counted.partner_id,
    partners.name as partner_name,
    partners.country_iso2,
    partners.country_name,
    partners.country_name_fr,
    counted.count_leaving,
    counted.count_arriving,
    counted.count_students,
from counted
join partners using (partner_id)
order by counted.count_students desc, partner_name, counted.partner_id
limit $limit
