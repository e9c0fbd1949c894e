-- Partners, agreements and mobilities per partner country: the world map's choropleth.
-- Grain: one row per country with an agreement active in $year or a mobility in the range.
-- Params: $schools, $activities, $regions (lists, empty = all), $year (agreements active in
-- this academic year), $year_from, $year_to, $direction (mobilities).
with

agreement_counts as (
    select
        country_iso2,
        count(distinct partner_id) as count_partners,
        count(*) as count_agreements,
    from active_agreement_partners($schools::varchar[], $regions::varchar[], $year)
    group by all
),

mobility_counts as (
    select
        country_iso2,
        coalesce(sum(count_mobilities) filter (where direction = 'outgoing'), 0)::bigint
            as count_outgoing,
        coalesce(sum(count_mobilities) filter (where direction = 'incoming'), 0)::bigint
            as count_incoming,
    from filtered_mobility_counts(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[]
    )
    group by all
),

final as (
    select
        countries.country_iso2,
        countries.country_iso3,
        countries.country_name,
        countries.country_name_fr,
        coalesce(agreement_counts.count_partners, 0) as count_partners,
        coalesce(agreement_counts.count_agreements, 0) as count_agreements,
        coalesce(mobility_counts.count_outgoing, 0) as count_outgoing,
        coalesce(mobility_counts.count_incoming, 0) as count_incoming,
        coalesce(mobility_counts.count_incoming, 0)
            - coalesce(mobility_counts.count_outgoing, 0) as balance,
    from agreement_counts
    full join mobility_counts using (country_iso2)
    join countries using (country_iso2)
)

select * from final
order by country_name
