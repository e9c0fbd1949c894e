-- One mobility under the Erasmus+ rules: its classification, distance, grant breakdown and the
-- checks it fails, with its partner's name (any mobility, reported by the school or not).
-- Grain: one row per mobility_id (zero or one row).
-- Params: $mobility_id, $call_year and $school_id (where it lies: the query mobility_location,
-- so that only that call year and school are read), $schools (list, empty = all): a mobility of
-- another school is not found.
select
    erasmus_mobilities.*,
    partners.name as partner_name,
    partners.country_iso2 as partner_country_iso2,
    erasmus_mobilities.rules_call_year = erasmus_mobilities.call_year as has_rules,
from erasmus_mobilities
left join partners using (partner_id)
where erasmus_mobilities.mobility_id = $mobility_id
  and erasmus_mobilities.call_year = $call_year
  and erasmus_mobilities.school_id = $school_id
  and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], erasmus_mobilities.school_id))
