-- Double-degree students leaving for and arriving from each partner, per academic year.
-- Grain: one row per (partner_id, academic_year) with double-degree mobilities.
-- Params: $schools, $regions (lists, empty = all), $year_from, $year_to, $direction. The
-- activity filter does not apply: the pipeline is double degrees only.
select
    partner_id,
    partner_name,
    country_iso2,
    country_name,
    country_name_fr,
    academic_year,
    count(*) filter (where direction = 'outgoing') as count_leaving,
    count(*) filter (where direction = 'incoming') as count_arriving,
    count(*) as count_students,
    count(*) filter (where is_synthetic) as count_synthetic,
from filtered_mobilities(
    $schools::varchar[], $year_from, $year_to, $direction, ['double_degree'],
    $regions::varchar[]
)
group by all
order by academic_year, count_students desc, partner_name, partner_id
