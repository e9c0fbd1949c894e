-- Double-degree students leaving for and arriving from each partner, per academic year.
-- Grain: one row per (partner_id, academic_year) with double-degree mobilities.
-- Params: $schools, $regions (lists, empty = all), $year_from, $year_to, $direction. The
-- activity filter does not apply: the pipeline is double degrees only.
select
    counts.partner_id,
    partners.name as partner_name,
    partners.country_iso2,
    partners.country_name,
    partners.country_name_fr,
    counts.academic_year,
    counts.count_leaving,
    counts.count_arriving,
    counts.count_students,
    counts.count_synthetic,
from double_degree_counts(
    $schools::varchar[], $year_from, $year_to, $direction, $regions::varchar[]
) as counts
join partners using (partner_id)
order by academic_year, count_students desc, partner_name, partner_id
