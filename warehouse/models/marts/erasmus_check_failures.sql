-- The Erasmus+ rule checks each mobility fails, one row per reason, stored: at a national
-- agency's scale a call year has a million of them, too many to unnest on every page view.
-- In the order of marts.erasmus_mobilities (call year, school, start date), and each mobility's
-- reasons in the order of its list: one call year and school are read together. The rows are
-- sorted into that order (by the mobility's rowid and the reason's place in its list) rather
-- than left in the order of the scan: unnesting in scan order wrote two full row groups and a
-- part-filled one per 122,880 mobilities, which the commit's checkpoint merged and wrote again.
-- At a million mobilities the sort costs 0.1-0.5 s and saves the checkpoint about a second. The
-- page's query sorts the rows it shows.
-- Grain: one row per (mobility, failed check).
with

failures as (
    select
        mobilities.*,
        mobilities.rowid as mobility_number,
        unnest(mobilities.failed_checks) as reason,
        generate_subscripts(mobilities.failed_checks, 1) as reason_number,
    from marts.erasmus_mobilities as mobilities
)

select
    failures.mobility_id,
    failures.school,
    failures.school_id,
    failures.call_year,
    failures.direction,
    failures.is_reported,
    failures.participant_id,
    failures.partner_id,
    case when failures.direction = 'outgoing' then failures.receiving_organisation
        else failures.sending_organisation end as partner_name,
    failures.action,
    failures.activity_type,
    failures.start_date,
    failures.end_date,
    split_part(failures.reason, ':', 1) as check_code,
    failures.reason,
from failures
order by failures.mobility_number, failures.reason_number
