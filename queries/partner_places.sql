-- The places a year a partner's agreements offer in all, per direction and mobility type: the
-- cooperation conditions of partner_quotas that count places added up (a staff place and a
-- student place do not add up), in the order partner_quotas first lists them.
-- Grain: one row per (direction, mobility_type) with a number of places.
-- Params: $partner_id, $schools (list, empty = all).
with

listed as (
    select
        direction,
        mobility_type,
        mobilities_per_year,
        row_number() over (
            order by
                school, direction desc, mobility_type, programme nulls first,
                first_academic_year, agreement_id, source_file
        ) as position,
    from agreement_quotas
    where partner_id = $partner_id
      and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
)

select
    direction,
    mobility_type,
    sum(mobilities_per_year) as mobilities_per_year,
from listed
where mobilities_per_year is not null
group by direction, mobility_type
order by min(position)
