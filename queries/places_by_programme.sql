-- Places the agreements offer in $year, per school and programme: the places columns of partner
-- lists (one per programme, degree or level: 'Grado', 'Máster'…; programme '' for a lone
-- places column or an EWP cooperation condition), then the school's total of each kind of place
-- (outgoing student places, incoming, staff…: places of different kinds never add up).
-- Grain: one row per (school_id, programme, direction, mobility_type), and one total row per
-- (school_id, direction, mobility_type) (is_total, programme null).
-- Params: $schools, $regions (lists, empty = all), $year ('2024-2025': quotas valid that year).
with

quotas as (
    select
        quotas.school_id,
        quotas.school,
        coalesce(quotas.programme, '') as programme,
        quotas.direction,
        quotas.mobility_type,
        quotas.mobilities_per_year,
        quotas.agreement_id,
        quotas.partner_id,
    from agreement_quotas as quotas
    join partners using (partner_id)
    left join countries using (country_iso2)
    where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], quotas.school_id))
      and (len($regions::varchar[]) = 0 or list_contains($regions::varchar[], countries.region_code))
      and is_active_in(
          quotas.first_academic_year, quotas.last_academic_year, quotas.listed_academic_year,
          $year
      )
      and quotas.mobilities_per_year is not null
),

summed as (
    select
        school_id,
        any_value(school) as school,
        programme,
        direction,
        mobility_type,
        grouping(programme) = 1 as is_total,
        sum(mobilities_per_year) as places_per_year,
        count(distinct partner_id) as count_partners,
    from quotas
    group by grouping sets (
        (school_id, programme, direction, mobility_type),
        (school_id, direction, mobility_type)
    )
)

select * from summed
order by school, direction desc, mobility_type, is_total, programme
