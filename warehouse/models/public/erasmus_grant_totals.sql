-- PUBLIC VIEW. Erasmus+ grant estimate per home school and call year (the mobilities the school
-- reports), with the share of the KA131 estimate going to third countries not associated to the
-- Programme and whether it exceeds the call's cap. Grain: one row per (school, call_year).
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    schools.school,
    totals.*,
from marts.erasmus_grant_totals as totals
join staging.stg_schools as schools using (school_id)
