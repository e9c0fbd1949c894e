-- PUBLIC VIEW. The Erasmus+ rule checks mobilities fail, one row per reason, for lists of what to
-- fix before a Beneficiary Module import. check_code is the stable code before the reason's colon.
-- Grain: one row per (mobility, failed check).
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    mobility_id,
    school,
    school_id,
    call_year,
    direction,
    is_reported,
    check_code,
    reason,
from marts.erasmus_check_failures
