-- Every import with its counts, newest first. Grain: one row per import.
-- Params: $schools (list, empty = all): the imports for these schools and those for no school
-- (EC data, the charter list, shared by every school).
select
    imports.import_id,
    imports.kind,
    imports.file_name,
    imports.file_format,
    coalesce(schools.name, '') as school,
    strftime(imports.imported_at, '%Y-%m-%d %H:%M') as imported_at,
    imports.rows_read,
    imports.rows_accepted,
    imports.rows_rejected,
    imports.superseded_by,
    strftime(imports.removed_at, '%Y-%m-%d %H:%M') as removed_at,
    -- what the user said besides the file (--map, --hei-id…), as JSON
    imports.options,
    left(imports.file_sha256, 16) as file_sha256,
from imports
left join schools using (school_id)
where imports.school_id is null or (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], imports.school_id))
order by imports.import_id desc
