-- The heaviest flows between a home school and a partner, both located: the arcs of the world
-- map. Bounded to $limit pairs, so that the figure stays light whatever the warehouse size.
-- Grain: one row per (school_id, partner_id) with mobilities under the filters, the $limit
-- with most mobilities (ties broken by partner name, then ids, so that every load draws the same).
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to,
-- $direction, $limit.
with

pairs as (
    select
        school_id,
        partner_id,
        sum(count_outgoing)::bigint as count_outgoing,
        sum(count_incoming)::bigint as count_incoming,
    from filtered_partner_flow_counts(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[]
    )
    group by all
),

final as (
    select
        pairs.school_id,
        schools.name as school,
        schools.latitude as school_latitude,
        schools.longitude as school_longitude,
        pairs.partner_id,
        partners.name as partner_name,
        partners.city,
        partners.country_name,
        partners.country_name_fr,
        partners.latitude as partner_latitude,
        partners.longitude as partner_longitude,
        pairs.count_outgoing,
        pairs.count_incoming,
        pairs.count_outgoing + pairs.count_incoming as count_flows,
    from pairs
    join schools using (school_id)
    join partners using (partner_id)
    where schools.latitude is not null and schools.longitude is not null
        and partners.latitude is not null and partners.longitude is not null
        and pairs.count_outgoing + pairs.count_incoming > 0
)

select * from final
order by count_flows desc, partner_name, partner_id, school_id
limit $limit
