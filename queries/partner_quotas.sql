-- What a partner's agreements allow each year: places, months or days, per direction and type.
-- Grain: one row per cooperation condition (agreement, direction, mobility type).
-- Params: $partner_id, $schools (list, empty = all).
select
    agreement_id,
    school,
    direction,
    mobility_type,
    programme,
    mobilities_per_year,
    months_per_year,
    days_per_year,
    subject_areas,
    eqf_levels,
    language_requirements,
    first_academic_year,
    last_academic_year,
    source_file,
from agreement_quotas
where partner_id = $partner_id
  and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
-- ties broken by agreement, so that the same warehouse always lists them in the same order
order by
    school, direction desc, mobility_type, programme nulls first, first_academic_year,
    agreement_id, source_file
