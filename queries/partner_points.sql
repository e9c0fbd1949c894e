-- Partners on the world map: coordinates (when the registry gave a city) and flows.
-- Grain: one row per partner with an agreement active in $year or a mobility in the range,
-- located or not (is_located says whether it can be drawn).
-- Params: $schools, $activities, $regions (lists, empty = all), $year (agreements active in
-- this academic year), $year_from, $year_to, $direction (mobilities).
with

agreement_counts as (
    select
        partner_id,
        count(*) as count_agreements,
    from active_agreement_partners($schools::varchar[], $regions::varchar[], $year)
    group by all
),

mobility_counts as (
    select partner_id, count_outgoing, count_incoming,
    from partner_flow_totals(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[], []::varchar[]
    )
),

final as (
    select
        partners.partner_id,
        partners.name as partner_name,
        partners.city,
        partners.country_iso2,
        partners.country_iso3,
        partners.country_name,
        partners.country_name_fr,
        partners.latitude,
        partners.longitude,
        partners.latitude is not null and partners.longitude is not null as is_located,
        coalesce(agreement_counts.count_agreements, 0) as count_agreements,
        coalesce(mobility_counts.count_outgoing, 0) as count_outgoing,
        coalesce(mobility_counts.count_incoming, 0) as count_incoming,
        coalesce(mobility_counts.count_outgoing, 0)
            + coalesce(mobility_counts.count_incoming, 0) as count_flows,
    from agreement_counts
    full join mobility_counts using (partner_id)
    join partners using (partner_id)
)

select * from final
order by count_flows desc, partner_name
