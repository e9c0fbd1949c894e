-- PUBLIC VIEW. The Erasmus+ rule checks mobilities fail, one row per reason, for lists of what to
-- fix before a Beneficiary Module import. check_code is the stable code before the reason's colon.
-- Grain: one row per (mobility, failed check).
-- Columns:
--   mobility_id: the mobility (see `mobilities`)
--   school, school_id: home school
--   call_year: the call
--   direction: `outgoing` or `incoming`
--   is_reported: the school reports it (outgoing, or KA171)
--   check_code: stable code of the check (`duration`, `window`…)
--   reason: `code: readable reason`
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    failures.mobility_id,
    failures.school,
    failures.school_id,
    failures.call_year,
    mobilities.direction,
    failures.is_reported,
    split_part(failures.failed_check, '.', 1) as check_code,
    erasmus_check_reason(
        failures.failed_check, mobilities.activity, mobilities.activity_type,
        mobilities.physical_days, mobilities.physical_months, mobilities.start_date,
        mobilities.end_date, mobilities.call_year, mobilities.project_start_date,
        mobilities.project_end_date, mobilities.direction, mobilities.sending_organisation,
        mobilities.sending_country_iso2, mobilities.receiving_organisation,
        mobilities.receiving_country_iso2, mobilities.failed_duration_limit,
        mobilities.overlapping_mobilities
    ) as reason,
from marts.erasmus_check_failures as failures
join marts.erasmus_mobilities as mobilities using (mobility_number)
