-- Flows with no agreement: school and partner pairs with mobilities under the global filters
-- but no agreement at all between them (of any type, level or years): at most $limit pairs,
-- the most mobilities first (the page shows a few hundred of tens of thousands at a national
-- scale); total_rows counts them all.
-- Grain: one row per (school_id, partner_id).
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to,
-- $direction, $limit (null = all pairs).
with

counted as (
    select
        counts.school_id,
        counts.partner_id,
        sum(counts.count_mobilities) filter (where counts.direction = 'outgoing') as count_outgoing,
        sum(counts.count_mobilities) filter (where counts.direction = 'incoming') as count_incoming,
        sum(counts.count_mobilities) as count_mobilities,
        min(counts.academic_year) as first_academic_year,
        max(counts.academic_year) as last_academic_year,
        sum(counts.count_mobilities) filter (where counts.is_synthetic) as count_synthetic,
    from filtered_partner_mobility_counts(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[]
    ) as counts
    group by all
),

without_agreement as (
    -- pairs first, then the agreements: far fewer rows to compare than pre-counted rows
    select counted.*
    from counted
    anti join agreements using (school_id, partner_id)
)

select
    counted.school_id,
    schools.name as school,
    counted.partner_id,
    partners.name as partner_name,
    partners.country_iso2,
    partners.country_name,
    partners.country_name_fr,
    coalesce(counted.count_outgoing, 0)::bigint as count_outgoing,
    coalesce(counted.count_incoming, 0)::bigint as count_incoming,
    counted.count_mobilities::bigint as count_mobilities,
    counted.first_academic_year,
    counted.last_academic_year,
    coalesce(counted.count_synthetic, 0)::bigint as count_synthetic,
    count(*) over () as total_rows,
from without_agreement as counted
join schools using (school_id)
join partners using (partner_id)
order by count_mobilities desc, partner_name, school
limit $limit
