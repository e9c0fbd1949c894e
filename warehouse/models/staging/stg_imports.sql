-- Imports whose rows are live (not replaced by a later import, not removed).
-- Grain: one row per import.
select
    import_id,
    kind,
    file_format,
    school_id,
    file_name,
    file_sha256,
    imported_at,
    -- the year the file says its list describes, else the import's: agreements listed without
    -- years run from it on (is_active_in)
    coalesce(listed_academic_year, academic_year_of(imported_at::date)) as listed_academic_year,
from main.imports
where superseded_by is null and removed_at is null
