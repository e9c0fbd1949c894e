-- Partners, agreements and mobilities per partner country: the world map's choropleth.
-- Grain: one row per country with an agreement active in $year or a mobility in the range;
-- partners of unknown country make one row of their own (country_iso2 null, named "Unknown
-- country"), so that the rows add up to every mobility under the filters.
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
    from filtered_country_mobility_counts(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[]
    )
    group by all
),

final as (
    select
        counted.country_iso2,
        countries.country_iso3,
        coalesce(countries.country_name, 'Unknown country') as country_name,
        coalesce(countries.country_name_fr, 'Pays inconnu') as country_name_fr,
        counted.count_partners,
        counted.count_agreements,
        counted.count_outgoing,
        counted.count_incoming,
        counted.count_incoming - counted.count_outgoing as balance,
    from (
        select
            coalesce(agreement_counts.country_iso2, mobility_counts.country_iso2) as country_iso2,
            coalesce(agreement_counts.count_partners, 0) as count_partners,
            coalesce(agreement_counts.count_agreements, 0) as count_agreements,
            coalesce(mobility_counts.count_outgoing, 0) as count_outgoing,
            coalesce(mobility_counts.count_incoming, 0) as count_incoming,
        -- the unknown country's null must meet its own null: full join on "is not distinct"
        from agreement_counts
        full join mobility_counts
            on agreement_counts.country_iso2 is not distinct from mobility_counts.country_iso2
    ) as counted
    left join countries using (country_iso2)
)

select * from final
order by country_iso2 is null, country_name
