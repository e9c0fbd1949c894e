-- The partners exchanging the most double-degree students over the year range, both ways: the
-- rows of double_degree_pipeline added up per partner.
-- Grain: one row per partner_id, the $limit partners with the most students (ties broken by
-- name, then id).
-- Params: $schools, $regions (lists, empty = all), $year_from, $year_to, $direction, $limit.
-- The activity filter does not apply: the pipeline is double degrees only.
with

per_partner as (
    select
        partner_id,
        sum(count_leaving)::bigint as count_leaving,
        sum(count_arriving)::bigint as count_arriving,
        sum(count_students)::bigint as count_students,
    from double_degree_counts(
        $schools::varchar[], $year_from, $year_to, $direction, $regions::varchar[]
    )
    group by partner_id
)

select
    per_partner.partner_id,
    partners.name as partner_name,
    partners.country_iso2,
    partners.country_name,
    partners.country_name_fr,
    per_partner.count_leaving,
    per_partner.count_arriving,
    per_partner.count_students,
from per_partner
join partners using (partner_id)
order by per_partner.count_students desc, partner_name, per_partner.partner_id
limit $limit
