-- The overview's figures for every academic year of the range: the sparklines under its cards,
-- and the agreements ending soon that its summary sentence counts.
-- Grain: one row per academic_year of the range that the warehouse has mobilities in.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to,
-- $direction. count_ending: agreements active in the year whose last year is that year or the
-- next (to renew within a year).
with

years as (
    select distinct academic_year
    from marts.mobility_counts_by_region
    where academic_year between $year_from and $year_to
),

counted as (
    select
        academic_year,
        sum(count_mobilities) filter (where direction = 'outgoing') as count_outgoing,
        sum(count_mobilities) filter (where direction = 'incoming') as count_incoming,
        sum(count_mobilities) filter (where activity = 'double_degree') as count_double_degree,
        sum(sum_months) as sum_months,
    from filtered_region_mobility_counts(
        $schools::varchar[], $year_from, $year_to, $direction,
        $activities::varchar[], $regions::varchar[]
    )
    group by all
),

active as (
    select
        years.academic_year,
        count(agreements.agreement_id) as count_active_agreements,
        count(distinct agreements.partner_id) as count_partners,
        count(distinct agreements.country_iso2) as count_countries,
        count(agreements.agreement_id) filter (
            where agreements.last_academic_year in (
                years.academic_year,
                (academic_year_start(years.academic_year) + 1)::varchar || '-'
                || (academic_year_start(years.academic_year) + 2)::varchar
            )
        ) as count_ending,
    from years
    join filtered_agreements($schools::varchar[], $regions::varchar[]) as agreements
        on is_active_in(
            agreements.first_academic_year, agreements.last_academic_year,
            agreements.listed_academic_year, years.academic_year
        )
    group by all
)

select
    years.academic_year,
    coalesce(active.count_active_agreements, 0)::bigint as count_active_agreements,
    coalesce(active.count_partners, 0)::bigint as count_partners,
    coalesce(active.count_countries, 0)::bigint as count_countries,
    coalesce(active.count_ending, 0)::bigint as count_ending,
    coalesce(counted.count_outgoing, 0)::bigint as count_outgoing,
    coalesce(counted.count_incoming, 0)::bigint as count_incoming,
    (coalesce(counted.count_incoming, 0) - coalesce(counted.count_outgoing, 0))::bigint as balance,
    coalesce(counted.count_double_degree, 0)::bigint as count_double_degree,
    round(coalesce(counted.sum_months, 0), 1) as sum_months,
from years
left join counted using (academic_year)
left join active using (academic_year)
order by academic_year
