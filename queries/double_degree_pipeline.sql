-- Double-degree students leaving for and arriving from each partner, per academic year.
-- Grain: one row per (partner_id, academic_year) with double-degree mobilities.
-- Params: $schools, $regions (lists, empty = all), $year_from, $year_to, $direction. The
-- activity filter does not apply: the pipeline is double degrees only.
with

counted as (
    select
        partner_id,
        academic_year,
        sum(count_mobilities) filter (where direction = 'outgoing') as count_leaving,
        sum(count_mobilities) filter (where direction = 'incoming') as count_arriving,
        sum(count_mobilities) as count_students,
        sum(count_mobilities) filter (where is_synthetic) as count_synthetic,
    from filtered_partner_mobility_counts(
        $schools::varchar[], $year_from, $year_to, $direction, ['double_degree'],
        $regions::varchar[]
    )
    group by all
)

select
    counted.partner_id,
    partners.name as partner_name,
    partners.country_iso2,
    partners.country_name,
    partners.country_name_fr,
    counted.academic_year,
    coalesce(counted.count_leaving, 0)::bigint as count_leaving,
    coalesce(counted.count_arriving, 0)::bigint as count_arriving,
    counted.count_students::bigint as count_students,
    coalesce(counted.count_synthetic, 0)::bigint as count_synthetic,
from counted
join partners using (partner_id)
order by academic_year, count_students desc, partner_name, partner_id
