-- Flows with no agreement: school and partner pairs with mobilities under the global filters
-- but no agreement at all between them (of any type, level or years).
-- Grain: one row per (school_id, partner_id).
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to,
-- $direction.
select
    mobilities.school_id,
    mobilities.school,
    mobilities.partner_id,
    mobilities.partner_name,
    mobilities.country_iso2,
    mobilities.country_name,
    mobilities.country_name_fr,
    count(*) filter (where mobilities.direction = 'outgoing') as count_outgoing,
    count(*) filter (where mobilities.direction = 'incoming') as count_incoming,
    count(*) as count_mobilities,
    min(mobilities.academic_year) as first_academic_year,
    max(mobilities.academic_year) as last_academic_year,
    count(*) filter (where mobilities.is_synthetic) as count_synthetic,
from filtered_mobilities(
    $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
    $regions::varchar[]
) as mobilities
where not exists (
    select 1
    from agreements
    where agreements.school_id = mobilities.school_id
      and agreements.partner_id = mobilities.partner_id
)
group by all
order by count_mobilities desc, mobilities.partner_name, mobilities.school
