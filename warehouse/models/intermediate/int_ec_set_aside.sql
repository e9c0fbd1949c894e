-- Mobilities of the EC's open data (2008-13 statistics, KA1 data from 2014) that a home
-- school's own files already give: the same school, academic year and direction. A school's
-- file lists every stay of that year and direction (the EC's data only the Erasmus ones), so
-- its rows count and the EC's are set aside, never added to them: one mobility, one count.
-- The EC rows stay in institution_flows.
-- Grain: one row per (EC row, home school involved) set aside, with the mobilities it counts.
with

-- (synthetic demo rows never set real ones aside)
covered as (
    select distinct school_id, academic_year, direction
    from staging.stg_mobilities
    where not is_synthetic
),

ec_rows as (
    select
        'ec_statistics' as source, import_id, line_number, school_id, academic_year,
        direction, 1 as count_mobilities,
    from staging.int_ec_home_mobilities
    union all
    select
        'ec_ka1', import_id, line_number, school_id, academic_year, direction,
        participants,
    from staging.int_ec_ka1_home_mobilities
)

select ec_rows.*
from ec_rows
semi join covered using (school_id, academic_year, direction)
