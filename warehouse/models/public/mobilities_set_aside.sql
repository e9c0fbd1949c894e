-- PUBLIC VIEW. Mobilities of the EC's open data that are not counted because the school's own
-- files give the same academic year and direction (one mobility, one count); they stay in
-- institution_flows.
-- Grain: one row per (school, academic year, direction, source file).
-- Columns:
--   school, school_id: home school
--   academic_year, direction: what the school's own files cover
--   source_file, source: the EC file set aside and its source (`ec_statistics`, `ec_ka1`)
--   count_mobilities: mobilities of that file not counted
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    schools.school,
    set_aside.academic_year,
    set_aside.direction,
    imports.file_name as source_file,
    set_aside.source,
    sum(set_aside.count_mobilities)::bigint as count_mobilities,
    set_aside.school_id,
from staging.int_ec_set_aside as set_aside
join staging.stg_schools as schools using (school_id)
join staging.stg_imports as imports using (import_id)
group by all
order by schools.school, set_aside.academic_year, set_aside.direction, source_file
