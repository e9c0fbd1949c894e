-- Where one mobility lies: its call year and school, read from the lookup table stored in
-- mobility_id order (a row group or two, not every mobility), so that the query of its details
-- reads only that call year and school of the Erasmus+ mart.
-- Grain: zero or one row.
-- Params: $mobility_id, $schools (list, empty = all): a mobility of another school is not
-- found.
select call_year, school_id
from marts.mobility_locator
where mobility_id = $mobility_id
  and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
