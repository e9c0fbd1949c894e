-- Imports whose rows are live (not replaced by a later import of the same file).
-- Grain: one row per import.
select
    import_id,
    kind,
    file_format,
    school_id,
    file_name,
    file_sha256,
    imported_at,
from main.imports
where superseded_by is null
