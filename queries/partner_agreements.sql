-- A partner's agreements with the home schools (school filter applied).
-- Grain: one row per agreement_id.
-- Params: $partner_id, $schools (list, empty = all).
select
    agreement_id,
    school,
    agreement_type,
    signatory_level,
    status,
    first_academic_year,
    last_academic_year,
    source_file,
    is_synthetic,
from agreements
where partner_id = $partner_id
  and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
order by school, agreement_type, first_academic_year
