-- The partners of one country, with their agreements and flows: the world map's click list.
-- Grain: one row per partner of $country_iso2 with an agreement active in $year or a mobility
-- in the range.
-- Params: $country_iso2 ('DE'; '' for the partners of unknown country), $schools, $activities, $regions (lists, empty = all), $year
-- (agreements active in this academic year), $year_from, $year_to, $direction (mobilities).
with

agreement_counts as (
    select
        partner_id,
        count(*) as count_agreements,
    from active_agreement_partners($schools::varchar[], $regions::varchar[], $year)
    where coalesce(country_iso2, '') = $country_iso2
    group by all
),

mobility_counts as (
    select partner_id, count_outgoing, count_incoming,
    from partner_flow_totals(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[], [$country_iso2::varchar]
    )
),

final as (
    select
        partners.partner_id,
        partners.name as partner_name,
        partners.city,
        partners.country_iso2,
        partners.country_name,
        partners.country_name_fr,
        coalesce(agreement_counts.count_agreements, 0) as count_agreements,
        coalesce(mobility_counts.count_outgoing, 0) as count_outgoing,
        coalesce(mobility_counts.count_incoming, 0) as count_incoming,
    from agreement_counts
    full join mobility_counts using (partner_id)
    join partners using (partner_id)
)

select * from final
order by count_outgoing + count_incoming desc, partner_name
