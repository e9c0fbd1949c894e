-- Rejected rows of all imports, with why. Grain: one row per rejected row. (A replaced or
-- removed import's rejected rows went with its other rows.)
-- Params: $schools (list, empty = all): the rows of imports for these schools; an import for
-- no school (EC data, the charter list) counts for all schools only.
select
    rejected_rows.import_id,
    rejected_rows.file_name,
    rejected_rows.line_number,
    rejected_rows.reason,
    left(rejected_rows.raw_text, 300) as raw_text,
from rejected_rows
join imports using (import_id)
where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], imports.school_id))
order by rejected_rows.import_id desc, rejected_rows.line_number
